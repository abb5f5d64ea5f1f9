"""The IMAP reader against a real Dovecot: unseen messages are read without being marked, and
marked (or moved) only when the caller says they are done."""

from __future__ import annotations

import imaplib

import pytest

from council.signals.intake.imap import Mailbox, MailboxError


def _message(n: int) -> bytes:
    return f"From: p{n}@example.net\r\nSubject: Report {n}\r\nMessage-ID: <r{n}@example.net>\r\n\r\nText {n}\r\n".encode()


def _mailbox(server, **overrides) -> Mailbox:
    values = dict(host=server["host"], port=server["port"], user=server["user"], password=server["password"],
                  ssl=False)
    values.update(overrides)
    return Mailbox(**values)


def _unseen(conn) -> list[bytes]:
    conn.select("INBOX")
    return conn.search(None, "UNSEEN")[1][0].split()


def test_reading_does_not_mark_and_done_marks_seen(imap, dovecot_server):
    for n in (1, 2):
        imap.append("INBOX", None, None, _message(n))
    with _mailbox(dovecot_server) as box:
        read = list(box.messages())
        assert [raw.split(b"\r\n")[1] for _uid, raw in read] == [b"Subject: Report 1", b"Subject: Report 2"]
        assert len(_unseen(imap)) == 2
        box.done(read[0][0])
    assert len(_unseen(imap)) == 1
    with _mailbox(dovecot_server) as box:
        assert [b"Report 2" in raw for _uid, raw in box.messages()] == [True]


def test_done_moves_to_the_done_mailbox(imap, dovecot_server):
    imap.append("INBOX", None, None, _message(3))
    with _mailbox(dovecot_server, done_mailbox="Done") as box:
        for uid, _raw in box.messages():
            box.done(uid)
    imap.select("INBOX")
    assert imap.search(None, "ALL")[1][0] == b""
    imap.select("Done")
    assert len(imap.search(None, "SEEN")[1][0].split()) == 1


def test_wrong_password_is_a_clear_error(dovecot_server):
    with pytest.raises(MailboxError, match="cannot read the mailbox"):
        with _mailbox(dovecot_server, password="wrong"):
            pass
    assert issubclass(MailboxError, RuntimeError) and imaplib.IMAP4.error
