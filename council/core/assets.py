"""Static files under names that change with their content, cached for a year, sent compressed.

At start-up every file under static/ is read once and named by a digest of its content
(council.css → council.3f2a9c1be0.css). `url_for('static', filename='council.css')` gives the
named URL, which is served with `Cache-Control: public, max-age=31536000, immutable` and, when the
browser accepts it, gzip-compressed ahead of time: a returning reader downloads only the HTML, and a
changed file is a new URL. The plain names are still served (for links from outside the pages)
and revalidated on each use. In development (files change while the server runs) the plain names
are used throughout."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, current_app, request

YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR}, immutable"
_COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|manifest\+json)|image/svg\+xml)")
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[^./]+)$")


@dataclass(frozen=True)
class Asset:
    name: str  # the plain name, e.g. "council.css"
    hashed: str  # "council.3f2a9c1be0.css"
    body: bytes
    gzipped: bytes | None
    mimetype: str
    digest: str


def _hashed_name(name: str, digest: str) -> str:
    path = Path(name)
    if not path.suffix:
        return f"{name}.{digest}"
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def build_manifest(folder: str | Path) -> dict[str, Asset]:
    """Every file under `folder` by its plain name (with / as separator)."""
    root = Path(folder)
    assets: dict[str, Asset] = {}
    if not root.is_dir():
        return assets
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.suffix == ".gz":
            continue
        name = path.relative_to(root).as_posix()
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:10]
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        packed = None
        if _COMPRESSIBLE.match(mimetype) and len(body) > 256:
            candidate = gzip.compress(body, compresslevel=9, mtime=0)
            if len(candidate) < len(body):
                packed = candidate
        assets[name] = Asset(name, _hashed_name(name, digest), body, packed, mimetype, digest)
    return assets


def _state() -> dict:
    return current_app.extensions["council_assets"]


def _hashed_url(endpoint: str, values: dict) -> None:
    """url_defaults: url_for('static', filename=plain) → the content-named file."""
    if endpoint != "static" or "filename" not in values:
        return
    asset = _state()["by_name"].get(values["filename"])
    if asset is not None:
        values["filename"] = asset.hashed


def serve(filename: str) -> Response:
    """The static view: a content-named file for a year, a plain name revalidated every time."""
    state = _state()
    asset = state["by_hashed"].get(filename)
    immutable = asset is not None
    if asset is None:
        asset = state["by_name"].get(filename)
    if asset is None:
        abort(404)
    packed = asset.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(asset.gzipped if packed else asset.body, mimetype=asset.mimetype)
    if asset.mimetype.startswith("text/") or asset.mimetype in ("application/javascript", "image/svg+xml"):
        response.charset = "utf-8"
        response.headers["Content-Type"] = f"{asset.mimetype}; charset=utf-8"
    if packed:
        response.headers["Content-Encoding"] = "gzip"
    if asset.gzipped is not None:
        response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = IMMUTABLE if immutable else "no-cache"
    response.set_etag(asset.digest + ("-gz" if packed else ""))
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    if not app.has_static_folder:
        return
    manifest = build_manifest(app.static_folder)
    app.extensions["council_assets"] = {
        "by_name": manifest,
        "by_hashed": {asset.hashed: asset for asset in manifest.values()},
    }
    if app.config.get("ENV_NAME") == "development" or not app.config.get("HASHED_STATIC", True):
        return  # plain names, read from disk on each request, as Flask does
    app.send_static_file = serve  # type: ignore[method-assign]  # what Flask's static route calls
    app.url_default_functions.setdefault(None, []).append(_hashed_url)
