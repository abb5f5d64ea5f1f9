"""Request hooks shared by every page: language switching, security headers, template globals."""

from __future__ import annotations

import gzip
import hashlib
import io
import re

from flask import Flask, Response, g, request
from flask_babel import get_locale
from flask_login import current_user

from council import i18n, permissions
from council.core import hooks
from council.core.pages import SENT, page_body_digest, page_etag

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "manifest-src 'self'",
    ]
)


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    from flask import current_app

    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint == "static":
        return response  # the same file for everyone: no account is loaded for it (core/assets.py)
    if getattr(g, "no_store", False) or (current_user and current_user.is_authenticated and not response.get_etag()[0]):
        headers.setdefault("Cache-Control", "no-store")
    elif current_user and current_user.is_authenticated:
        # Kept by the browser for this person only, and asked for again each time (conditional_get).
        headers.setdefault("Cache-Control", "private, no-cache")
    headers.add("Vary", "Cookie")
    return response


_COMPRESSIBLE = ("text/html", "text/plain", "application/json", "text/csv", "application/xml")


def compress(response):
    """gzip pages for slow links when the browser accepts it (a proxy in front may do it too)."""
    if (
        response.status_code < 200
        or response.status_code >= 300
        or response.direct_passthrough
        or "Content-Encoding" in response.headers
        or response.mimetype not in _COMPRESSIBLE
        or "gzip" not in request.headers.get("Accept-Encoding", "")
    ):
        return response
    body = response.get_data()
    if len(body) < 1024:
        return response
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.add("Vary", "Accept-Encoding")
    return response


def count_sent_forms(response):
    """after_request: a form this session sent (any POST answered) is counted in its session."""
    if request.method == "POST" and response.status_code < 500 and request.endpoint != "static":
        from flask import session

        session[SENT] = (session.get(SENT, 0) + 1) % 1_000_000
    return response


def conditional_get(response):
    """A page the reader already has, unchanged, is answered 304 Not Modified.

    The ETag is a digest of the page as rendered for this reader (so of everything it depends on:
    the data, their marks and rights, language, time zone, messages) with the form token taken out,
    and of who is reading: the account and the session's form secret. Two people never share an
    ETag, and a page kept from an earlier session (another form secret) is sent again whole, so a
    form on a page the browser kept always carries a token that is still valid. Kept pages
    (core/pages.py) carry their ETag already."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.direct_passthrough
        or response.mimetype != "text/html"
        or getattr(g, "no_store", False)
        or "Content-Encoding" in response.headers
        or response.get_etag()[0]
    ):
        return response
    from flask import current_app

    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    response.set_etag(page_etag(page_body_digest(response.get_data(), token)), weak=True)
    return response.make_conditional(request)


def format_count(n: int) -> str:
    """A small count as the reader's locale writes it; below 1,000 that is the plain digits in every
    supported locale, so Babel is spared (it is called for every post on a thread page)."""
    if isinstance(n, int) and 0 <= n < 1000:
        return str(n)
    from flask_babel import format_number

    return format_number(n)


def template_globals() -> dict:
    locale = str(get_locale() or "en")
    return {
        "current_locale": locale,
        "text_direction": "rtl" if i18n.is_rtl(locale) else "ltr",
        "language_choices": i18n.language_choices(),
        "native_name": i18n.native_name,
    }


def url_with_lang(code: str) -> str:
    """This page's URL with ?lang=code, keeping the other query arguments."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    from urllib.parse import urlencode

    return request.path + "?" + urlencode(args, doseq=True)


def refuse_untrusted_host():
    """A request whose Host is not a trusted one (the public URL's) gets a bare 400: no page is
    rendered for it, since no link may be built on a host chosen by the sender."""
    from werkzeug.exceptions import SecurityError

    if isinstance(request.routing_exception, SecurityError):
        return Response("Bad request: unknown host.\n", status=400, mimetype="text/plain")
    return None


class BoundedBody:
    """WSGI middleware: a body sent without Content-Length (chunked) is read here, up to
    MAX_CONTENT_LENGTH. Werkzeug stops reading such a body at the limit without a word, so the form
    was parsed from its first megabyte (and failed its CSRF check); here the body is either handed
    on whole, with its length, or marked too large for `refuse_too_large_body`, which says 413."""

    def __init__(self, wsgi_app, flask_app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.flask_app = flask_app

    def __call__(self, environ, start_response):
        limit = self.flask_app.config.get("MAX_CONTENT_LENGTH")
        if limit is not None and not environ.get("CONTENT_LENGTH") and environ.get("wsgi.input_terminated"):
            body = _read_at_most(environ["wsgi.input"], limit + 1)
            environ["CONTENT_LENGTH"] = str(len(body))
            if len(body) > limit:
                environ["council.body_too_large"] = True
                body = b""
                environ["CONTENT_LENGTH"] = "0"
            environ["wsgi.input"] = io.BytesIO(body)
        return self.wsgi_app(environ, start_response)


def _read_at_most(stream, size: int) -> bytes:
    chunks, got = [], 0
    while got < size:
        chunk = stream.read(min(64 * 1024, size - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def refuse_too_large_body():
    """before_request, ahead of the CSRF check: a body over the limit is a 413, not an expired form."""
    if request.environ.get("council.body_too_large"):
        from werkzeug.exceptions import RequestEntityTooLarge

        raise RequestEntityTooLarge()


def register(app: Flask) -> None:
    app.wsgi_app = BoundedBody(app.wsgi_app, app)  # type: ignore[method-assign]
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_too_large_body)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_untrusted_host)
    app.before_request(i18n.remember_requested_language)
    app.after_request(security_headers)
    app.after_request(compress)
    app.after_request(count_sent_forms)
    app.after_request(conditional_get)  # after_request runs last-registered first: before compress
    app.jinja_env.lstrip_blocks = True
    app.context_processor(template_globals)
    app.jinja_env.globals["url_with_lang"] = url_with_lang
    from council.core import pictures

    pictures.register(app)
    app.jinja_env.filters["count"] = format_count
    # Dates in the locale's medium format, times without seconds, deadlines the same day everywhere.
    app.jinja_env.filters.update(datetimeformat=i18n.format_datetime, dateformat=i18n.format_date,
                                 dayformat=i18n.format_day)
    app.jinja_env.globals["day_iso"] = i18n.day_iso
    for name in ("gettext", "_", "ngettext", "pgettext", "npgettext"):
        if name in app.jinja_env.globals:
            app.jinja_env.globals[name] = i18n.keeping_one_stop(app.jinja_env.globals[name])
    # Globals (not context) so that imported macros can decide what to show through the same gate.
    app.jinja_env.globals.update(
        can=permissions.can, Permission=permissions.Permission, is_privileged=permissions.is_privileged,
        current_user=current_user, hook=hooks.render_hook,
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True


def safe_next_url(target: str | None) -> str | None:
    """`target` if it is a relative path on this site, else None (no open redirects)."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return None
    from urllib.parse import urlsplit

    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return None
    return target
