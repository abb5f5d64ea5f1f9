"""The read-only API, /api/v1/...: JSON only, GET only, no cookies.

Who asks is the owner of the bearer token (`Authorization: Bearer council_...`), or a visitor
without one; the session cookie is never read here, so a page open in the browser gives a script
nothing. Every answer goes through the same gate as the pages (council.permissions) and reads
through the same queries; what a page would not show is not here either. Errors are JSON:
400 (bad parameter or cursor), 401 (no valid token where one is needed), 403, 404, 405, 429."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from council.api import openapi, queries, services
from council.extensions import client_address, csrf, limiter, login_manager
from council.permissions import Permission, can, for_destination, is_privileged

log = logging.getLogger(__name__)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # nothing here writes; every other method is refused with 405

PREFIX = "/api/v1/"

ERRORS = {
    400: ("bad_request", "The request could not be understood: check its parameters."),
    401: ("unauthorized", "A valid API token is needed: send it as 'Authorization: Bearer <token>'."),
    403: ("forbidden", "The token's owner may not see this."),
    404: ("not_found", "There is nothing here, or the token's owner may not see it."),
    405: ("method_not_allowed", "The API is read-only: only GET is allowed."),
    429: ("too_many_requests", "Too many requests: wait a little and try again."),
    500: ("server_error", "Something went wrong on our side."),
    503: ("unavailable", "The service is not available: try again in a moment."),
}


class ApiError(HTTPException):
    """An HTTP error of the API with its own message."""

    def __init__(self, code: int, message: str | None = None):
        super().__init__(description=message)
        self.code = code


def error_response(code: int, message: str | None = None):
    name, default = ERRORS.get(code, ERRORS[500 if code >= 500 else 400])
    response = jsonify({"error": {"status": code, "code": name, "message": message or default}})
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="council", error="invalid_token"' \
            if request.headers.get("Authorization") else 'Bearer realm="council"'
    if code == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return error_response(error.code or 500, error.description if isinstance(error, ApiError) else None)


@bp.errorhandler(Exception)
def _unexpected(error: Exception):
    from council.core.errors import UNAVAILABLE

    if isinstance(error, UNAVAILABLE):
        log.warning("Database unavailable for the API: %s", type(error).__name__)
        response = error_response(503, "The service is not available: try again in a moment.")
        response.headers["Retry-After"] = "30"
        return response
    log.exception("Unhandled error in the API")
    return error_response(500)


# --- who asks ------------------------------------------------------------------------------------


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def forget_the_session() -> None:
    """App-wide, first of all before_request functions: on the API's paths nobody is signed in
    through the cookie (the token, read later, decides)."""
    if request.path.startswith(PREFIX):
        g._login_user = login_manager.anonymous_user()


@bp.record_once
def _first(state) -> None:
    state.app.before_request_funcs.setdefault(None, []).insert(0, forget_the_session)


@bp.url_value_preprocessor
def _ids_in_range(_endpoint, values) -> None:
    """An id no row can have is simply not found (the database would refuse to compare it)."""
    for value in (values or {}).values():
        if isinstance(value, int) and not 0 < value < 2**31:
            raise ApiError(404)


@bp.before_request
def _authenticate():
    g.api_token = None
    header = request.headers.get("Authorization")
    if header is None:
        return None
    found = services.authenticate(_bearer())
    if found is None:
        raise ApiError(401, "The token is unknown, revoked, or its account is not active.")
    user, token = found
    if current_app.config["REQUIRE_2FA_FOR_PRIVILEGED"] and not user.totp_enabled and is_privileged(user):
        raise ApiError(403, "The token's owner must set up two-factor authentication first.")
    g._login_user = user
    g.api_token = token
    return None


@bp.after_request
def _log_use(response):
    token = getattr(g, "api_token", None)
    log.info("api %s %s status=%s token=%s", request.method, request.path, response.status_code,
             token.id if token is not None else "-")
    # Public answers (no token) may be kept a minute by a cache, apart for each language asked for.
    public = token is None and response.status_code == 200
    response.headers["Cache-Control"] = "public, max-age=60" if public else "no-store"
    response.headers.add("Vary", "Authorization")
    response.headers.add("Vary", "Accept-Language")
    return response


def _limit_key() -> str:
    secret = _bearer()
    return "api-token:" + services.token_hash(secret)[:32] if secret else "api-address:" + client_address()


limiter.limit(lambda: current_app.config["RATELIMIT_API_PER_TOKEN"], key_func=_limit_key)(bp)
limiter.limit(lambda: current_app.config["RATELIMIT_API_PER_ADDRESS"], key_func=lambda: "api:" + client_address(),
              scope="api-address")(bp)


def token_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            raise ApiError(401)
        return view(*args, **kwargs)

    return wrapper


def _council(council_id: int, permission: Permission | None = None):
    council = queries.council(council_id)
    if council is None:
        raise ApiError(404)
    if permission is not None and not can(current_user, permission, council):
        raise ApiError(401 if not current_user.is_authenticated else 403)
    return council


# --- parameters and pages ------------------------------------------------------------------------


def _limit() -> int:
    raw = request.args.get("limit")
    if raw is None:
        return queries.DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= queries.MAX_LIMIT:
        raise ApiError(400, f"limit must be a whole number from 1 to {queries.MAX_LIMIT}.")
    return int(raw)


def _after(scope: str) -> int:
    cursor = request.args.get("cursor")
    if cursor is None:
        return 0
    after = queries.read_cursor(cursor, scope)
    if after is None:
        raise ApiError(400, "The cursor is not valid here: use the 'next' link as given.")
    return after


def _page(scope: str, fetch: Callable[[int, int], queries.Page], **values) -> Any:
    limit = _limit()
    page = fetch(_after(scope), limit)
    next_url = None
    if page.last_key is not None:
        next_url = url_for(request.endpoint, **(request.view_args or {}), **values, limit=limit,
                           cursor=queries.make_cursor(scope, page.last_key))
    response = jsonify({"data": page.rows, "next": next_url})
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response


# --- the routes ----------------------------------------------------------------------------------


@bp.get("/")
def index():
    """What there is, and who asks."""
    user = current_user
    return jsonify({
        "version": "v1",
        "authenticated": bool(user.is_authenticated),
        "scope": "read" if user.is_authenticated else None,
        "links": {
            "openapi": url_for(".openapi"),
            "councils": url_for(".councils"),
            **({"forwardings": url_for(".forwardings")} if can(user, Permission.READ_INBOX) else {}),
        },
    })


@bp.get("/openapi.json", endpoint="openapi")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi.document())


@bp.get("/councils")
def councils():
    """Every council (public, as the directory)."""
    return _page("councils", queries.councils_page)


@bp.get("/councils/<int:council_id>")
def council(council_id: int):
    """A council's public profile and its published composition figures."""
    return jsonify(queries.council_profile(_council(council_id, Permission.VIEW_DIRECTORY)))


@bp.get("/councils/<int:council_id>/items")
@token_required
def items(council_id: int):
    """The council's agenda items (for those who see its agenda)."""
    found = _council(council_id, Permission.VIEW_AGENDA)
    return _page(f"items:{found.id}", lambda after, limit: queries.items_page(found, after, limit))


@bp.get("/councils/<int:council_id>/summaries")
@token_required
def summaries(council_id: int):
    """The council's adopted summaries (for those who see its agenda)."""
    found = _council(council_id, Permission.VIEW_AGENDA)
    return _page(f"summaries:{found.id}", lambda after, limit: queries.summaries_page(found, after, limit))


@bp.get("/councils/<int:council_id>/summaries/<int:summary_id>")
@token_required
def summary(council_id: int, summary_id: int):
    """An adopted summary as the council's JSON export gives it, with where it was sent and the answers."""
    found = _council(council_id, Permission.VIEW_AGENDA)
    data = queries.summary_detail(found, summary_id)
    if data is None:
        raise ApiError(404)
    return jsonify(data)


@bp.get("/councils/<int:council_id>/signals")
@token_required
def signals(council_id: int):
    """The council's early-warning signals the token's owner may see, as the JSON export gives them."""
    found = _council(council_id, Permission.VIEW_SIGNALS)
    user = current_user._get_current_object()
    return _page(f"signals:{found.id}", lambda after, limit: queries.signals_page(found, user, after, limit))


@bp.get("/forwardings")
@token_required
def forwardings():
    """Summaries forwarded to the destinations the token's owner reads for (office readers)."""
    if not can(current_user, Permission.READ_INBOX):
        raise ApiError(403)
    user = current_user._get_current_object()
    return _page("forwardings", lambda after, limit: queries.forwardings_page(user, after, limit))


@bp.get("/forwardings/<int:forwarding_id>")
@token_required
def forwarding(forwarding_id: int):
    """A forwarded summary as its destination reads it, with the answers."""
    user = current_user._get_current_object()
    found = queries.forwarding_for(forwarding_id)
    if found is None or not for_destination(user, Permission.READ_INBOX, found.destination_id):
        raise ApiError(404)
    data = queries.forwarding_detail(found, user)
    if data is None:
        raise ApiError(404)
    return jsonify(data)


@bp.route("/<path:_rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/", methods=["POST", "PUT", "PATCH", "DELETE"], endpoint="index_write")
def elsewhere(_rest: str = ""):
    """No such path (404), or a method other than GET (405: the API never writes)."""
    raise ApiError(404 if request.method in ("GET", "HEAD") else 405)
