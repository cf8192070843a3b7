"""Trust: what a learner sends is never lost, and never confirmed when it was not kept."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.store import Store
from bot.telegram import inbox
from tests.e2e.harness import World
from tests.e2e.steps import onboarded

PROMPT_TIME = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)  # Monday 16:45 in Amsterdam


def break_save_answer(monkeypatch: pytest.MonkeyPatch, times: int) -> list[int]:
    """The handler path fails ``times`` times (a disk error, a bug), then works. (A lock
    is no failure any more: the store thread waits it out, tests/cli/test_locked_database.)"""
    real = Store.save_answer
    failures: list[int] = []

    def flaky(self: Store, *args: Any, **kwargs: Any) -> Any:
        if len(failures) < times:
            failures.append(1)
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_answer", flaky)
    return failures


async def test_an_answer_whose_handler_fails_is_kept_and_stored_on_the_next_try(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    await world.tick()
    await user.next_message()
    break_save_answer(monkeypatch, times=1)
    await user.send("Vandaag de pomp ontlucht met Ahmed")
    told = await user.next_message()
    assert "bewaard" in told.text and "probeer het zo opnieuw" in told.text
    assert world.rows("SELECT text FROM answers") == []
    # kept as the JSON that came in, not PTB's re-serialisation of it (which fills in
    # every default, and cost as much CPU as the reply)
    (row,) = world.rows("SELECT payload FROM inbox WHERE kind = 'message'"
                        " ORDER BY update_id DESC LIMIT 1")
    stored = json.loads(row["payload"])
    assert stored["message"]["text"] == "Vandaag de pomp ontlucht met Ahmed"
    assert stored["message"]["from"]["id"] == user.id
    assert "channel_chat_created" not in stored["message"]  # a default only PTB adds
    await world.at(PROMPT_TIME + timedelta(minutes=2))
    await world.tick()
    assert "Opgeslagen" in (await user.next_message()).text
    assert world.rows("SELECT prompt_id, text FROM answers") == [
        {"prompt_id": "w1-ma", "text": "Vandaag de pomp ontlucht met Ahmed"}]
    assert world.rows("SELECT status, payload FROM inbox WHERE kind = 'message'"
                      " ORDER BY update_id DESC LIMIT 1") == [{"status": "done", "payload": None}]
    world.errors.clear()


async def test_a_message_that_keeps_failing_is_not_called_kept_at_the_end(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    await world.tick()
    await user.next_message()
    break_save_answer(monkeypatch, times=10)
    await user.send("Lasnaad gecontroleerd")
    assert "bewaard" in (await user.next_message()).text
    for minutes in (2, 8, 20):
        await world.at(PROMPT_TIME + timedelta(minutes=minutes))
        await world.tick()
    await world.settle()
    last = user.messages[-1].text
    assert "nog een keer sturen" in last
    assert sum("bewaard" in m.text for m in user.messages) == 1
    assert world.rows("SELECT count(*) AS n FROM answers") == [{"n": 0}]
    world.errors.clear()


async def test_when_the_message_cannot_even_be_recorded_the_user_is_asked_to_send_it_again(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    inbox._last_write_failure_log[:] = [float("-inf"), 0]
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    await world.tick()
    await user.next_message()

    def full_disk(*args: Any, **kwargs: Any) -> str:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "receive_update", full_disk)
    await user.send("Vandaag geleerd hoe de heftruck werkt")
    told = await user.next_message()
    assert "niet bij mij aangekomen" in told.text and "nog een keer sturen" in told.text
    assert "bewaard" not in told.text and "kwijt" not in told.text
    for _ in range(3):  # the disk stays full: one log line, not one per update
        await user.send("Nog een bericht")
        assert "niet bij mij aangekomen" in (await user.next_message()).text
    lines = [r for r in caplog.records if "cannot be recorded" in r.getMessage()]
    assert len(lines) == 1
    monkeypatch.undo()
    await user.send("Vandaag geleerd hoe de heftruck werkt")  # space again: it recovers
    assert "Opgeslagen" in (await user.next_message()).text


async def test_an_update_left_half_done_by_a_stopped_process_is_handled_after_restart(
    world: World,
) -> None:
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    await world.tick()
    prompt = await user.next_message()
    await world.stop()
    # The process died after recording the update, before its handler stored anything.
    store = Store.open(world.db_path)
    update = {"update_id": 99_001, "message": {
        "message_id": 777, "date": int(PROMPT_TIME.timestamp()), "text": "Kabelgoot gemonteerd",
        "chat": {"id": 1001, "type": "private", "first_name": "Sanne"},
        "from": {"id": 1001, "is_bot": False, "first_name": "Sanne", "language_code": "nl"},
        "reply_to_message": {"message_id": prompt.message_id, "date": int(PROMPT_TIME.timestamp()),
                             "chat": {"id": 1001, "type": "private"}}}}
    assert store.receive_update(99_001, 1001, "message", update, PROMPT_TIME) == "new"
    store.close()
    await world.start()
    await world.at(PROMPT_TIME + timedelta(minutes=3))
    await world.tick()
    assert "Opgeslagen" in (await user.next_message()).text
    assert world.rows("SELECT text FROM answers") == [{"text": "Kabelgoot gemonteerd"}]
