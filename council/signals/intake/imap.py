"""Reading the intake mailbox over IMAP: unseen messages one by one, each marked as seen (or moved
to the done mailbox) only after the caller has stored it."""

from __future__ import annotations

import imaplib
from collections.abc import Iterator


class MailboxError(RuntimeError):
    """The mailbox cannot be reached or refuses a command."""


def _ok(result: tuple[str, list], what: str) -> list:
    status, data = result
    if status != "OK":
        raise MailboxError(f"IMAP {what} failed: {data!r}")
    return data


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Mailbox:
    def __init__(self, *, host: str, port: int, user: str, password: str, mailbox: str = "INBOX",
                 ssl: bool = True, done_mailbox: str = "", timeout: float = 30):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.mailbox, self.ssl, self.done_mailbox, self.timeout = mailbox, ssl, done_mailbox, timeout
        self.connection: imaplib.IMAP4 | None = None

    def __enter__(self) -> Mailbox:
        try:
            kind = imaplib.IMAP4_SSL if self.ssl else imaplib.IMAP4
            self.connection = kind(self.host, self.port, timeout=self.timeout)
            _ok(self.connection.login(self.user, self.password), "LOGIN")
            _ok(self.connection.select(_quoted(self.mailbox)), "SELECT")
            if self.done_mailbox:
                self.connection.create(_quoted(self.done_mailbox))  # fails harmlessly when it exists
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailboxError(f"cannot read the mailbox {self.mailbox!r} on {self.host}:{self.port}: {error}") \
                from error
        return self

    def __exit__(self, *exc) -> None:
        if self.connection is None:
            return
        try:
            self.connection.close()
            self.connection.logout()
        except (OSError, imaplib.IMAP4.error):
            pass

    def unseen(self) -> list[bytes]:
        """The UIDs of unseen messages, oldest first."""
        data = _ok(self.connection.uid("SEARCH", "UNSEEN"), "SEARCH")
        return data[0].split() if data and data[0] else []

    def messages(self) -> Iterator[tuple[bytes, bytes]]:
        """(uid, raw message) for each unseen message; reading does not mark it as seen."""
        for uid in self.unseen():
            data = _ok(self.connection.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH")
            raw = next((part[1] for part in data if isinstance(part, tuple)), None)
            if raw is not None:
                yield uid, raw

    def done(self, uid: bytes) -> None:
        """The message was stored (or is not a report): mark it as seen, or move it away."""
        conn = self.connection
        _ok(conn.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "STORE")
        if not self.done_mailbox:
            return
        if "MOVE" in conn.capabilities:
            _ok(conn.uid("MOVE", uid, _quoted(self.done_mailbox)), "MOVE")
        else:
            _ok(conn.uid("COPY", uid, _quoted(self.done_mailbox)), "COPY")
            _ok(conn.uid("STORE", uid, "+FLAGS", "(\\Deleted)"), "STORE")
            _ok(conn.expunge(), "EXPUNGE")
