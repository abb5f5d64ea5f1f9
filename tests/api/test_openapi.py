"""The OpenAPI 3.1 document says what the API serves: it is a valid document, every route is in it,
and every answer the API gives (each status, each body) is checked against it with openapi-core."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from sqlalchemy import select

from council.api import openapi
from council.api.models import ApiToken
from council.extensions import db, utcnow
from tests.api.conftest import crawl, get
from tests.api.test_markers import marked  # noqa: F401  (the fixture)


@pytest.fixture
def spec(app):
    served = get(app.test_client(), "/api/v1/openapi.json").get_json()
    assert served == openapi.document()
    return OpenAPI.from_dict(served)  # checks the document itself (3.1)


def _validate(spec, responses) -> set[tuple[str, int]]:
    checked = set()
    for response in responses:
        spec.validate_response(WerkzeugOpenAPIRequest(response.request), WerkzeugOpenAPIResponse(response))
        checked.add((response.request.path, response.status_code))
    return checked


def test_every_route_is_described(app, spec):
    document = openapi.document()
    served = {rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}") or "/"
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              and rule.endpoint not in ("api.elsewhere", "api.index_write")}
    assert served == set(document["paths"])


def test_every_answer_matches_the_document(app, world, marked, token, spec):
    client = app.test_client()
    statuses: set[int] = set()
    for user in (None, world.members[0], world.observer, world.facilitator, world.reader, world.reader2, world.admin):
        responses = crawl(client, token(user) if user else None, extra_ids=marked)
        _validate(spec, responses)
        statuses |= {r.status_code for r in responses}
    assert {200, 401, 403, 404} <= statuses

    # Errors: a bad parameter or cursor, a revoked token, too many requests.
    errors = [get(client, "/api/v1/councils?limit=0"), get(client, "/api/v1/councils?cursor=nonsense"),
              get(client, f"/api/v1/councils/{world.council.id}/items?limit=1000", token(world.members[0]))]
    revoked = token(world.members[0])
    row = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    row.revoked_at = utcnow()
    db.session.commit()
    errors += [get(client, "/api/v1/councils", revoked), get(client, "/api/v1/", revoked)]
    from council.extensions import limiter

    limiter.reset()
    app.config.update(RATE_LIMITS_ON=True, RATELIMIT_API_PER_TOKEN="1 per minute")
    try:
        fresh = token(world.members[0])
        errors += [get(client, "/api/v1/councils", fresh), get(client, "/api/v1/councils", fresh)]
    finally:
        app.config.update(RATE_LIMITS_ON=False, RATELIMIT_API_PER_TOKEN="120 per minute")
        limiter.reset()
    assert [r.status_code for r in errors] == [400, 400, 400, 401, 401, 200, 429]
    _validate(spec, errors)
