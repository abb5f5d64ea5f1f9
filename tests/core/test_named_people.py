"""A sentence about a named person says what happened, without guessing the person's gender
(no masculine verb before the name in Arabic, no "suspendido" after it in Spanish)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import tr

ROOT = Path(__file__).resolve().parents[2]
PERSON = re.compile(r"%\((name|inviter|author|who)\)s")
P = r"%\((?:name|inviter|author|who)\)s"

# Forms that give the person a gender, by language.
GENDERED = {
    # A masculine verb right before the name ("أغلق فلان", "اقترحه فلان", "يدعوك فلان").
    "ar": re.compile(r"(?:^|\s)(?:أصبح|يدعوك|يدعو|رفضه|أغلق|دمجه|فتحه|اقترحه|غيّر|ترجمه|ترجمها|كتبه|اعتمده|أحاله)\s+(?:لـ)?" + P),
    # A masculine participle about the person ("Fulano ha sido suspendido").
    "es": re.compile(P + r" (?:ha sido|fue|está|queda) \w+(?:ado|ido)\b"),
    "fr": re.compile(P + r" (?:a été|est|sera) (?:\w+é|suspendu|inscrit|admis|exclu)\b"),
    # A masculine past tense after the name ("Иван предложил").
    "ru": re.compile(P + r",? (?:\w+ )?\w+(?:ил|ал|ел|ял)\b"),
}


@pytest.mark.parametrize("language", sorted(GENDERED))
def test_no_sentence_about_a_named_person_forces_a_gender(language):
    catalogue = read_po((ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb"), locale=language)
    found = []
    for message in catalogue:
        key = message.id if isinstance(message.id, str) else (message.id or ("",))[0]
        if not key or not PERSON.search(key):
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        found += [f"{key} → {s}" for s in strings if s and GENDERED[language].search(s)]
    assert found == []


def test_the_action_is_the_subject(app):
    assert tr(app, "es", "%(name)s is suspended from the council.", name="Tomás R.") == \
        "Se ha suspendido la participación de Tomás R. en el consejo."
    assert tr(app, "ar", "Deliberation closed by %(name)s.", name="سلمى") == "أُغلقت المداولة من قِبل سلمى."
