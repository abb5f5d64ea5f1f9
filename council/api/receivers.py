"""The API's links on pages of lower domains (the account page)."""

from __future__ import annotations

from flask import render_template

from council.core import hooks


@hooks.fill("account.links")
def token_link(**_context) -> str:
    return render_template("api/_account_link.html")
