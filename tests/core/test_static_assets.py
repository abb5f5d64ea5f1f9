"""Static files: content-named URLs cached for a year, compressed ahead of time when the browser
accepts it; the plain names still served and revalidated."""

from __future__ import annotations

import gzip
import re

from tests.conftest import app_config


def _stylesheet_url(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)


def test_pages_link_the_stylesheet_by_its_content(client):
    url = _stylesheet_url(client)
    assert re.fullmatch(r"/static/council\.[0-9a-f]{10}\.css", url)


def test_a_content_named_file_is_cached_for_a_year_and_sent_compressed(client, app):
    url = _stylesheet_url(client)
    plain = client.get(url)
    assert plain.status_code == 200 and plain.mimetype == "text/css"
    assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in plain.headers
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    with open(app.static_folder + "/council.css", "rb") as source:
        assert plain.get_data() == source.read()


def test_the_plain_name_is_served_and_revalidated(client):
    response = client.get("/static/council.css")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    again = client.get("/static/council.css", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_unknown_files_and_stale_names_are_404(client):
    assert client.get("/static/council.0000000000.css").status_code == 404
    assert client.get("/static/nothing.css").status_code == 404
    assert client.get("/static/../council/config.py").status_code == 404


def test_development_uses_plain_names():
    from council import create_app

    app = create_app(app_config(ENV_NAME="development"))
    assert _stylesheet_url(app.test_client()) == "/static/council.css"
