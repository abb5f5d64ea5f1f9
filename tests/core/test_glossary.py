"""translations/GLOSSARY.md lists the terms a language rejects; no catalogue entry may use one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "translations" / "GLOSSARY.md"
LANGUAGES = ["ar", "es", "fr", "ru", "zh"]


def cells(row: str) -> list[str]:
    """The cells of a Markdown table row; `\\|` is a pipe inside a cell, backticks are dropped."""
    parts = re.split(r"(?<!\\)\|", row.strip().strip("|"))
    return [p.strip().replace("\\|", "|").strip("`") for p in parts]


def rejected_terms() -> list[dict]:
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split("## Rejected terms", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]  # header, separator
    rules = []
    for row in rows:
        language, rejected, instead, only, unless = cells(row)
        rules.append({"language": language, "rejected": re.compile(rejected), "instead": instead,
                      "only": re.compile(only) if only else None, "unless": re.compile(unless) if unless else None})
    return rules


def test_the_glossary_has_rules_for_the_known_confusions():
    rules = rejected_terms()
    assert {r["language"] for r in rules} <= set(LANGUAGES)
    assert ("es", "denunciar / denuncia") in {(r["language"], r["instead"]) for r in rules}
    assert ("zh", "办公室人员") in {(r["language"], r["instead"]) for r in rules}


def offending(language: str, catalogue) -> list[str]:
    found = []
    rules = [r for r in rejected_terms() if r["language"] == language]
    for message in catalogue:
        english = message.id if isinstance(message.id, str) else (message.id or ("",))[0]
        if not english:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        for rule in rules:
            if rule["only"] and not rule["only"].search(english):
                continue
            if rule["unless"] and rule["unless"].search(english):
                continue
            for s in strings:
                if s and rule["rejected"].search(s):
                    found.append(f"{english!r}: {s!r} (use {rule['instead']})")
                    break
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_catalogue_entry_uses_a_rejected_term(language):
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    assert offending(language, read_po(path.open("rb"), locale=language)) == []


def test_a_rejected_term_is_caught():
    from babel.messages.catalog import Catalog

    catalogue = Catalog(locale="es")
    catalogue.add("Report a post", "Reportar un mensaje")
    catalogue.add("Report", "Denunciar")
    assert offending("es", catalogue) == ["'Report a post': 'Reportar un mensaje' (use denunciar / denuncia)"]
    zh = Catalog(locale="zh")
    zh.add("Office readers", "办公室读者")
    assert len(offending("zh", zh)) == 1
