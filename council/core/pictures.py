"""Small pictures drawn by the server: an inline SVG icon set and initials avatars.

Icons are decorative (the text beside them says what they mean): `icon("reply")` gives
`<svg aria-hidden="true" focusable="false"><use href="#i-reply"/></svg>`, and the page ends with
one hidden sprite holding only the symbols that page used (`icon_sprite()` in base.html), so a
thread of fifty posts carries each drawing once. No file is fetched, nothing is styled inline
(the strict CSP holds): strokes follow the text colour through `currentColor`.

Avatars are a coloured disc with a person's initials, its colour chosen by a hash of their account
id (so it stays the same wherever they appear, and says nothing else about them). An anonymous
post gets the same neutral disc for everyone: no initials, no colour, nothing to tell authors
apart."""

from __future__ import annotations

import hashlib

from flask import g, has_request_context
from markupsafe import Markup

# 16×16 drawings, stroked with the text's colour. Keys are the names templates use.
ICONS: dict[str, str] = {
    # kinds of post
    "contribution": '<path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z"/>',
    "question": '<circle cx="8" cy="8" r="6"/><path d="M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.6"/>'
                '<path d="M8 11.6v.1"/>',
    "concern": '<path d="M8 2.2 14.2 13H1.8z"/><path d="M8 6.5v3"/><path d="M8 11.4v.1"/>',
    "proposal": '<path d="M5.6 10.5a4 4 0 1 1 4.8 0v1.5H5.6z"/><path d="M6.3 14h3.4"/>',
    "information": '<circle cx="8" cy="8" r="6"/><path d="M8 7.2v4"/><path d="M8 4.8v.1"/>',
    # statuses
    "proposed": '<circle cx="8" cy="8" r="6" stroke-dasharray="2 2"/>',
    "open": '<circle cx="8" cy="8" r="6"/><path d="M5.5 8h5M8 5.5v5"/>',
    "closed": '<rect x="3.5" y="7" width="9" height="6.5" rx="1"/><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2"/>',
    "summarised": '<path d="M4 2.5h6l2.5 2.5v8.5H4z"/><path d="M6 7.5h4.5M6 10h4.5"/>',
    "forwarded": '<path d="M2.5 8h9"/><path d="M8.5 4.5 12 8l-3.5 3.5"/><path d="M14 3v10"/>',
    "declined": '<circle cx="8" cy="8" r="6"/><path d="M5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4"/>',
    # actions
    "reply": '<path d="M6.5 4 2.5 8l4 4"/><path d="M2.5 8h6.5a4.5 4.5 0 0 1 4.5 4.5"/>',
    "report": '<path d="M3.5 14V2.5"/><path d="M3.5 3h8.5l-2 3 2 3H3.5"/>',
    "edit": '<path d="M10.5 2.8l2.7 2.7-7.7 7.7H2.8v-2.7z"/>',
    "translate": '<path d="M2 4h7M5.5 2.5V4M3.5 4c.5 2.5 2.5 4.5 5 5.5M7.5 4c-.5 2.5-2.5 4.5-5 5.5"/>'
                 '<path d="M8.5 14l2.5-6 2.5 6M9.3 12.2h3.4"/>',
    "language": '<circle cx="8" cy="8" r="6"/><path d="M2 8h12M8 2c-2.2 3.6-2.2 8.4 0 12M8 2c2.2 3.6 2.2 8.4 0 12"/>',
    "menu": '<path d="M2.5 4.5h11M2.5 8h11M2.5 11.5h11"/>',
    "person": '<circle cx="8" cy="5.5" r="2.5"/><path d="M3 13.5a5 5 0 0 1 10 0"/>',
}

# Discs for avatars: each keeps white initials at 4.5:1 or more (tests/core/test_pictures.py).
AVATAR_COLOURS = 8


def icon(name: str, class_: str = "") -> Markup:
    """A decorative icon (hidden from screen readers: the text beside it carries the meaning)."""
    if name not in ICONS:
        return Markup("")
    if has_request_context():
        g.setdefault("icons_used", set()).add(name)
    extra = f" {class_}" if class_ else ""
    return Markup(
        f'<svg class="icon{extra}" width="16" height="16" aria-hidden="true" focusable="false">'
        f'<use href="#i-{name}"/></svg>'
    )


def used() -> frozenset[str]:
    """The icons drawn so far on this page."""
    return frozenset(g.get("icons_used", ())) if has_request_context() else frozenset()


def note_used(names) -> None:
    """Icons drawn by a piece of page kept from an earlier request (core/fragments.py)."""
    if has_request_context():
        g.setdefault("icons_used", set()).update(n for n in names if n in ICONS)


def icon_sprite() -> Markup:
    """The symbols of the icons this page used, once each, in a hidden SVG at the end of the page."""
    used = sorted(g.get("icons_used", ())) if has_request_context() else []
    if not used:
        return Markup("")
    # The drawing's attributes sit on each symbol: a <use> copies its symbol, not the sprite around it.
    drawing = 'fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"'
    symbols = "".join(f'<symbol id="i-{name}" viewBox="0 0 16 16" {drawing}>{ICONS[name]}</symbol>' for name in used)
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" hidden class="icon-sprite">{symbols}</svg>')


def initials(name: str | None) -> str:
    """Up to two letters: the first of the first two words ("Nadia K." → "NK", "Ana" → "A")."""
    words = [w for w in (name or "").replace(".", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper()


def avatar_colour(user_id: int | None) -> int:
    """Which of the AVATAR_COLOURS discs is this person's: a hash of their id, nothing else."""
    digest = hashlib.sha256(f"council-avatar:{user_id}".encode()).digest()
    return digest[0] % AVATAR_COLOURS


def avatar(user_id: int | None, name: str | None) -> Markup:
    """A person's initials on their colour; the neutral disc when there is no one to show
    (an anonymous post, a former member): the same for everyone."""
    letters = initials(name) if user_id is not None else ""
    if not letters:
        return Markup('<span class="avatar avatar-neutral" aria-hidden="true">') + icon("person") + Markup("</span>")
    return Markup('<span class="avatar avatar-{}" aria-hidden="true" translate="no">{}</span>').format(
        avatar_colour(user_id), letters
    )


def register(app) -> None:
    app.jinja_env.globals.update(icon=icon, icon_sprite=icon_sprite, avatar=avatar)
