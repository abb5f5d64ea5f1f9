"""The SMS gateway's webhook: its signature, its age, its fields.

The gateway signs each request with the shared secret: the header X-Council-Signature carries the
hex HMAC-SHA256 of "<timestamp>.<raw body>", where <timestamp> is the header X-Council-Timestamp
(Unix seconds). The body is a form (application/x-www-form-urlencoded) or JSON with the fields
`id` (the gateway's message id), `from` (the sender's number) and `text`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import parse_qs

SIGNATURE_HEADER = "X-Council-Signature"
TIMESTAMP_HEADER = "X-Council-Timestamp"
FIELD_MAX = {"id": 200, "from": 64, "text": 2000}


class Rejected(Exception):
    """The request is not accepted; `reason` is one of: signature, stale, fields."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Sms:
    message_id: str
    sender: str
    text: str


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature a gateway sends (used by gateways' adapters and by the tests)."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str | None, body: bytes, signature: str | None, *, now: float,
           max_age: int) -> None:
    """Raise Rejected unless the signature is right and the timestamp is recent."""
    if not secret or not timestamp or not signature:
        raise Rejected("signature")
    signature = signature.strip().removeprefix("sha256=")
    if not hmac.compare_digest(sign(secret, timestamp.strip(), body), signature):
        raise Rejected("signature")
    try:
        sent = int(timestamp.strip())
    except ValueError:
        raise Rejected("signature") from None
    if abs(now - sent) > max_age:
        raise Rejected("stale")


def fields(content_type: str | None, body: bytes) -> Sms:
    """The message's fields from a form or JSON body."""
    try:
        text = body.decode("utf-8")
        if (content_type or "").split(";")[0].strip().lower() == "application/json":
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError
            values = {k: data.get(k) for k in FIELD_MAX}
        else:
            parsed = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
            values = {k: (parsed.get(k) or [None])[0] for k in FIELD_MAX}
    except ValueError:  # includes UnicodeDecodeError and JSON errors
        raise Rejected("fields") from None
    for name, limit in FIELD_MAX.items():
        value = values[name]
        if isinstance(value, int) and name == "id":
            value = values[name] = str(value)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise Rejected("fields")
        if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
            raise Rejected("fields")
    return Sms(message_id=values["id"].strip(), sender=values["from"].strip(), text=values["text"].strip())
