"""The home page, the dashboard after sign-in, and the health check."""

from __future__ import annotations

import os

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import literal, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

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
    if current_user.is_office:  # an office reader's home is their digest
        return redirect(url_for("digests.home"))
    return render_template("core/dashboard.html", **dashboard_data.build(current_user))


@bp.get("/healthz")
def healthz():
    try:
        problem = _database_problem()
    except SQLAlchemyError:  # the commit point rolls back: the status is 503
        problem = "unreachable"
    if problem:
        return jsonify(status="unavailable", database=problem), 503
    return jsonify(status="ok", database="ok")


def _database_problem() -> str | None:
    """What keeps a request from working with the database, or None: on SQLite the file must be
    there (a connection may still hold a removed one) and writable (a write that is rolled back);
    on PostgreSQL a real table must answer and the server must accept writes."""
    if db.engine.dialect.name == "sqlite":
        path = db.session.execute(text("PRAGMA database_list")).first()[2]
        if path and not os.path.exists(path):
            return "missing"
        version = int(db.session.execute(text("PRAGMA user_version")).scalar_one())
        attempt = db.session.begin_nested()
        try:
            db.session.execute(text(f"PRAGMA user_version = {version}"))  # writes the file's header page
        except OperationalError as error:  # read-only, or locked by a writer for longer than the timeout
            return "read-only" if "readonly" in str(error.orig).lower() else "unwritable"
        finally:
            attempt.rollback()  # the check's write is never kept
        return None
    table = db.metadata.sorted_tables[0]
    db.session.execute(select(literal(1)).select_from(table).limit(1))
    if db.session.execute(text("SHOW transaction_read_only")).scalar_one() != "off":
        return "read-only"
    return None
