"""French and Spanish count a million differently from two: "1 000 000 de comptes", "2 comptes".
Their catalogues keep CLDR's three forms (one, many, other), and the "many" form is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import tr

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("language", "said"), [
    ("fr", {1: "1 compte", 2: "2 comptes", 1000000: "1000000 de comptes", 0: "0 compte"}),
    ("es", {1: "1 cuenta", 2: "2 cuentas", 1000000: "1000000 de cuentas", 0: "0 cuentas"}),
])
def test_a_million_takes_de(app, language, said):
    for n, text in said.items():
        assert tr(app, language, "%(num)s account", "%(num)s accounts", n) == text


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_many_form_is_written_not_copied(language):
    catalogue = read_po((ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb"), locale=language)
    assert catalogue.num_plurals == 3
    copied = []
    for message in catalogue:
        if not isinstance(message.id, (tuple, list)) or not message.id[0]:
            continue
        assert len(message.string) == 3, message.id
        one, many, other = message.string
        # A number followed by what it counts: a million of them is "de …" / "d'…" ("(2 sin leer)"
        # counts nothing after the number).
        if re.search(r"%\(num\)[sd] (?!sin\b)\w", other) and not re.search(r"%\(num\)[sd] (de |d')", many):
            copied.append(message.id[0])
    assert copied == []
