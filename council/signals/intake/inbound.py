"""An e-mail as it arrives (raw bytes from IMAP or a mail server's pipe), read into what a signal
needs: which council it is for, the title, the text, the language, who sent it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html import unescape
from html.parser import HTMLParser

# signals+<token>@example.org: the token names the council.
_PLUS_TOKEN = re.compile(r"\+([a-z0-9]{6,32})@", re.IGNORECASE)
_RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                         "blockquote", "pre", "section", "article", "header", "footer", "hr"})


@dataclass
class InboundMail:
    message_key: str  # a hash of the Message-ID (or of the message itself when it has none)
    subject: str
    text: str
    language: str | None
    sender: str
    tokens: list[str] = field(default_factory=list)  # council tokens found in the recipients
    automatic: bool = False  # an auto-reply, a bounce: not a report


class _TextOf(HTMLParser):
    """The readable text of an HTML body: blocks become lines, scripts and styles are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset: read what can be read
        content = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_type() == "text/html":
        return html_to_text(content)
    return content.replace("\r\n", "\n").strip()


def _language(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("plain", "html"))
    for source in (part, message):
        value = source.get("Content-Language") if source is not None else None
        if value:
            first = str(value).split(",")[0].strip().lower()
            return first.split("-")[0] or None
    return None


def tokens_in(addresses: list[str]) -> list[str]:
    found: list[str] = []
    for address in addresses:
        for token in _PLUS_TOKEN.findall(address):
            if token.lower() not in found:
                found.append(token.lower())
    return found


def parse(raw: bytes, *, recipient: str | None = None) -> InboundMail:
    """Read a raw message; `recipient` is the envelope recipient when the mail server gives it."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    message_id = str(message.get("Message-ID") or "").strip()
    key_source = message_id.encode() if message_id else raw
    addresses = [recipient] if recipient else []
    for header in _RECIPIENT_HEADERS:
        addresses.extend(address for _name, address in getaddresses([str(v) for v in message.get_all(header, [])]))
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    return InboundMail(
        message_key=hashlib.sha256(key_source).hexdigest(),
        subject=" ".join(str(message.get("Subject", "")).split()),
        text=_body_text(message),
        language=_language(message),
        sender=parseaddr(str(message.get("From", "")))[1][:254],
        tokens=tokens_in(addresses),
        automatic=auto not in ("", "no") or bool(message.get("X-Autoreply")),
    )
