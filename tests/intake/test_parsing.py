"""The pure parts of intake: SMS codes, e-mail keyword lines, e-mail reading, webhook signatures."""

from __future__ import annotations

import json

import pytest
from flask_babel import force_locale

from council.core.refusals import Refusal
from council.signals.intake import codes, inbound, webhook

SECRET = "shared-secret-of-the-gateway"


# --- SMS codes -----------------------------------------------------------------------------------


def test_sms_codes_in_any_order_and_case_then_the_narrative(app):
    found = codes.parse_sms("s3  c12 i:ap,jm+ I:dis  Wells poisoned   near the market\nsecond line")
    assert found.council_code == "C12"
    assert found.severity == 3
    assert found.indicators == ["AP", "JM+", "DIS"]
    assert found.narrative == "Wells poisoned   near the market\nsecond line"


def test_sms_narrative_may_start_with_what_looks_like_a_code_after_the_first_word(app):
    found = codes.parse_sms("C4 Shots fired S3 times")
    assert (found.council_code, found.severity, found.narrative) == ("C4", None, "Shots fired S3 times")


@pytest.mark.parametrize("text, message", [
    ("S3 Shooting at the market", "council's code"),
    ("C12 S7 Shooting", "S0 to S4"),
    ("C12 S2   ", "Write what happened"),
    ("", "council's code"),
])
def test_sms_refused_with_a_clear_message(app, text, message):
    with force_locale("en"), pytest.raises(Refusal) as refused:
        codes.parse_sms(text)
    assert message in refused.value.message


def test_mail_keyword_lines_leave_the_narrative():
    body = "Roadblock on the north road.\nSEV 3\nIND AP, dis\nSeen this morning."
    found = codes.parse_mail(body)
    assert found.severity == 3
    assert found.indicators == ["AP", "DIS"]
    assert found.narrative == "Roadblock on the north road.\nSeen this morning."


def test_mail_indicator_line_with_unknown_codes_stays_in_the_text():
    found = codes.parse_mail("Indicators of trouble everywhere\nSeverity: 2", known=lambda code: code == "AP")
    assert found.indicators == []
    assert found.severity == 2
    assert found.narrative == "Indicators of trouble everywhere"


def test_short_codes_are_stable_when_indicators_are_added():
    first = codes.short_codes([(1, "armed_presence"), (2, "gendered_rhetoric"), (5, "displacement")])
    assert first == {"AP": 1, "GR": 2, "DIS": 5}
    later = codes.short_codes([(1, "armed_presence"), (2, "gendered_rhetoric"), (5, "displacement"),
                               (9, "gbv_rise")])
    assert later == {"AP": 1, "GR": 2, "DIS": 5, "GR2": 9}


def test_title_is_the_first_line_cut_at_a_word():
    assert codes.title_from("\n  Short one\nmore") == "Short one"
    title = codes.title_from("word " * 40)
    assert title.endswith("…") and len(title) <= codes.TITLE_MAX + 1 and "wor…" not in title


# --- e-mail --------------------------------------------------------------------------------------


def test_plain_mail_gives_subject_text_language_sender_and_token():
    raw = (b"From: Amina <amina@example.net>\r\nTo: Signals <signals+ab12cd34ef@council.example>\r\n"
           b"Subject: =?utf-8?q?Tension_=C3=A0_Kassa?=\r\nMessage-ID: <m1@example.net>\r\n"
           b"Content-Language: fr-FR\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           b"Des jeunes arm\xc3\xa9s au march\xc3\xa9.\r\nSEV 2\r\n")
    mail = inbound.parse(raw)
    assert mail.subject == "Tension à Kassa"
    assert mail.text == "Des jeunes armés au marché.\nSEV 2"
    assert mail.language == "fr"
    assert mail.sender == "amina@example.net"
    assert mail.tokens == ["ab12cd34ef"]
    assert not mail.automatic
    assert mail.message_key == inbound.parse(raw.replace(b"SEV 2", b"SEV 3")).message_key  # same Message-ID


def test_html_mail_becomes_text_without_scripts():
    raw = (b"From: x@example.net\r\nSubject: Hi\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           b"<html><head><style>p{}</style></head><body><p>First &amp; foremost</p>"
           b"<script>alert(1)</script><div>Second<br>Third</div></body></html>")
    mail = inbound.parse(raw, recipient="signals+zzzz9999@council.example")
    assert mail.text == "First & foremost\n\nSecond\nThird"
    assert mail.tokens == ["zzzz9999"]
    assert mail.language is None


def test_auto_replies_are_recognised():
    raw = b"From: x@example.net\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nAway"
    assert inbound.parse(raw).automatic


# --- the webhook ---------------------------------------------------------------------------------


def test_signature_accepted_when_right_and_recent():
    body = b"id=1&from=%2B2547&text=hello"
    webhook.verify(SECRET, "1000", body, webhook.sign(SECRET, "1000", body), now=1100, max_age=300)
    webhook.verify(SECRET, "1000", body, "sha256=" + webhook.sign(SECRET, "1000", body), now=1100, max_age=300)


@pytest.mark.parametrize("timestamp, signature, now, reason", [
    ("1000", "0" * 64, 1000, "signature"),
    ("1000", None, 1000, "signature"),
    ("1001", "right-for-1000", 1000, "signature"),  # the timestamp is part of what is signed
    ("1000", "right-for-1000", 1301, "stale"),
    ("1000", "right-for-1000", 699, "stale"),
    ("abc", "right-for-abc", 1000, "signature"),
])
def test_signature_rejected(timestamp, signature, now, reason):
    body = b"id=1&from=1&text=x"
    if signature and signature.startswith("right-for-"):
        signature = webhook.sign(SECRET, signature.removeprefix("right-for-"), body)
    with pytest.raises(webhook.Rejected) as rejected:
        webhook.verify(SECRET, timestamp, body, signature, now=now, max_age=300)
    assert rejected.value.reason == reason


def test_no_secret_accepts_nothing():
    with pytest.raises(webhook.Rejected):
        webhook.verify("", "1000", b"x", webhook.sign("", "1000", b"x"), now=1000, max_age=300)


def test_fields_from_form_and_json():
    form = webhook.fields("application/x-www-form-urlencoded", b"id=abc&from=%2B254700&text=C1+hello")
    assert (form.message_id, form.sender, form.text) == ("abc", "+254700", "C1 hello")
    data = webhook.fields("application/json; charset=utf-8",
                          json.dumps({"id": 7, "from": "+254700", "text": "C1 salut"}).encode())
    assert (data.message_id, data.text) == ("7", "C1 salut")


@pytest.mark.parametrize("content_type, body", [
    ("application/json", b"[1, 2]"),
    ("application/json", b"{not json"),
    ("application/json", json.dumps({"id": "1", "from": "2"}).encode()),
    ("application/x-www-form-urlencoded", b"id=1&from=2&text="),
    ("application/x-www-form-urlencoded", b"id=1&from=2&text=%00x"),
    ("application/x-www-form-urlencoded", b"\xff\xfe"),
    ("application/x-www-form-urlencoded", b"id=1&from=2&text=" + b"x" * 2001),
])
def test_bad_fields_rejected(content_type, body):
    with pytest.raises(webhook.Rejected):
        webhook.fields(content_type, body)
