"""Named template hooks: a page of a lower domain leaves a named slot that a higher domain fills.

The agenda item page does not know that threads exist; it renders `{{ hook("item.after", item=item) }}`
and the deliberations domain registers what goes there. Every slot is declared in HOOKS, so a typo
in a template or a registration fails at once instead of leaving a page silently empty.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

HOOKS: frozenset[str] = frozenset(
    {
        "item.main",            # the agenda item page, below the description (the thread)
        "item.after",           # the agenda item page, after the thread
        "item.scripts",         # the agenda item page, scripts from static/ at the end of the body
        "item.summary",         # the agenda item page, above the description (its summary)
        "summary.after",        # the summary page (what became of it: forwardings and answers)
        "summary.actions",      # the summary page, actions offered beside it (forward)
        "dashboard.sections",   # the dashboard, sections of higher domains
        "council.sections",     # the council's page for its members
        "council.composition",  # the council's page, below its composition (who took part)
        "item.facilitation",    # the agenda item page, the facilitators' section of an open item
        "office.sections",      # the office reader's digest
        "signal.after",         # an early-warning signal's page
        "provision.after",      # a monitoring provision's page
        "account.links",        # the person's account page, links to pages of higher domains (<li>)
    }
)

_fillers: dict[str, list[tuple[int, Callable[..., str | None]]]] = {name: [] for name in HOOKS}


def fill(name: str, order: int = 50):
    """Decorator: `fn(**context)` returns HTML (Markup, usually from render_template) or None."""
    if name not in HOOKS:
        raise KeyError(f"unknown template hook {name!r}; declare it in council/core/hooks.py")

    def register(fn: Callable[..., str | None]):
        fillers = _fillers[name]
        if all(existing is not fn for _o, existing in fillers):
            fillers.append((order, fn))
            fillers.sort(key=lambda pair: pair[0])
        return fn

    return register


def render_hook(name: str, **context) -> Markup:
    """What every filler of `name` renders, in order (used in templates as `hook(name, ...)`)."""
    if name not in HOOKS:
        raise KeyError(f"unknown template hook {name!r}")
    parts = [fn(**context) for _order, fn in _fillers[name]]
    return Markup("").join(Markup(part) for part in parts if part)


def filled(name: str) -> bool:
    """Whether any domain fills `name` (for a heading that only makes sense with content)."""
    return bool(_fillers[name])
