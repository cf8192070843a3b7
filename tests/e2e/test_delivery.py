"""Nothing lost, nothing doubled: the dispatcher against Telegram's failures."""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.core.records import Outgoing
from bot.planning import daily
from bot.store import Store
from bot.telegram.dispatch import Dispatcher
from tests.e2e.harness import World
from tests.e2e.steps import onboarded, press

PROMPT_TIME = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)  # Monday 16:45 in Amsterdam


def prompt_rows(world: World) -> list[dict[str, object]]:
    return world.rows(
        "SELECT user_id, status, attempts, error, message_id FROM outbox WHERE kind = 'prompt'"
        " ORDER BY user_id"
    )


async def test_flood_limit_is_retried_after_what_telegram_says(world: World) -> None:
    user = await onboarded(world)
    world.emu.fail_next("sendMessage", error_code=429, retry_after=40, chat_id=1001)
    await world.at(PROMPT_TIME)
    await world.tick()
    [row] = prompt_rows(world)
    assert row["status"] == "retry" and row["error"] == "429"
    await world.at(PROMPT_TIME + timedelta(seconds=39))
    await world.tick()
    assert prompt_rows(world)[0]["status"] == "retry"
    await world.at(PROMPT_TIME + timedelta(seconds=41))
    await world.tick()
    assert prompt_rows(world)[0]["status"] == "sent"
    assert "dag 1 van 10" in (await user.next_message()).text


async def test_blocked_user_is_set_inactive_and_others_still_get_theirs(world: World) -> None:
    await onboarded(world, 1001)
    other = await onboarded(world, 1002)
    world.emu.fail_next("sendMessage", error_code=403,
                        description="Forbidden: bot was blocked by the user", chat_id=1001)
    await world.at(PROMPT_TIME)
    await world.tick()
    rows = prompt_rows(world)
    assert [r["status"] for r in rows] == ["failed", "sent"]
    assert "blocked" in str(rows[0]["error"])
    assert world.rows("SELECT active, next_plan_at FROM users WHERE id = 1001") == [
        {"active": 0, "next_plan_at": None}]
    assert "dag 1 van 10" in (await other.next_message()).text
    await world.at(PROMPT_TIME + timedelta(days=1))
    await world.tick()
    assert len(world.rows("SELECT * FROM outbox WHERE kind = 'prompt' AND user_id = 1001")) == 1


async def test_network_failure_retries_with_backoff_then_delivers(world: World) -> None:
    user = await onboarded(world)
    world.emu.fail_next("sendMessage", error_code=502, description="Bad Gateway", times=2)
    await world.at(PROMPT_TIME)
    await world.tick()
    assert prompt_rows(world)[0]["status"] == "retry"
    await world.at(PROMPT_TIME + timedelta(seconds=31))
    await world.tick()
    assert prompt_rows(world)[0]["status"] == "retry"  # second failure: wait a minute now
    await world.at(PROMPT_TIME + timedelta(seconds=95))
    await world.tick()
    row = prompt_rows(world)[0]
    assert row["status"] == "sent" and row["attempts"] == 3
    assert "dag 1 van 10" in (await user.next_message()).text


async def test_bad_request_fails_with_reason_without_stopping_the_tick(world: World) -> None:
    await onboarded(world, 1001)
    other = await onboarded(world, 1002)
    world.emu.fail_next("sendMessage", error_code=400, description="Bad Request: chat not found",
                        chat_id=1001)
    await world.at(PROMPT_TIME)
    await world.tick()
    rows = prompt_rows(world)
    assert rows[0]["status"] == "failed" and "chat not found" in str(rows[0]["error"]).lower()
    assert rows[1]["status"] == "sent"
    assert "dag 1 van 10" in (await other.next_message()).text


async def test_two_dispatchers_never_send_a_row_twice(world: World) -> None:
    """A second process (own connection, own worker id) races the bot for the same rows."""
    for uid in range(1001, 1006):
        await onboarded(world, uid)
    await world.settle()
    await world.at(PROMPT_TIME)
    daily.plan_due(world.services.store, world.services.programmes, PROMPT_TIME)
    other_store = Store.open(world.db_path)
    try:
        rival = Dispatcher(world.services.dispatcher.bot, other_store, world.clock)
        sent = await asyncio.gather(world.services.dispatcher.send_due(), rival.send_due())
    finally:
        other_store.close()
    assert sum(sent) == 5
    sends = [c for c in world.emu.calls_to("sendMessage") if "dag 1 van 10" in
             str(c.params.get("text", ""))]
    assert sorted(int(c.params["chat_id"]) for c in sends) == [1001, 1002, 1003, 1004, 1005]
    assert {r["status"] for r in prompt_rows(world)} == {"sent"}


async def test_restart_resumes_pending_and_reclaims_a_dead_claim(world: World) -> None:
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    daily.plan_due(world.services.store, world.services.programmes, PROMPT_TIME)
    # A process died while sending: its claim is left behind in 'sending'.
    world.services.store.claim_due(PROMPT_TIME, "w-dead", 10)
    await world.restart()
    await world.at(PROMPT_TIME + timedelta(minutes=6))
    await world.tick()
    assert prompt_rows(world)[0]["status"] == "sent"
    assert "dag 1 van 10" in (await user.next_message()).text
    assert len([c for c in world.emu.calls_to("sendMessage")
                if "dag 1 van 10" in str(c.params.get("text"))]) == 1


async def test_duplicate_update_is_processed_once(world: World) -> None:
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    await world.tick()
    await user.next_message()
    world.emu.duplicate_next_update()
    await user.send("Lijn 2 stond stil, sensor vervangen")
    await world.settle()
    answers = world.rows("SELECT text FROM answers")
    assert answers == [{"text": "Lijn 2 stond stil, sensor vervangen"}]
    confirmations = [m for m in user.messages if "Opgeslagen" in m.text]
    assert len(confirmations) == 1


async def test_replies_are_recorded_in_the_outbox_before_sending(world: World) -> None:
    user = world.user()
    world.emu.fail_next("sendMessage", error_code=502, description="Bad Gateway", chat_id=1001)
    await user.send("/start")
    await world.settle()
    [row] = world.rows("SELECT kind, status, text FROM outbox")
    assert row["kind"] == "reply" and row["status"] == "retry" and "Doe je mee?" in row["text"]
    await world.at(world.clock() + timedelta(seconds=31))
    await world.tick()
    assert "Doe je mee?" in (await user.next_message()).text
    assert world.rows("SELECT status FROM outbox") == [{"status": "sent"}]


async def test_dispatcher_drains_on_stop(world: World) -> None:
    """Claimed rows that were not sent when the bot stops go back to pending."""
    store = world.services.store
    now = world.clock()
    store.create_user(5, 5, "X", "nl", "Europe/Amsterdam", now)
    world.emu.user(5)
    oid = store.enqueue(chat_id=5, user_id=5, kind="notice", message=Outgoing("hallo"),
                        due_at=now, now=now)
    store.claim_due(now, world.services.dispatcher.worker, 10)
    await world.services.dispatcher.drain()
    item = store.get_outbox(oid or 0)
    assert item is not None and item.status == "pending"


async def test_follow_up_after_a_very_short_answer_once(world: World) -> None:
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    await world.tick()
    await user.next_message()
    await user.send("Werken")
    assert "Opgeslagen" in (await user.next_message()).text
    follow = await user.next_message()
    assert "Met welke klus of machine" in follow.text
    await user.reply(follow.message_id, "Aan de draaibank")
    assert "Toegevoegd" in (await user.next_message()).text
    assert world.rows("SELECT text FROM answers") == [{"text": "Werken\nAan de draaibank"}]
    await user.send("ok")
    await world.settle()
    assert sum("Met welke klus" in m.text for m in user.messages) == 1


async def test_today_sends_the_prompt_early_and_only_once(world: World) -> None:
    user = await onboarded(world)
    await user.send("/vandaag")
    assert "dag 1 van 10" in (await user.next_message()).text
    await world.at(PROMPT_TIME)
    await world.tick()  # the prompt went out this morning: its one reminder comes now
    assert "Heb je nog even" in (await user.next_message()).text
    await user.send("/vandaag")
    again = await user.next_message()
    assert "dag 1 van 10" in again.text
    await user.reply(again.message_id, "Kabels getrokken in hal 3")
    await world.settle()
    assert [r["status"] for r in prompt_rows(world)] == ["sent"]
    assert world.rows("SELECT prompt_id, text FROM answers") == [
        {"prompt_id": "w1-ma", "text": "Kabels getrokken in hal 3"}]


async def test_choice_with_other_and_skip(world: World) -> None:
    user = await onboarded(world)
    for day in (30, 1):
        await world.at(datetime(2026, 11 if day == 30 else 12, day, 15, 45, tzinfo=UTC))
        await world.tick()
        await user.next_message()
    await press(user, "Vandaag overslaan")
    assert "sla je over" in (await user.next_message()).text
    await world.at(datetime(2026, 12, 2, 15, 45, tzinfo=UTC))
    await world.tick()
    choice = await user.next_message()
    assert "Van wie of wat" in choice.text
    await press(user, "Anders, namelijk")
    assert "Typ je antwoord" in (await user.next_message()).text
    await user.send("Van de handleiding")
    assert "Opgeslagen" in (await user.next_message()).text
    rows = world.rows("SELECT prompt_id, skipped, choice, text FROM answers ORDER BY id")
    assert rows == [
        {"prompt_id": "w1-di", "skipped": 1, "choice": None, "text": None},
        {"prompt_id": "w1-wo", "skipped": 0, "choice": "other", "text": "Van de handleiding"},
    ]
    # The previous day's buttons can no longer change that answer
    scale_msg = next(m for m in user.messages if "dag 2 van 10" in m.text)
    query = await user.press(user.buttons(scale_msg)[0][2][1], message=scale_msg)
    assert "voorbij" in ((await user.wait_answer(query)).text or "")


async def test_text_without_open_prompt_is_kept_as_note(world: World) -> None:
    user = await onboarded(world)
    await user.send("Vandaag veel geleerd van Ahmed over de lasrobot")
    reply = await user.next_message()
    assert "notitie" in reply.text and "vandaag om 16:45" in reply.text
    assert world.rows("SELECT kind, text FROM answers") == [
        {"kind": "note", "text": "Vandaag veel geleerd van Ahmed over de lasrobot"}]


async def test_export_and_erase(world: World) -> None:
    user = await onboarded(world)
    await world.at(PROMPT_TIME)
    await world.tick()
    await user.next_message()
    await user.send("Remmen van de e-bike afgesteld en getest")
    await user.next_message()
    await user.send("/mijngegevens")
    await user.next_message()
    await press(user, "Download")
    doc = await user.next_message()
    assert doc.kind == "document"
    archive = zipfile.ZipFile(io.BytesIO(world.emu.world.files[doc.file_id].data))
    content = archive.read("gegevens.json").decode() + archive.read("gegevens.html").decode()
    assert "Remmen van de e-bike afgesteld en getest" in content
    await press(user, "Wis al mijn gegevens")
    await user.next_message()
    await press(user, "Ja, wis alles")
    assert "Alles is gewist" in (await user.next_message()).text
    for table in ("users", "answers", "progress"):
        assert world.rows(f"SELECT count(*) AS n FROM {table}") == [{"n": 0}]
    assert world.rows("SELECT count(*) AS n FROM outbox WHERE user_id IS NOT NULL") == [{"n": 0}]


async def test_one_learners_failure_never_stops_the_others(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboarded(world, 1001)
    other = await onboarded(world, 1002)
    real = daily.render_prompt

    def broken_for_1001(*args: Any, **kwargs: Any) -> Outgoing:
        item = world.services.store.get_outbox(args[4])
        if item is not None and item.user_id == 1001:
            raise RuntimeError("a bug that hits one learner")
        return real(*args, **kwargs)

    monkeypatch.setattr(daily, "render_prompt", broken_for_1001)
    await world.at(PROMPT_TIME)
    await world.tick()
    assert "dag 1 van 10" in (await other.next_message()).text
    assert world.rows("SELECT next_plan_at FROM users WHERE id = 1001") == [
        {"next_plan_at": "2026-11-30T16:45:00Z"}]  # looked at again in an hour
