"""Domain events: the named signals by which a lower domain tells higher ones that something
happened, without importing them.

A service *sends* after it has flushed its change (`events.post_created.send(post, actor=actor)`);
a higher domain *connects* in its own package (`council/<domain>/receivers.py`, imported by
create_app) and does its part in the same transaction. Receivers never commit: the request (or the
CLI helper) is the one commit point, so a receiver that fails rolls the whole change back.

Two signals collect rather than notify: `personal_data` and `account_erased` ask every domain for
its part of a person's data, so that a new domain cannot forget to add its own.

Every signal is declared here, once; sending or connecting a name that is not declared here is an
AttributeError at import time, not a silent no-op at run time.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

# --- accounts and councils ------------------------------------------------------------------------
user_signed_in = _events.signal("user-signed-in")              # sender: user; address=
membership_changed = _events.signal("membership-changed")      # sender: membership; actor=, before=
personal_data = _events.signal("personal-data")                # sender: user; receivers return (section, data)
account_erased = _events.signal("account-erased")              # sender: user; receivers erase their part
password_context = _events.signal("password-context")          # sender: None; receivers return (section, words)

# --- agendas and deliberation ---------------------------------------------------------------------
item_status_changed = _events.signal("item-status-changed")    # sender: item; actor=, before=
post_created = _events.signal("post-created")                  # sender: post; actor=
post_edited = _events.signal("post-edited")                    # sender: post; actor=
post_hidden = _events.signal("post-hidden")                    # sender: post; actor=, reason=
post_withdrawn = _events.signal("post-withdrawn")              # sender: post; actor=
post_translated = _events.signal("post-translated")            # sender: post translation; actor=
item_proposed = _events.signal("item-proposed")                # sender: item; actor=
item_activity = _events.signal("item-activity")                # collects; sender: reader; item_ids=

participation_sources = _events.signal("participation-sources")  # collects; sender: council; viewer=, since=, until=
                                                               # receivers return (key, participation.queries.Source)

# --- summaries and forwarding ---------------------------------------------------------------------
summary_saved = _events.signal("summary-saved")                # sender: summary; actor=, version=
summary_translated = _events.signal("summary-translated")      # sender: summary translation; actor=, summary=
summary_adopted = _events.signal("summary-adopted")            # sender: summary; actor=
summary_corrected = _events.signal("summary-corrected")        # sender: summary; actor=, version=
forwarding_sent = _events.signal("forwarding-sent")            # sender: forwarding; actor=
forwarding_answered = _events.signal("forwarding-answered")    # sender: forwarding; actor=

# --- early warning --------------------------------------------------------------------------------
signal_raised = _events.signal("signal-raised")                # sender: early-warning signal; actor=
signal_status_changed = _events.signal("signal-status-changed")  # sender: signal; actor=, before=
signal_escalated = _events.signal("signal-escalated")          # sender: escalation; actor=
signal_responded = _events.signal("signal-responded")          # sender: escalation; actor=

# --- monitoring -----------------------------------------------------------------------------------
assessment_published = _events.signal("assessment-published")  # sender: assessment; actor=

# --- the office reader's digest -------------------------------------------------------------------
office_digest = _events.signal("office-digest")                # collects; sender: core.digest.Scope;
                                                               # receivers return (domain, [core.digest.Part])


def collect(signal, sender, **kwargs) -> dict:
    """Ask every receiver of a collecting signal for its part: {section: data}."""
    found: dict = {}
    for _receiver, result in signal.send(sender, **kwargs):
        if result is None:
            continue
        section, data = result
        found[section] = data
    return found
