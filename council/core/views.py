"""The home page, the dashboard after sign-in, and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from council.core import dashboard as dashboard_data
from council.councils import services as council_services
from council.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for(".dashboard"))
    return render_template("core/index.html", councils=council_services.directory_preview())


@bp.get("/dashboard")
@login_required
def dashboard():
    return render_template("core/dashboard.html", **dashboard_data.build(current_user))


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:  # the commit point rolls back: the status is 503
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
