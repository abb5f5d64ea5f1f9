"""The demo links a signal to a ceasefire provision and cites it as evidence of its assessment."""

from __future__ import annotations

from sqlalchemy import select

from council.demo import PASSWORD, STEPS, links, monitoring, signals
from council.extensions import db
from council.monitoring.models import Evidence, Provision, SignalProvisionLink
from council.signals.models import Signal
from tests.conftest import login
from tests.test_demo import by_email


def test_the_demo_links_a_signal_to_a_ceasefire_provision(app, client):
    assert STEPS.index(links.load) > max(STEPS.index(signals.load), STEPS.index(monitoring.load))
    result = app.test_cli_runner().invoke(args=["council", "demo"])
    assert result.exit_code == 0, result.output
    link = db.session.scalar(select(SignalProvisionLink))
    signal = db.session.get(Signal, link.signal_id)
    provision = db.session.get(Provision, link.provision_id)
    assert signal.title == links.SIGNAL_TITLE and provision.category.key == "ceasefire"
    evidence = db.session.scalar(select(Evidence).where(Evidence.kind == "signal"))
    assert evidence.signal_id == signal.id and evidence.assessment.provision_id == provision.id
    # loading again makes nothing more
    again = app.test_cli_runner().invoke(args=["council", "demo"])
    assert again.exit_code == 0
    assert len(db.session.scalars(select(SignalProvisionLink)).all()) == 1
    assert len(db.session.scalars(select(Evidence).where(Evidence.kind == "signal")).all()) == 1
    # a member of the council sees the signal next to the provision
    login(client, by_email("member@example.org"), password=PASSWORD)
    page = client.get(f"/monitoring/provisions/{provision.id}").get_data(as_text=True)
    assert links.SIGNAL_TITLE in page
