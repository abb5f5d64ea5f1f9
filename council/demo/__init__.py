"""Demo data: a fictional country, three regional councils, accounts to try every role, and a
first council whose advice has gone the whole way (agenda, deliberation, summary, forwarding,
answer).

`flask council demo` (and `make run`) loads it. Everything is made through the same services as
the site — an account is created, applies and is approved, an item is proposed and accepted,
posts are written, marked, translated, reported and hidden, a summary is drafted, reviewed and
adopted, then forwarded, acknowledged and answered — so the demo can never be in a state the
product cannot reach, and no counter is written by hand. Only dates are set afterwards, where the
product has no way to date something in the past (a thread that lasted days).

Loading twice changes nothing: each step finds what it made before (the country by its code,
accounts by e-mail address, memberships by council and account, the agenda by its items,
summaries by their item) and makes only what is missing.

Each step is a function `load(demo: Demo) -> None` in a module of this package, run in the order
of STEPS; a new domain adds its module and appends its step.
"""

from __future__ import annotations

from collections.abc import Callable

from council import mail
from council.demo import (agenda, councils, deliberation, digest, forwarding, links, monitoring, people, signals,
                         summaries)
from council.demo.base import Demo
from council.demo.people import ACCOUNT_EMAILS, PASSWORD
from council.notifications.queries import url_context

__all__ = ["ACCOUNT_EMAILS", "PASSWORD", "STEPS", "Demo", "load", "scale"]

STEPS: list[Callable[[Demo], None]] = [
    people.load,  # accounts and site roles
    councils.load,  # country, regions, councils, memberships and one pending application
    agenda.load,  # the first council's agenda: an item in every status
    deliberation.load,  # the open item's thread: posts, marks, a translation, a hidden post
    summaries.load,  # two adopted summaries
    forwarding.load,  # destinations; one summary forwarded, acknowledged and answered
    signals.load,  # early-warning signals: every kind and status, one answered, one overdue, one by SMS
    monitoring.load,  # a peace agreement of twenty provisions assessed by the councils over two periods
    links.load,  # a signal linked to a ceasefire provision and cited as evidence of its assessment
    digest.load,  # the office reader follows every council and their destinations: a full digest
]


def load() -> dict[str, int]:
    """Load what is missing of the demo data; returns how many things of each kind were made.
    Flushes, never commits (the CLI command does). The demo people are fictional (example.org
    addresses): no e-mail is written to them."""
    demo = Demo()
    with url_context(), mail.switched_off():
        for step in STEPS:
            step(demo)
    return dict(demo.created)


def scale(posts: int) -> int:
    """Grow the first council's open thread to at least `posts` posts; returns how many were added."""
    demo = Demo()
    with url_context(), mail.switched_off():
        people.find(demo)
        councils.find(demo)
        return deliberation.scale(demo, posts)
