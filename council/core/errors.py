"""Error pages, in the reader's language, for every status a person may meet."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
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


# The database cannot be reached or used just now: the request is answered 503, not 500.
UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, sa_exc.DisconnectionError)
RETRY_AFTER_SECONDS = 30
# Posted fields never shown back on the outage page.
_SECRET_FIELDS = ("password", "csrf", "token", "key", "code", "secret", "next")


def typed_texts() -> list[tuple[str, str]]:
    """What a person typed into a posted form (nothing secret), to show back when it could not be
    saved, so that nothing is lost even if the browser forgets it."""
    if request.method != "POST" or request.content_length is None or request.content_length > 256 * 1024:
        return []
    try:
        items = request.form.items(multi=True)
        return [(name, value) for name, value in items
                if value.strip() and len(value) > 20 and not any(word in name.lower() for word in _SECRET_FIELDS)]
    except Exception:  # a malformed body is no reason to fail the outage page
        return []


def database_unavailable(error: Exception):
    """The outage page: it needs nothing of the database. The reader is taken as signed out for
    this page (their account cannot be loaded), so the language comes from the visit's choice or
    the browser; one line is logged, not a traceback."""
    from council.extensions import db, login_manager

    log.warning("Database unavailable for %s %s: %s", request.method, request.path,
                str(getattr(error, "orig", None) or error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__)
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool replaces it on the next request
        db.session.close()
    g._login_user = login_manager.anonymous_user()
    body = render_template("errors/unavailable.html", posted=request.method == "POST", typed=typed_texts(),
                           retry_url=request.full_path if request.method == "GET" else None)
    return body, 503, {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}


def register(app: Flask) -> None:
    for error_class in UNAVAILABLE:
        app.register_error_handler(error_class, database_unavailable)

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
