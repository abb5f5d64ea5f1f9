"""What the summaries domain adds to the agenda: the summary section of an item's page, once its
deliberation is over (template hook "item.summary")."""

from __future__ import annotations

from flask import render_template

from council.core import hooks
from council.summaries import queries


@hooks.fill("item.summary")
def item_section(*, item, council, **_context) -> str | None:
    if not item.may_be_summarised:
        return None
    return render_template("summaries/_item_section.html", item=item, council=council,
                           item_sum=queries.summary_for_item(item))
