"""The API's world: the forwarding tests' council (adopted summary, office readers of two
destinations, another council), with signals and tokens; helpers to call the API and walk it."""

from __future__ import annotations

import pytest

from council.api import services
from council.extensions import db
from tests.forwarding.conftest import world  # noqa: F401  (the fixture)


def token_for(app, user, name="script") -> str:
    """A new token of `user` (committed), its secret."""
    with app.test_request_context():
        _row, secret = services.create(db.session.merge(user), name=name)
        db.session.commit()
    return secret


@pytest.fixture
def token(app):
    return lambda user, name="script": token_for(app, user, name)


def get(client, path: str, secret: str | None = None, **headers):
    if secret is not None:
        headers["Authorization"] = f"Bearer {secret}"
    return client.get(path, headers=headers)


def walk(client, path: str, secret: str | None = None) -> list[dict]:
    """Every row of a list, page after page by its `next` link."""
    rows: list[dict] = []
    while path:
        response = get(client, path, secret)
        assert response.status_code == 200, (path, response.get_data(as_text=True))
        body = response.get_json()
        rows.extend(body["data"])
        path = body["next"]
    return rows


def crawl(client, secret: str | None = None, *, extra_ids: dict[str, list[int]] | None = None) -> list:
    """Every answer the API gives `secret`'s owner (or a visitor): every route, every page of every
    list, every council, summary and forwarding it names, and those of `extra_ids` (e.g. the ids of
    things the owner may not see, to be asked for directly). Responses, whatever their status."""
    extra_ids = extra_ids or {}
    seen: list = []
    pending = ["/api/v1/", "/api/v1/openapi.json", "/api/v1/councils", "/api/v1/forwardings"]
    for council_id in extra_ids.get("councils", []):
        pending.append(f"/api/v1/councils/{council_id}")
    for forwarding_id in extra_ids.get("forwardings", []):
        pending.append(f"/api/v1/forwardings/{forwarding_id}")
    for council_id, summary_id in extra_ids.get("summaries", []):
        pending.append(f"/api/v1/councils/{council_id}/summaries/{summary_id}")
    asked: set[str] = set()
    while pending:
        path = pending.pop(0)
        if path in asked:
            continue
        asked.add(path)
        response = get(client, path, secret)
        seen.append(response)
        if response.status_code != 200 or path.endswith("openapi.json"):
            continue
        body = response.get_json()
        if isinstance(body, dict) and body.get("next"):
            pending.append(body["next"])
        for row in body.get("data", []) if isinstance(body, dict) else []:
            if isinstance(row, dict) and row.get("url"):
                pending.append(row["url"])
        if path.startswith("/api/v1/councils/") and path.count("/") == 4:  # a council's profile
            for part in ("items", "summaries", "signals"):
                pending.append(f"{path}/{part}")
    return seen
