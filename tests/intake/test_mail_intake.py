"""E-mail intake end to end: messages put into a real Dovecot with IMAP APPEND, then
`flask council fetch-signals`; and the same through `--stdin`, as a mail server's pipe delivers."""

from __future__ import annotations

from sqlalchemy import func, select

from council.audit.models import AuditEvent
from council.extensions import db
from council.signals.intake import services
from council.signals.intake.models import IntakeMessage
from council.signals.models import Signal
from tests.conftest import make_council, make_user


def _intake_council(**overrides):
    council = make_council(texts={"fr": ("Conseil du Nord", "Mandat."), "en": ("North council", "Mandate.")},
                           **overrides)
    settings = services.new_address(council, actor=None)
    db.session.commit()
    return council, settings.email_token


def _mail(token: str, n: int, *, subject="Barrage sur la route", body="Des hommes armés au pont.\nSEV 3\nIND AP, DIS",
          extra: str = "") -> bytes:
    return (f"From: Témoin <witness{n}@example.net>\r\nTo: signals+{token}@council.example\r\n"
            f"Subject: {subject}\r\nMessage-ID: <report-{n}@example.net>\r\n{extra}"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            f"{body}\r\n").encode()


def _config(configure, server, **more):
    values = dict(SIGNALS_IMAP_HOST=server["host"], SIGNALS_IMAP_PORT=str(server["port"]),
                  SIGNALS_IMAP_USER=server["user"], SIGNALS_IMAP_PASSWORD=server["password"],
                  SIGNALS_IMAP_SSL="false", SIGNALS_INTAKE_ADDRESS="signals@council.example")
    configure(**{**values, **more})


def _signals():
    db.session.expire_all()
    return list(db.session.scalars(select(Signal).order_by(Signal.id)))


def test_fetch_signals_stores_each_message_once_and_marks_it_seen(app, configure, imap, dovecot_server):
    council, token = _intake_council()
    other, _other_token = _intake_council()
    _config(configure, dovecot_server)
    imap.append("INBOX", None, None, _mail(token, 1))
    imap.append("INBOX", None, None, _mail("nobody0000", 2, subject="Spam"))
    imap.append("INBOX", None, None, _mail(token, 3, subject="Absent", extra="Auto-Submitted: auto-replied\r\n"))

    result = app.test_cli_runner().invoke(args=["council", "fetch-signals"])
    assert result.exit_code == 0, result.output
    assert "1 stored" in result.output and "1 unknown_council" in result.output and "1 automatic" in result.output

    [signal] = _signals()
    assert (signal.council_id, signal.channel, signal.status) == (council.id, "email", "new")
    assert signal.reporter_id is None
    assert signal.title == "Barrage sur la route"
    assert signal.narrative == "Des hommes armés au pont."
    assert signal.language == "fr"  # no Content-Language: the council's first working language
    assert signal.severity == 3
    assert sorted(t.indicator.key for t in signal.indicators) == ["armed_presence", "displacement"]
    message = db.session.scalar(select(IntakeMessage))
    assert (message.signal_id, message.sender) == (signal.id, "witness1@example.net")
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "signal.intake", AuditEvent.council_id == council.id)) == 1
    imap.select("INBOX")
    assert imap.search(None, "UNSEEN")[1][0] == b""  # every message was dealt with

    # The same message again (a resend, or a mailbox restored from backup) is not stored twice.
    imap.append("INBOX", None, None, _mail(token, 1))
    result = app.test_cli_runner().invoke(args=["council", "fetch-signals"])
    assert "1 duplicate" in result.output
    assert len(_signals()) == 1
    assert other.id not in {s.council_id for s in _signals()}


def test_fetch_signals_moves_stored_messages_to_the_done_mailbox(app, configure, imap, dovecot_server):
    council, token = _intake_council()
    _config(configure, dovecot_server, SIGNALS_IMAP_DONE_MAILBOX="Done")
    imap.append("INBOX", None, None, _mail(token, 4, extra="Content-Language: en\r\n"))
    result = app.test_cli_runner().invoke(args=["council", "fetch-signals"])
    assert "1 stored" in result.output, result.output
    assert _signals()[0].language == "en"
    imap.select("INBOX")
    assert imap.search(None, "ALL")[1][0] == b""
    imap.select("Done")
    assert len(imap.search(None, "ALL")[1][0].split()) == 1


def test_fetch_signals_reports_an_unreachable_mailbox(app, configure, dovecot_server):
    _config(configure, dovecot_server, SIGNALS_IMAP_PASSWORD="wrong")
    result = app.test_cli_runner().invoke(args=["council", "fetch-signals"])
    assert result.exit_code != 0
    assert "cannot read the mailbox" in result.output


def test_stdin_stores_a_piped_message_html_and_envelope_recipient(app):
    council, token = _intake_council()
    html = ("<html><body><p>Tirs &amp; cris au march&eacute;</p><script>x()</script>"
            "<p>SEV 4</p></body></html>")
    raw = _mail("ignored000", 5, subject="", body=html).replace(b"text/plain", b"text/html")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["council", "fetch-signals", "--stdin", "--recipient",
                                 f"signals+{token}@council.example"], input=raw)
    assert result.exit_code == 0, result.output
    assert "stored as reference R" in result.output
    [signal] = _signals()
    assert (signal.title, signal.narrative, signal.severity) == ("Tirs & cris au marché", "Tirs & cris au marché", 4)
    again = runner.invoke(args=["council", "fetch-signals", "--stdin", "--recipient",
                                f"signals+{token}@council.example"], input=raw)
    assert "duplicate" in again.output and len(_signals()) == 1


def test_stdin_refuses_an_oversized_message(app, configure):
    configure(SIGNALS_MAIL_MAX_BYTES=100)
    result = app.test_cli_runner().invoke(args=["council", "fetch-signals", "--stdin"], input=b"x" * 101)
    assert result.exit_code != 0 and "larger than 100 bytes" in result.output
    assert _signals() == []


def test_replacing_the_address_retires_the_old_one(app):
    council, token = _intake_council()
    services.new_address(council, actor=make_user())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["council", "fetch-signals", "--stdin"], input=_mail(token, 6))
    assert "unknown_council" in result.output
    assert _signals() == []
