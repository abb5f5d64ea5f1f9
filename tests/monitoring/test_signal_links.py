"""Signals next to provisions: facilitators link a signal to provisions of the council's region
(audited, scoped), assessments rest on signals the assessor may see, and nobody learns the title of
a signal they may not see."""

from __future__ import annotations

from datetime import date

import pytest

from sqlalchemy import func, select

from council.audit.models import AuditEvent
from council.extensions import db
from council.monitoring import services, signal_links
from council.monitoring.models import Evidence, SignalProvisionLink
from council.signals.models import Signal
from tests.conftest import (login, make_agreement, make_assessment, make_council, make_membership, make_region,
                            make_user)
from tests.signals.helpers import make_signal


def _links():
    return db.session.scalar(select(func.count()).select_from(SignalProvisionLink))


def _actions(name):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == name))


def test_a_facilitator_links_and_unlinks_a_signal(app, client, setting):
    s = setting
    signal = make_signal(s.council, s.people["author"], title="Shots near the checkpoint")
    login(client, s.people["facilitator"])
    page = client.get(f"/councils/{s.council.id}/signals/{signal.id}").get_data(as_text=True)
    assert "Link the signal to this provision" in page and "Provision 1 of" in page
    r = client.post(f"/councils/{s.council.id}/signals/{signal.id}/provisions",
                    data={"link-provision_id": str(s.provision.id)})
    assert r.status_code == 302
    assert _links() == 1 and _actions("signal.provision_link") == 1
    page = client.get(f"/councils/{s.council.id}/signals/{signal.id}").get_data(as_text=True)
    assert f'href="/monitoring/provisions/{s.provision.id}"' in page
    # twice: refused, still one link
    r = client.post(f"/councils/{s.council.id}/signals/{signal.id}/provisions",
                    data={"link-provision_id": str(s.provision.id)}, follow_redirects=True)
    assert "already linked" in r.get_data(as_text=True) and _links() == 1
    r = client.post(f"/councils/{s.council.id}/signals/{signal.id}/provisions/{s.provision.id}/unlink")
    assert r.status_code == 302
    assert _links() == 0 and _actions("signal.provision_unlink") == 1


def test_linking_is_refused_outside_the_region_and_to_others(app, client, setting):
    s = setting
    signal = make_signal(s.council, s.people["author"])
    elsewhere = make_agreement(make_region().country, provisions=1)  # another country
    same_country_other_region = make_agreement(s.council.region.country, provisions=1,
                                               regions=[make_region(s.council.region.country)])
    other_council = make_council()
    login(client, s.people["facilitator"])
    for provision in (elsewhere.provisions[0], same_country_other_region.provisions[0]):
        r = client.post(f"/councils/{s.council.id}/signals/{signal.id}/provisions",
                        data={"link-provision_id": str(provision.id)}, follow_redirects=True)
        assert "Choose a provision that applies in the council&#39;s region." in r.get_data(as_text=True)
    for wrong in ("9223372036854775808", "-9223372036854775809", "x"):  # no such id, and no 500
        r = client.post(f"/councils/{s.council.id}/signals/{signal.id}/provisions",
                        data={"link-provision_id": wrong}, follow_redirects=True)
        assert r.status_code < 500, wrong
    assert _links() == 0 and _actions("signal.provision_link") == 0
    # a signal of another council, named under this council: as if it did not exist
    stranger = make_user()
    make_membership(stranger, other_council)
    foreign_signal = make_signal(other_council, stranger)
    r = client.post(f"/councils/{s.council.id}/signals/{foreign_signal.id}/provisions",
                    data={"link-provision_id": str(s.provision.id)})
    assert r.status_code == 404
    # a member may not link
    client = app.test_client()
    login(client, s.people["author"])
    r = client.post(f"/councils/{s.council.id}/signals/{signal.id}/provisions",
                    data={"link-provision_id": str(s.provision.id)})
    assert r.status_code == 403 and _links() == 0
    assert "Link the signal to this provision" not in client.get(
        f"/councils/{s.council.id}/signals/{signal.id}").get_data(as_text=True)


def test_an_office_only_signal_as_evidence_is_not_named_to_a_member(app, client, setting):
    s = setting
    secret = make_signal(s.council, s.people["facilitator"], title="Secret arms cache", confidentiality="office_only")
    open_one = make_signal(s.council, s.people["author"], title="Market brawl")
    a = make_assessment(s.provision, s.council, status="draft", author_id=s.people["author"].id)
    # the member's chooser offers only what the member may see, and the service refuses the rest
    login(client, s.people["author"])
    page = client.get(f"/councils/{s.council.id}/monitoring/assessments/{a.id}").get_data(as_text=True)
    assert "Market brawl" in page and "Secret arms cache" not in page
    r = client.post(f"/councils/{s.council.id}/monitoring/assessments/{a.id}/evidence",
                    data={"kind": "signal", "summary": "Cache", "source_scale": "local", "signal_id": str(secret.id)})
    assert r.status_code == 400 and db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    # the facilitator who raised it may cite it
    services.add_evidence(a, s.council, actor=s.people["facilitator"], kind="signal", occurred_on=date(2026, 1, 5),
                          summary="Weapons stored near the line.", signal_id=secret.id)
    services.add_evidence(a, s.council, actor=s.people["author"], kind="signal", occurred_on=None,
                          summary="Fight at the market.", signal_id=open_one.id)
    db.session.commit()
    page = client.get(f"/councils/{s.council.id}/monitoring/assessments/{a.id}").get_data(as_text=True)
    assert "Secret arms cache" not in page and f"/signals/{secret.id}" not in page
    assert "an early-warning signal (restricted)" in page
    assert f'/councils/{s.council.id}/signals/{open_one.id}"' in page
    client = app.test_client()
    login(client, s.people["facilitator"])
    page = client.get(f"/councils/{s.council.id}/monitoring/assessments/{a.id}").get_data(as_text=True)
    assert "Secret arms cache" in page


def test_a_deleted_signal_leaves_the_evidence_without_it(app, setting):
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite does not enforce foreign keys here; the PostgreSQL run checks it")
    s = setting
    signal = make_signal(s.council, s.people["author"])
    a = make_assessment(s.provision, s.council, status="draft")
    evidence = services.add_evidence(a, s.council, actor=s.people["author"], kind="signal", occurred_on=None,
                                     summary="Seen.", signal_id=signal.id)
    signal_links.link(signal, s.council, s.provision.id, actor=s.people["facilitator"])
    db.session.commit()
    db.session.execute(Signal.__table__.delete().where(Signal.id == signal.id))
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Evidence, evidence.id).signal_id is None
    assert _links() == 0


def _provision_page(client, s):
    url = f"/monitoring/provisions/{s.provision.id}"
    db.session.expire_all()  # what the test itself loaded does not spare the page a query
    return client.get(url)


def test_the_provision_page_shows_the_region_signals_one_may_see(app, client, setting, count_queries):
    s = setting
    linked = make_signal(s.council, s.people["author"], title="Linked clash", sector="security")
    signal_links.link(linked, s.council, s.provision.id, actor=s.people["facilitator"])
    make_signal(s.council, s.people["author"], title="Roadblock incident", sector="security")
    make_signal(s.council, s.people["facilitator"], title="Hidden convoy", sector="security",
                confidentiality="facilitators_office")
    db.session.commit()
    login(client, s.people["second"])
    page = _provision_page(client, s).get_data(as_text=True)
    assert "Linked clash" in page and "Roadblock incident" in page and "Hidden convoy" not in page
    with count_queries() as n:
        assert _provision_page(client, s).status_code == 200
    few = n()
    for i in range(4):
        more = make_signal(s.council, s.people["author"], title=f"Clash {i}", sector="security")
        signal_links.link(more, s.council, s.provision.id, actor=s.people["facilitator"])
    db.session.commit()
    with count_queries() as n:
        page = _provision_page(client, s).get_data(as_text=True)
    assert "Clash 3" in page
    assert n() == few
    client = app.test_client()
    login(client, s.people["facilitator"])
    assert "Hidden convoy" in _provision_page(client, s).get_data(as_text=True)


def test_the_signal_page_queries_do_not_grow_with_links(app, client, setting, count_queries):
    s = setting
    signal = make_signal(s.council, s.people["author"])
    login(client, s.people["facilitator"])
    signal_links.link(signal, s.council, s.agreement.provisions[0].id, actor=s.people["facilitator"])
    db.session.commit()
    url = f"/councils/{s.council.id}/signals/{signal.id}"
    db.session.expire_all()
    with count_queries() as n:
        assert client.get(url).status_code == 200
    few = n()
    for p in s.agreement.provisions[1:]:
        signal_links.link(signal, s.council, p.id, actor=s.people["facilitator"])
    db.session.commit()
    db.session.expire_all()
    with count_queries() as n:
        assert client.get(url).status_code == 200
    assert n() == few
