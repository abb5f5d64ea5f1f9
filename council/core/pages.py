"""Kept pages: a page rendered for one reader is kept, and served again to that reader alone, as
long as nothing it depends on has changed.

A view opts in with its scopes (core/revisions.py), outermost below the route:

    @bp.get("/<int:item_id>")
    @pages.kept(lambda council_id, **_: [revisions.council(council_id)])
    @council_required(...)
    def item(council, item_id): ...

Before the view runs (after sign-in, two-factor, language and rate-limit checks), the request's
key is made of:

- the code: every template, catalogue and module of the application (a deployment changes it);
- the address with its query string, the language and the time zone of the request;
- who reads: the account and the session (its form secret), and how many forms the session has
  sent (every POST gives new one-time form keys, count_sent_forms in core/web.py);
- the revisions of ``global``, of the reader's own scope and of the view's scopes, read in one
  query: any committed write to what the page shows changes one of them;
- the minute: a page that says "overdue" or "invited today" is never a minute out of date.

When a page is kept under that key it is sent as it was kept, without running the view: no
permission is checked again, because the same person got it at the same revisions a moment ago.
Otherwise the view runs and a 200 HTML answer is kept (compressed, with its ETag). A request with
a message to show (flash), a view that asked for no-store, and a page for someone else are never
kept or served from here.

Pages for visitors are shared by every visitor: their form token is taken out before keeping and
the visitor's own put back at each serve. A signed-in reader's page holds their session's token,
which stays valid as long as the session (WTF_CSRF_TIME_LIMIT is None), and is kept for them alone.

Kept in Redis when CACHE_URL (or a redis:// RATELIMIT_STORAGE_URI) names one, shared by every app
server, else in the process (bounded by size). A store that fails is a store that misses.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user

from council.core import revisions
from council.core.fragments import TOKEN_PLACEHOLDER, store_url

log = logging.getLogger(__name__)

MEMORY_BYTES = 64 * 1024 * 1024
LIFETIME_SECONDS = 60
# Headers of the view's answer that belong to one response only, or are set again on every serve.
_NOT_KEPT = {"set-cookie", "content-length", "content-encoding", "etag", "date", "vary", "cache-control"}


# A form's one-time key (a post sent twice is made once) is new on every page; it is left out of the
# ETag, and every form this session sends changes the ETags of its pages (count_sent_forms), so a
# page kept by the browser never holds a key that was already used.
_SUBMISSION_KEY = re.compile(rb'(name="submission_key"[^>]*?value=")[^"]*"')
SENT = "forms_sent"


def sent_forms() -> int:
    """How many forms this session has sent (a page kept before the last one is out of date)."""
    from flask import session

    return session.get(SENT, 0)


def page_body_digest(body: bytes, token: str | None) -> str:
    """A digest of a page as rendered, without what changes at every rendering (the form token and
    the one-time form keys)."""
    if token:
        body = body.replace(token.encode(), b"")
    return hashlib.blake2b(_SUBMISSION_KEY.sub(rb"\1", body), digest_size=16).hexdigest()


def page_etag(body_digest: str) -> str:
    """The ETag of a page with this body for this reader: their account, their session's form
    secret and the forms it has sent are part of it, so two people never share one."""
    from flask import session

    reader = f"{current_user.id}:{current_user.get_id()}" if current_user and current_user.is_authenticated else ""
    digest = hashlib.blake2b(body_digest.encode(), digest_size=16)
    digest.update(f"\x1f{reader}\x1f{session.get('csrf_token', '')}\x1f{sent_forms()}".encode())
    return digest.hexdigest()


def kept(scopes: Callable[..., Iterable[str]] | None):
    """Mark a view whose page may be kept. `scopes(**view_args)` names what it shows beyond the
    reader's own scope and `global`; None says the page shows nothing of the database (the
    sign-in form), so that no revision is read for a visitor."""

    def mark(view):
        view.kept_page_scopes = scopes or _nothing
        return view

    return mark


def _nothing(**_view_args) -> None:
    return None


class MemoryStore:
    """Pages kept in this process, the least recently used dropped first beyond `limit` bytes."""

    def __init__(self, limit: int = MEMORY_BYTES) -> None:
        self.limit = limit
        self.size = 0
        self._data: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._data.get(key)
            if entry is not None:
                self._data.move_to_end(key)
            return entry

    def set(self, key: str, entry: tuple) -> None:
        size = len(entry[3]) + 200
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.size -= len(old[3]) + 200
            self._data[key] = entry
            self.size += size
            while self.size > self.limit and self._data:
                _, dropped = self._data.popitem(last=False)
                self.size -= len(dropped[3]) + 200

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.size = 0


class RedisStore:
    """Pages kept in Redis a little longer than their key can be asked for."""

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str):
        try:
            value = self.client.get(key)
            return pickle.loads(value) if value is not None else None  # noqa: S301 - our own entries
        except Exception as error:  # noqa: BLE001 - a store that fails is a store that misses
            log.warning("page store unavailable: %s", error)
            return None

    def set(self, key: str, entry: tuple) -> None:
        try:
            self.client.set(key, pickle.dumps(entry), ex=2 * LIFETIME_SECONDS)
        except Exception as error:  # noqa: BLE001
            log.warning("page store unavailable: %s", error)

    def clear(self) -> None:
        pass  # keys name what they hold and expire by themselves


def code_digest(app: Flask) -> str:
    """A digest of everything that decides how a page looks: templates, catalogues and modules."""
    digest = hashlib.blake2b(digest_size=8)
    root = Path(app.root_path).parent
    for folder, pattern in (("templates", "*.html"), ("translations", "*.mo"), ("council", "*.py")):
        for path in sorted((root / folder).rglob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def init_app(app: Flask) -> None:
    url = store_url(app.config)
    app.extensions["council_pages"] = {
        "store": RedisStore(url) if url else MemoryStore(),
        "code": code_digest(app),
        "enabled": app.config.get("PAGE_CACHE", True),
    }
    revisions.listen()
    app.before_request(serve_kept)  # registered last: runs after sign-in, language and limits
    # after_request functions run last-registered first: this one sees the page before
    # conditional_get and compress (core/web.py) do.
    app.after_request(keep)


def _state() -> dict:
    return current_app.extensions["council_pages"]


def clear() -> None:
    """Forget every page kept in the process (tests)."""
    _state()["store"].clear()


def _token_name() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def _key() -> str | None:
    """The key of this request's page, or None when it may not be kept."""
    if request.method not in ("GET", "HEAD") or not _state()["enabled"]:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    scopes_of = getattr(view, "kept_page_scopes", None)
    if scopes_of is None or "_flashes" in session:
        return None
    signed_in = bool(current_user and current_user.is_authenticated)
    declared = scopes_of(**(request.view_args or {}))
    scopes = None if declared is None else {revisions.GLOBAL, *declared}
    reader = ""
    if signed_in:
        scopes = (scopes or {revisions.GLOBAL}) | {revisions.user(current_user.id)}
        reader = f"{current_user.id}\x1f{current_user.get_id()}\x1f{session.get(_token_name(), '')}\x1f{sent_forms()}"
    digest = hashlib.blake2b(digest_size=20)
    parts = (_state()["code"], request.full_path, str(get_locale() or ""), str(get_timezone() or ""), reader,
             repr(sorted(revisions.current(scopes).items())) if scopes else "-",
             str(int(time.time() // LIFETIME_SECONDS)))
    digest.update("\x1e".join(parts).encode())
    return f"council:page:{digest.hexdigest()}"


def serve_kept():
    """before_request: the kept page of this key, if there is one."""
    key = _key()
    if key is None:
        return None
    g.page_key = key
    entry = _state()["store"].get(key)
    if entry is None:
        return None
    g.page_served = True
    status, headers, body_digest, body, zipped = entry
    if not zipped and TOKEN_PLACEHOLDER.encode() in body:  # a visitors' page: this visitor's token
        from flask_wtf.csrf import generate_csrf

        body = body.replace(TOKEN_PLACEHOLDER.encode(), generate_csrf().encode())
    etag = page_etag(body_digest)  # after the token: a new visitor's form secret is part of it
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag, weak=True)
        return response
    if zipped and "gzip" not in request.headers.get("Accept-Encoding", ""):
        body, zipped = gzip.decompress(body), False
    response = Response(body, status=status, headers=headers)
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
        response.headers.add("Vary", "Accept-Encoding")
    response.set_etag(etag, weak=True)
    return response


def keep(response: Response) -> Response:
    """after_request: keep the page this request rendered under its key."""
    key = g.pop("page_key", None)
    if (
        key is None
        or g.get("page_served")
        or request.method != "GET"
        or response.status_code != 200
        or response.mimetype != "text/html"
        or response.direct_passthrough
        or getattr(g, "no_store", False)
        or "Content-Encoding" in response.headers
        or "_flashes" in session
    ):
        return response
    body = response.get_data()
    token = g.get(_token_name())
    body_digest = page_body_digest(body, token)
    signed_in = bool(current_user and current_user.is_authenticated)
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in _NOT_KEPT]
    if signed_in:
        # Kept for this session alone, with its own form token in it: compressed once, here.
        stored, zipped = gzip.compress(body, compresslevel=6), True
    else:
        stored, zipped = (body.replace(token.encode(), TOKEN_PLACEHOLDER.encode()) if token else body), False
    _state()["store"].set(key, (200, headers, body_digest, stored, zipped))
    response.set_etag(page_etag(body_digest), weak=True)
    if zipped and "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(stored)
        response.headers["Content-Encoding"] = "gzip"
        response.headers.add("Vary", "Accept-Encoding")
    return response.make_conditional(request)
