"""Answers remember the messages they came from: a replay adds nothing, an edit replaces."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.records import OutboxItem, Outgoing
from bot.store import Store

NOW = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)


def prompt(store: Store) -> OutboxItem:
    store.create_user(1, 1, "Sanne", "nl", "Europe/Amsterdam", NOW)
    oid = store.enqueue(chat_id=1, user_id=1, kind="prompt", message=Outgoing("Vraag"),
                        due_at=NOW, now=NOW, local_date=NOW.date(), programme_id="starter",
                        prompt_id="w1-ma")
    item = store.get_outbox(oid or 0)
    assert item is not None
    return item


def test_the_same_message_stored_twice_is_kept_once_and_an_edit_replaces_its_part() -> None:
    store = Store.open(":memory:")
    item = prompt(store)
    store.save_answer(item, 1, "open", NOW, text="Kabels getrokken", source=(1, 10))
    store.save_answer(item, 1, "open", NOW, text="met Joost", source=(1, 11))
    again = store.save_answer(item, 1, "open", NOW, text="Kabels getrokken",
                              source=(1, 10), media=("photo", "f", "u", None))
    assert again.text == "Kabels getrokken\nmet Joost" and again.media == ()
    edited = store.edit_answer_text(1, 10, "Kabels getrokken in hal 4", NOW)
    assert edited is not None and edited.text == "Kabels getrokken in hal 4\nmet Joost"
    assert store.edit_answer_text(1, 99, "niets", NOW) is None
