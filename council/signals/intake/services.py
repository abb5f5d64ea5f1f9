"""Turning an e-mail or an SMS into a new, unverified signal; the councils' intake settings; and
erasing senders after the retention period. Services flush and never commit."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from council.audit import services as audit
from council.core import refusals
from council.core.refusals import Refusal
from council.councils.models import Council
from council.extensions import db, utcnow
from council.signals import services as signals
from council.signals.intake import codes, setting
from council.signals.intake.inbound import InboundMail
from council.signals.intake.models import IntakeMessage, IntakeSettings
from council.signals.intake.webhook import Sms
from council.signals.models import Indicator, Signal

log = logging.getLogger(__name__)


_REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B, 2/Z)
RETENTION_MAX_DAYS = 365


def key_of(value: str | bytes) -> str:
    return hashlib.sha256(value if isinstance(value, bytes) else value.encode()).hexdigest()


# --- settings and addresses ----------------------------------------------------------------------


def settings_of(council: Council) -> IntakeSettings | None:
    return db.session.scalar(select(IntakeSettings).where(IntakeSettings.council_id == council.id))


def retention_days(settings: IntakeSettings | None) -> int:
    return settings.retention_days if settings is not None else setting("SIGNALS_SENDER_RETENTION_DAYS")


def address_of(settings: IntakeSettings | None) -> str | None:
    """signals+<token>@example.org, or None when no mailbox is configured or no token made."""
    mailbox = setting("SIGNALS_INTAKE_ADDRESS")
    if settings is None or not settings.email_token or "@" not in mailbox:
        return None
    local, domain = mailbox.rsplit("@", 1)
    return f"{local.split('+')[0]}+{settings.email_token}@{domain}"


def council_code(council: Council) -> str:
    return f"C{council.id}"


def _settings_for_change(council: Council) -> IntakeSettings:
    found = settings_of(council)
    if found is None:
        found = IntakeSettings(council_id=council.id, retention_days=setting("SIGNALS_SENDER_RETENTION_DAYS"))
        db.session.add(found)
    return found


def new_address(council: Council, *, actor) -> IntakeSettings:
    """Give the council a new e-mail token; the old address stops working."""
    settings = _settings_for_change(council)
    before = settings.email_token is not None
    settings.email_token = secrets.token_hex(5)  # 10 characters, as local parts keep case poorly
    db.session.flush()
    audit.record(actor, "signal.intake_settings", settings, council_id=council.id,
                 before={"address": before}, after={"address": "new"})
    return settings


def set_retention(council: Council, days: int, *, actor) -> IntakeSettings:
    if not isinstance(days, int) or not 1 <= days <= RETENTION_MAX_DAYS:
        raise Refusal(_("Give a number of days from 1 to %(max)d.", max=RETENTION_MAX_DAYS), field="days")
    settings = _settings_for_change(council)
    before = settings.retention_days
    settings.retention_days = days
    db.session.flush()
    audit.record(actor, "signal.intake_settings", settings, council_id=council.id,
                 before={"retention_days": before}, after={"retention_days": days})
    return settings


def indicator_codes(council: Council, *, seed: bool = True) -> dict[str, Indicator]:
    """{short code: indicator} for the council's active indicators (codes.short_codes); `seed`
    gives a council without a catalogue the default one first (not on a GET)."""
    if seed:
        signals.ensure_catalogues(council)
    catalogue = list(db.session.scalars(select(Indicator).where(Indicator.council_id == council.id)))
    by_id = {i.id: i for i in catalogue}
    return {code: by_id[i] for code, i in codes.short_codes([(i.id, i.key) for i in catalogue]).items()
            if by_id[i].active}


def _ticks(council: Council, wanted: list[str], table: dict[str, Indicator]) -> dict[str, str]:
    """{indicator key: direction} for codes like "AP", "AP+", "armed_presence-"."""
    by_key = {i.key.upper(): i for i in table.values()}
    ticks: dict[str, str] = {}
    for raw in wanted:
        code, sign = (raw[:-1], raw[-1]) if raw[-1:] in "+-" else (raw, "")
        indicator = table.get(code) or by_key.get(code)
        if indicator is None:
            raise Refusal(_("“%(code)s” is not an indicator code of this council.", code=raw))
        direction = {"+": "improving", "-": "worsening"}.get(sign) or (
            "improving" if indicator.polarity == "peace" else "worsening")
        ticks[indicator.key] = direction
    return ticks


def _known(table: dict[str, Indicator]):
    keys = {i.key.upper() for i in table.values()}
    return lambda raw: raw.rstrip("+-") in table or raw.rstrip("+-") in keys


def _reference() -> str:
    while True:
        reference = "R" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(7))
        if db.session.scalar(select(IntakeMessage.id).where(IntakeMessage.reference == reference)) is None:
            return reference


def _language(council: Council) -> str:
    return (council.working_languages or [current_app.config["BABEL_DEFAULT_LOCALE"]])[0]


def _record(council: Council, signal: Signal, channel: str, key: str, sender: str) -> IntakeMessage:
    message = IntakeMessage(council_id=council.id, signal_id=signal.id, channel=channel, message_key=key,
                            reference=_reference(), sender=sender or None)
    db.session.add(message)
    db.session.flush()
    audit.record(None, "signal.intake", signal, council_id=council.id,
                 after={"channel": channel, "reference": message.reference})
    return message


# --- e-mail --------------------------------------------------------------------------------------


@dataclass
class MailOutcome:
    status: str  # stored, duplicate, unknown_council, automatic, empty, refused
    message: IntakeMessage | None = None
    detail: str = ""


def store_mail(mail: InboundMail) -> MailOutcome:
    """Make a signal of an e-mail sent to a council's intake address (once per Message-ID)."""
    if mail.automatic:
        return MailOutcome("automatic")
    if db.session.scalar(select(IntakeMessage.id).filter_by(channel="email", message_key=mail.message_key)):
        return MailOutcome("duplicate")
    council = None
    for token in mail.tokens:
        council = db.session.scalar(select(Council).join(IntakeSettings, IntakeSettings.council_id == Council.id)
                                    .where(IntakeSettings.email_token == token))
        if council is not None:
            break
    if council is None:
        return MailOutcome("unknown_council")
    language = mail.language if mail.language in (council.working_languages or []) else _language(council)
    table = indicator_codes(council)
    found = codes.parse_mail(mail.text, known=_known(table))
    with force_locale(language):
        title = mail.subject or codes.title_from(found.narrative)
        if not title:
            return MailOutcome("empty")
        try:
            signal = signals.raise_signal(
                council, actor=None, channel="email", title=title[:200], narrative=found.narrative[:20000],
                language=language, severity=found.severity or 0, indicators=_ticks(council, found.indicators, table))
        except Refusal as refusal:  # nothing of the refused signal may be committed with the next message
            refusals.undo()
            return MailOutcome("refused", detail=refusal.message)
    return MailOutcome("stored", _record(council, signal, "email", mail.message_key, mail.sender))


# --- SMS -----------------------------------------------------------------------------------------

_CODE_AT_START = re.compile(r"(?:\S+\s+){0,3}?C(\d{1,9})\b", re.IGNORECASE)


def _council_by_code(code: str | None) -> Council | None:
    if not code or not code[1:].isdigit() or int(code[1:]) >= 2**31:
        return None
    return db.session.get(Council, int(code[1:]))


def store_sms(sms: Sms) -> tuple[int, str]:
    """(HTTP status, reply text): 200 and a receipt with a reference when stored, 409 when the
    gateway's message id was already received, 422 with the reason when the message is refused."""
    key = key_of(sms.message_id)
    guess = _council_by_code("C" + m.group(1)) if (m := _CODE_AT_START.match(sms.text)) else None
    language = _language(guess) if guess is not None else current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        if db.session.scalar(select(IntakeMessage.id).filter_by(channel="sms", message_key=key)):
            return 409, _("This message was already received.")
        try:
            found = codes.parse_sms(sms.text)
            council = _council_by_code(found.council_code)
            if council is None:
                raise Refusal(_("“%(code)s” is not a council code.", code=found.council_code))
            table = indicator_codes(council)
            signal = signals.raise_signal(
                council, actor=None, channel="sms", title=codes.title_from(found.narrative),
                narrative=found.narrative, language=_language(council), severity=found.severity or 0,
                indicators=_ticks(council, found.indicators, table))
        except Refusal as refusal:  # the request rolls back: the answer is above 400
            return 422, refusal.message
        message = _record(council, signal, "sms", key, sms.sender)
        return 200, _("Received, thank you. Reference %(reference)s. A facilitator will review it.",
                      reference=message.reference)


# --- senders -------------------------------------------------------------------------------------


def sender_of(signal: Signal) -> IntakeMessage | None:
    return db.session.scalar(select(IntakeMessage).where(IntakeMessage.signal_id == signal.id,
                                                         IntakeMessage.council_id == signal.council_id))


def erase_after(message: IntakeMessage, settings: IntakeSettings | None) -> datetime:
    return message.received_at + timedelta(days=retention_days(settings))


def erase_expired_senders(now: datetime | None = None) -> int:
    """Erase senders kept longer than their council's retention period; returns how many."""
    now = now or utcnow()
    default = setting("SIGNALS_SENDER_RETENTION_DAYS")
    rows = db.session.execute(
        select(IntakeMessage, IntakeSettings.retention_days)
        .outerjoin(IntakeSettings, IntakeSettings.council_id == IntakeMessage.council_id)
        .where(IntakeMessage.sender.is_not(None), IntakeMessage.received_at < now - timedelta(days=1))
    ).all()
    erased = 0
    for message, days in rows:
        if message.received_at + timedelta(days=days or default) > now:
            continue
        message.sender = None
        message.sender_erased_at = now
        audit.record(None, "signal.intake_sender_erase", message, council_id=message.council_id,
                     after={"reference": message.reference})
        erased += 1
    db.session.flush()
    return erased
