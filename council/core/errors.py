"""Error pages, in the reader's language, for every status a person may meet."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("The request could not be understood"), _l("Something in the request was not as expected. Go back, check what you entered and try again.")),
    403: (_l("You do not have access to this page"), _l("Your account does not allow this. If you think it should, ask a facilitator of the council or an administrator.")),
    404: (_l("Page not found"), _l("There is no page at this address, or you cannot see it. Check the address, or start again from the home page.")),
    405: (_l("This action is not possible here"), _l("The page cannot be used this way. Go back and use the buttons on the page.")),
    413: (_l("What you sent is too large"), _l("Shorten the text and try again.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes before you try again. This protects your account.")),
    500: (_l("Something went wrong on our side"), _l("Nothing was changed. Please try again in a moment.")),
    503: (_l("The service is not available"), _l("Please try again in a moment.")),
}


def render_error(code: int, detail: str | None = None, incident: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return render_template("errors/error.html", code=code, title=title, text=detail or text, incident=incident), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            str(_l("The form had expired or did not come from this site. Nothing was changed. Please go back, reload the page and try again.")),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        if code in (301, 302, 303, 307, 308):
            return error
        return render_error(code)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        from council.extensions import db

        # The same reference on the page and in the log line with the traceback, so that what a
        # person reports can be found.
        incident = secrets.token_hex(6)
        log.exception("Unhandled error, incident %s", incident)
        db.session.rollback()
        return render_error(500, incident=incident)
