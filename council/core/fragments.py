"""Pieces of pages rendered once and kept, under keys that name everything they show.

A template wraps a piece that many page views render alike (one post of a thread, one item of the
agenda) in a call block:

    {% call fragment("post", v, item, council, thread) %}{{ post_article(v, ...) }}{% endcall %}

The block is rendered only when no piece is kept under its key. The key is a digest of every value
given (dataclasses field by field, database rows column by column, whatever they hold), of the
language and time zone of the request, and of the templates themselves, so a piece can never be
served stale: an edit, a mark, a hide, a new translation or another viewer's rights give another
key. Whatever in the piece depends on the viewer must therefore be among the values given — a
PostView carries the viewer's marks and what they may do; nothing of the signed-in person is
read from outside. The one exception is the form token (CSRF) of the session, which is taken out
of a piece before it is kept and put back, the current one, each time it is served.

Pieces are kept in Redis when CACHE_URL (or a redis:// RATELIMIT_STORAGE_URI) names one, shared by
every app server, else in the process (bounded, least recently used first out). A cache that fails
is a cache that misses: the page is rendered as if it were not there."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import hashlib
import logging
import threading
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g
from flask_babel import get_locale, get_timezone
from markupsafe import Markup
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import NoInspectionAvailable

log = logging.getLogger(__name__)

TOKEN_PLACEHOLDER = "\x00csrf-token\x00"
MEMORY_ENTRIES = 20_000
REDIS_SECONDS = 7 * 24 * 3600
_PRIMITIVE = (str, int, float, bool, type(None), bytes, Decimal)


class MemoryStore:
    """A bounded, thread-safe store in the process (least recently used out first)."""

    def __init__(self, entries: int = MEMORY_ENTRIES) -> None:
        self.entries = entries
        self._data: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def set(self, key: str, value: str) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class RedisStore:
    """Pieces kept in Redis for a week after their last writing; errors count as misses."""

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> str | None:
        try:
            value = self.client.get(key)
        except Exception as error:  # noqa: BLE001 - a cache that fails is a cache that misses
            log.warning("fragment cache unavailable: %s", error)
            return None
        return value.decode() if value is not None else None

    def set(self, key: str, value: str) -> None:
        try:
            self.client.set(key, value.encode(), ex=REDIS_SECONDS)
        except Exception as error:  # noqa: BLE001
            log.warning("fragment cache unavailable: %s", error)

    def clear(self) -> None:
        pass  # keys name their contents; nothing needs clearing


def store_url(config) -> str | None:
    url = config.get("CACHE_URL")
    if url:
        return None if url == "memory://" else url
    limiter = str(config.get("RATELIMIT_STORAGE_URI") or "")
    return limiter if limiter.startswith(("redis://", "rediss://")) else None


def _templates_digest(app: Flask) -> str:
    """A digest of every template, so that a change of any template changes every key."""
    digest = hashlib.blake2b(digest_size=8)
    root = Path(app.root_path, app.template_folder or "templates")
    for path in sorted(root.rglob("*.html")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def init_app(app: Flask) -> None:
    url = store_url(app.config)
    app.extensions["council_fragments"] = {
        "store": RedisStore(url) if url else MemoryStore(),
        "version": _templates_digest(app),
        "enabled": app.config.get("FRAGMENT_CACHE", True),
    }
    app.jinja_env.globals["fragment"] = fragment


def _state() -> dict:
    return current_app.extensions["council_fragments"]


def clear() -> None:
    """Forget every piece kept in the process (tests)."""
    _state()["store"].clear()


# --- keys ------------------------------------------------------------------------------------------


def key_part(value: Any) -> Any:
    """A plain, comparable picture of `value` and everything it holds."""
    handler = _handlers.get(type(value))
    if handler is None:
        handler = _handlers[type(value)] = _handler_for(type(value), value)
    return handler(value)


def _same(value: Any) -> Any:
    return value


def _sequence(value) -> tuple:
    return tuple(key_part(v) for v in value)


def _set(value) -> tuple:
    return ("set", tuple(sorted((key_part(v) for v in value), key=repr)))


def _mapping(value) -> tuple:
    return ("dict", tuple(sorted(((repr(k), key_part(v)) for k, v in value.items()), key=lambda kv: kv[0])))


def _handler_for(cls: type, value: Any):
    """How to picture values of `cls`, decided once per class."""
    if issubclass(cls, _PRIMITIVE):
        return _same
    if issubclass(cls, enum.Enum):
        return lambda v: (cls.__name__, v.value)
    if issubclass(cls, (datetime.datetime, datetime.date, datetime.time)):
        return lambda v: v.isoformat()
    if issubclass(cls, (list, tuple)):
        return _sequence
    if issubclass(cls, (set, frozenset)):
        return _set
    if issubclass(cls, dict):
        return _mapping
    if hasattr(cls, "__fragment_key__"):
        return lambda v: (cls.__name__, key_part(v.__fragment_key__()))
    if dataclasses.is_dataclass(cls):
        names = tuple(f.name for f in dataclasses.fields(cls))
        return lambda v: (cls.__name__, tuple(key_part(getattr(v, name)) for name in names))
    try:
        mapper = sa_inspect(cls)
    except NoInspectionAvailable:
        mapper = None
    if mapper is not None and hasattr(mapper, "column_attrs"):
        keys = tuple(attr.key for attr in mapper.column_attrs)

        def row(v) -> tuple:
            # Loaded values straight from the instance; anything not loaded is loaded (never left out).
            loaded = v.__dict__
            return (cls.__name__, tuple(key_part(loaded[k] if k in loaded else getattr(v, k)) for k in keys))

        return row
    return lambda v: (cls.__name__, str(v))


_handlers: dict[type, Any] = {}


def _digest(parts: tuple) -> str:
    """The key of these values. Objects other than the first one given (a post, an item) are
    usually the same for every piece of a page (the thread, the council), so their pictures are
    kept for the rest of the request."""
    memo: dict[int, tuple[Any, str]] = g.setdefault("_fragment_memo", {})
    digest = hashlib.blake2b(digest_size=16)
    for index, part in enumerate(parts):
        if index and not isinstance(part, _PRIMITIVE):
            kept = memo.get(id(part))
            if kept is None or kept[0] is not part:
                kept = (part, hashlib.blake2b(repr(key_part(part)).encode(), digest_size=16).hexdigest())
                memo[id(part)] = kept
            digest.update(kept[1].encode())
        else:
            digest.update(repr(key_part(part)).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


def fragment_key(name: str, *parts: Any) -> str:
    state = _state()
    context = (state["version"], str(get_locale() or ""), str(get_timezone() or ""))
    return f"council:fragment:{name}:{_digest(context + parts)}"


# --- the call block --------------------------------------------------------------------------------


# What separates the names of the icons a kept piece draws from the piece itself.
ICONS_END = "\x1e"


def _token_name() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def fragment(name: str, *parts: Any, caller) -> Markup:
    """The piece rendered by `caller()` for these values, from the store when it is there."""
    state = _state()
    if not state["enabled"]:
        return Markup(caller())
    from council.core import pictures

    key = fragment_key(name, *parts)
    kept = state["store"].get(key)
    if kept is not None:
        # The icons the piece draws come first, so that the page's sprite holds their symbols.
        icons, _, kept = kept.partition(ICONS_END)
        pictures.note_used(icons.split(",") if icons else [])
        if TOKEN_PLACEHOLDER in kept:
            from flask_wtf.csrf import generate_csrf

            kept = kept.replace(TOKEN_PLACEHOLDER, generate_csrf())
        return Markup(kept)
    before = pictures.used()
    html = str(caller())
    drawn = ",".join(sorted(pictures.used() - before))
    token = g.get(_token_name())
    stored = html.replace(token, TOKEN_PLACEHOLDER) if token else html
    state["store"].set(key, drawn + ICONS_END + stored)
    return Markup(html)
