"""Spaced return over the emulator: an earlier answer comes back after about 1 and 3
weeks instead of that day's step, quoted and dated from the real days, once a week at
most, never during a pause, never a private answer, and the reply is stored linked to it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

from bot.emulator import BotMessage, SimUser
from bot.messages.export import readable_answers
from tests.e2e.harness import PROGRAMMES, World
from tests.e2e.steps import invite, onboard, press, until


def day_at(day: int, hour: int = 15, minute: int = 50) -> datetime:
    """A UTC moment counted from Monday 30 November 2026 (16:50 in Amsterdam)."""
    return datetime(2026, 11, 30, hour, minute, tzinfo=UTC) + timedelta(days=day)


MONDAY = date(2026, 11, 30)


def words(day: int) -> str:
    """A real answer of several words that says which day it was written."""
    return f"Op dag {day} heb ik de storing aan lijn {day} zelf gevonden en opgelost"


def prompt_row(world: World, day: int) -> dict[str, Any] | None:
    rows = world.rows("SELECT * FROM outbox WHERE kind = 'prompt' AND local_date = ?",
                      [(MONDAY + timedelta(days=day)).isoformat()])
    return rows[0] if rows else None


def message_of(learner: SimUser, row: dict[str, Any]) -> BotMessage:
    return next(m for m in learner.messages if m.message_id == row["message_id"])


async def answer_day(world: World, learner: SimUser, day: int,
                     private: bool = False) -> dict[str, Any] | None:
    """Let the day's prompt come and answer it as a learner would (words, or a tap)."""
    await world.run_until(day_at(day))
    row = prompt_row(world, day)
    if row is None or row["status"] != "sent":
        return None
    message = message_of(learner, row)
    labels = [label for line in learner.buttons(message) for label, _ in line]
    if "3" in labels:
        await learner.press(next(d for line in learner.buttons(message) for label, d in line
                                 if label == "3"), message)
    elif len(labels) > 2:  # a choice: the first option
        await learner.press(learner.buttons(message)[0][0][1], message)
    else:
        await learner.reply(message.message_id, words(day))
    await world.settle()
    if private:
        answer = world.rows("SELECT id FROM answers WHERE outbox_id = ?", [row["id"]])[0]
        world.db.execute("UPDATE answers SET private = 1 WHERE id = ?", [answer["id"]])
    return row


async def started(world: World) -> SimUser:
    learner = world.user(1001, "Daan")
    await onboard(world, learner, programme="Leren op je werk")
    await world.settle()
    return learner


async def drain(user: SimUser) -> None:
    """Read past everything the bot sent so far."""
    while True:
        try:
            await user.next_message(timeout=0.05)
        except AssertionError:
            return


def returns(world: World) -> list[dict[str, Any]]:
    return world.rows("SELECT * FROM outbox WHERE kind = 'spaced' ORDER BY local_date")


async def test_last_weeks_answer_comes_back_once_a_week_and_the_reply_is_linked(
        world: World) -> None:
    learner = await started(world)
    for day in range(0, 5):
        await answer_day(world, learner, day)
    assert returns(world) == []  # nothing is a week old yet
    monday = world.rows("SELECT id FROM answers WHERE local_date = ?", [MONDAY.isoformat()])[0]

    await answer_day(world, learner, 7)  # Monday a week later: the day's step, then a return
    back = returns(world)
    assert len(back) == 1 and back[0]["status"] == "sent"
    assert back[0]["local_date"] == "2026-12-07"
    shown = message_of(learner, back[0]).text
    assert shown.startswith("🔁 Even terugkijken")
    assert "Vorige week schreef je: “Op dag 0 heb ik de storing aan lijn 0 zelf gevonden" \
        in shown
    assert "Hoe kijk je daar nu naar?" in shown
    assert json_field(back[0], "returns_to") == monday["id"]  # the oldest due, a plan first
    today = prompt_row(world, 7)
    assert today is not None and today["prompt_id"] == "w2-ma"  # the programme goes on
    assert today["message_id"] < back[0]["message_id"]  # after the day's own question

    await learner.send("Nu vraag ik eerst de operator wat er gebeurde")  # replies to nothing
    await world.settle()
    reply = world.rows("SELECT * FROM answers WHERE outbox_id = ?", [back[0]["id"]])[0]
    assert reply["returns_to"] == monday["id"]
    assert reply["text"] == "Nu vraag ik eerst de operator wat er gebeurde"
    day_answer = world.rows("SELECT text FROM answers WHERE outbox_id = ?", [today["id"]])[0]
    assert day_answer["text"] == words(7)  # the day's own answer is left as it was
    assert world.store is not None  # the export reads it under what it looked back at
    readable = readable_answers(world.store.export_user(learner.id), PROGRAMMES, "nl")
    entry = next(e for e in readable if e["answer"] == reply["text"])
    assert entry["question"].startswith("Vorige week schreef je: “Op dag 0 heb ik")

    for day in range(8, 12):  # the rest of the week: no second return
        await answer_day(world, learner, day)
    assert [r["local_date"] for r in returns(world)] == ["2026-12-07"]
    friday = prompt_row(world, 11)
    assert friday is not None and friday["prompt_id"] == "w2-vr"  # the rhythm holds

    await world.run_until(day_at(11, 21))
    summary = world.rows("SELECT text FROM outbox WHERE kind = 'summary'"
                         " AND dedupe_key LIKE '%2026-12-07'")[0]["text"]
    assert "🔁 Je keek terug op: “Op dag 0 heb ik de storing" in summary

    assert "returns_to" in world.store.export_user(learner.id)["answers"][0]
    world.store.erase_user(learner.id)  # the reply, its original and the return all go
    assert world.rows("SELECT id FROM answers") == []
    assert world.rows("SELECT id FROM outbox WHERE text LIKE '%Op dag 0%'") == []


def json_field(row: dict[str, Any], name: str) -> Any:
    return json.loads(row["payload"])[name]


async def test_the_mentor_digest_counts_per_goal_only_answers_shared_with_that_mentor(
        world: World) -> None:
    learner = await started(world)
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    store = world.store
    assert store is not None
    now = world.clock()
    fault = store.draft_goal(learner.id, "Zelf een storing vinden", now)
    store.activate_goal(fault.id, "Minder vaak de monteur bellen", now)
    tidy = store.draft_goal(learner.id, "Netjes werken", now)
    store.activate_goal(tidy.id, "Niets hoeft over", now)

    def tie(day: int, goal_id: int, private: bool = False) -> None:
        row = prompt_row(world, day)
        assert row is not None
        answer = world.rows("SELECT id FROM answers WHERE outbox_id = ?", [row["id"]])[0]
        store.tie_answer(answer["id"], goal_id, world.clock())
        store.set_answer_flag(answer["id"], "private", private, world.clock())

    await answer_day(world, learner, 0)
    tie(0, tidy.id)  # before the mentor was linked: stays with the learner
    await drain(learner)
    await world.run_until(day_at(0, 18))  # the link comes later that evening
    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await world.settle()
    for day, goal, private in ((1, fault.id, False), (2, fault.id, True), (3, tidy.id, False)):
        await answer_day(world, learner, day)
        tie(day, goal, private)

    await world.run_until(day_at(4, 21))
    summary = world.rows("SELECT text FROM outbox WHERE kind = 'summary'")[0]["text"]
    assert "Zelf een storing vinden: 2 keer aan gewerkt" in summary  # the learner's own: all
    assert "Netjes werken: 2 keer aan gewerkt" in summary
    await world.run_until(day_at(7, 12))
    digest = await until(mentor, "📋 Overzicht")
    assert "🎯 Aan doelen gewerkt, in gedeelde antwoorden:" in digest.text
    assert "Zelf een storing vinden (1×) · Netjes werken (1×)" in digest.text
    assert "Op dag 0" not in digest.text and "🔒 1 antwoord is privé" in digest.text


WEEKS_SAID = {1: "Vorige week", 2: "Twee weken geleden", 3: "Drie weken geleden",
              4: "Vier weken geleden"}


async def test_over_four_weeks_each_return_quotes_its_answer_with_the_real_weeks(
        world: World) -> None:
    learner = await started(world)
    for day in range(0, 26):
        await answer_day(world, learner, day)
    back = returns(world)
    days = [date.fromisoformat(r["local_date"]) for r in back]
    assert len(back) == 3  # one in each week after the first
    assert all(later - earlier >= timedelta(days=7) for earlier, later in pairwise(days))
    assert {json_field(r, "weeks") for r in back} == {1, 3}
    for row, day in zip(back, days, strict=True):
        original = world.rows("SELECT * FROM answers WHERE id = ?",
                              [json_field(row, "returns_to")])[0]
        written = date.fromisoformat(original["local_date"])
        calendar_weeks = (day - timedelta(days=day.weekday())
                          - (written - timedelta(days=written.weekday()))).days // 7
        shown = message_of(learner, row).text
        assert f"{WEEKS_SAID[calendar_weeks]} schreef je: “Op dag {(written - MONDAY).days} " \
            in shown, shown
        assert original["skipped"] == 0 and original["private"] == 0
        assert day.weekday() < 5  # a work day, right after that day's answer
        today = prompt_row(world, (day - MONDAY).days)
        assert today is not None and today["message_id"] < row["message_id"]


async def test_a_private_answer_never_comes_back(world: World) -> None:
    learner = await started(world)
    for day in range(0, 5):  # Monday's plan is private, Tuesday's answer is not
        await answer_day(world, learner, day, private=day == 0)
    await answer_day(world, learner, 7)
    assert returns(world) == []  # a week after the private plan: nothing
    await answer_day(world, learner, 8)
    back = returns(world)
    assert len(back) == 1 and back[0]["local_date"] == "2026-12-08"
    assert "Vorige week schreef je: “Op dag 1 " in message_of(learner, back[0]).text
    private = {r["id"] for r in world.rows("SELECT id FROM answers WHERE private = 1")}
    assert private and json_field(back[0], "returns_to") not in private


async def test_nothing_comes_back_during_a_pause(world: World) -> None:
    learner = await started(world)
    for day in range(0, 5):
        await answer_day(world, learner, day)
    await world.run_until(day_at(7))  # Monday's prompt is there; then a pause from today
    await learner.send("/pauze 14-12")
    await world.settle()
    row = prompt_row(world, 7)
    assert row is not None
    await learner.reply(row["message_id"], words(7))  # the day's answer still counts
    await world.settle()
    assert world.rows("SELECT id FROM answers WHERE outbox_id = ?", [row["id"]])
    for day in range(8, 12):
        assert await answer_day(world, learner, day) is None  # no prompts in the pause
    assert returns(world) == []
    await answer_day(world, learner, 14)  # back: the coach looks back again
    assert [r["local_date"] for r in returns(world)] == ["2026-12-14"]


async def test_the_mentor_sees_the_reply_but_not_words_from_before_the_link(
        world: World) -> None:
    learner = await started(world)
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    for day in range(0, 5):
        await answer_day(world, learner, day)
    await drain(learner)
    payload = await invite(world, learner)  # linked at the weekend: week one stays his
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await answer_day(world, learner, 7)
    back = returns(world)
    assert len(back) == 1
    await learner.reply(back[0]["message_id"], "Nu vraag ik eerst de operator wat er gebeurde")
    await world.run_until(day_at(14, 12))
    digest = [m for m in mentor.messages if m.text.startswith("📋 Overzicht · vorige week")][-1]
    assert "7–11 december" in digest.text
    assert "Nu vraag ik eerst de operator wat er gebeurde" in digest.text  # shared: the reply
    assert "Op dag 0" not in digest.text  # the answer it looked back at was not shared
