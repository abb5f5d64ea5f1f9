"""The search index follows the services: each event that brings or changes a text updates its
entry, in the same transaction.

Hiding and restoring a post change no text: whether a hidden post is found is decided at search
time from the post's state (queries.py), so no event is needed for them, and a post restored by a
facilitator is found again at once. An erased account's posts stay in their threads (the erasure
keeps what others answered); its name is not in the index, and results show authors from the
accounts table, where the name is gone, so nothing here changes either: see
tests/search/test_index.py for both."""

from __future__ import annotations

from council import events
from council.search import services


@events.item_proposed.connect
def _item_proposed(item, **_kwargs) -> None:
    services.index_item(item)


@events.post_created.connect
def _post_created(post, **_kwargs) -> None:
    services.index_post(post)


@events.post_edited.connect
def _post_edited(post, **_kwargs) -> None:
    services.index_post(post)


@events.post_withdrawn.connect
def _post_withdrawn(post, **_kwargs) -> None:
    services.forget_post(post)


@events.post_translated.connect
def _post_translated(translation, **_kwargs) -> None:
    services.index_post_translation(translation, translation.post)


@events.summary_saved.connect
def _summary_saved(summary, *, version, **_kwargs) -> None:
    services.index_summary(summary, version)


@events.summary_translated.connect
def _summary_translated(translation, *, summary, **_kwargs) -> None:
    services.index_summary_translation(translation, summary)
