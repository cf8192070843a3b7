"""Erasure is complete: after "erase everything" no table, no column and no byte of the
database file holds the person's id, name or words — including copies in messages sent to
their mentor — the mentor gets one line, a sprint they led is ended and its members told;
and the confirmation only works from the screen that was shown (a one-time nonce)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.emulator import SimUser
from tests.e2e.harness import World
from tests.e2e.steps import invite, onboard, press, until
from tests.e2e.test_sprints import WEDNESDAY_BEFORE, start_sprint

SHARED = "Storing-Zeldzaam-aan-lijn-2 samen met onderhoud opgelost vandaag"
REPLY = "Dankjewel-Xylofoon, dat ga ik doen"


def every_value(world: World) -> list[tuple[str, str, Any]]:
    """(table, column, value) for every cell of every table in sqlite_master."""
    cells = []
    tables = [r["name"] for r in world.rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in world.rows(f"SELECT * FROM [{table}]"):
            cells.extend((table, column, value) for column, value in row.items())
    return cells


def traces(world: World, user_id: int, words: list[str]) -> list[tuple[str, str, Any]]:
    number = re.compile(rf"(?<![0-9]){user_id}(?![0-9])")
    found = []
    for table, column, value in every_value(world):
        if table == "_sqlite_migrations":
            continue
        if value == user_id or (isinstance(value, str) and (
                number.search(value) or any(w in value for w in words))):
            found.append((table, column, value))
    return found


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


async def erase(user: SimUser) -> None:
    await user.send("/mijngegevens")
    await until(user, "Je gegevens")
    await press(user, "Wis al mijn gegevens")
    await until(user, "Weet je het zeker")
    await press(user, "Ja, wis alles")
    await until(user, "Alles is gewist")


async def test_erasure_leaves_no_trace_in_any_table_or_in_the_file(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()
    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await mentor.next_message()
    await learner.next_message()

    await world.at(datetime(2026, 11, 30, 15, 45, tzinfo=UTC))
    await world.tick()
    await until(learner, "dag 1 van 10")
    await learner.send(SHARED)
    await until(learner, "Opgeslagen")
    # Copies of name and words in the mentor's messages: the list, details, feedback.
    await mentor.send("/leerlingen")
    assert "Sanne" in (await mentor.next_message()).text
    await press(mentor, "🔎 Sanne")
    assert "Storing-Zeldzaam" in (await mentor.next_message()).text
    await press(mentor, "Feedback")
    await mentor.next_message()
    await mentor.send("Mooi gedaan, vraag volgende keer ook naar de oorzaak.")
    await mentor.next_message()
    await until(learner, "Feedback van Joost")
    await press(learner, "Reageren")
    await learner.next_message()
    await learner.send(REPLY)
    assert REPLY in (await until(mentor, "reageert op je feedback")).text
    # The mentor's weekly digest names her too.
    await world.at(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))
    await world.tick()
    assert "Sanne" in (await until(mentor, "Sanne")).text
    world.services.store.create_portfolio_token(  # a consent code for the school, too
        "code-for-the-school-22", 1001, True, world.clock(), world.clock() + timedelta(days=1))
    await world.settle()
    words = ["Sanne", "Storing-Zeldzaam", "Xylofoon"]
    assert traces(world, 1001, words)  # the scan sees them before
    assert world.rows("SELECT count(*) AS n FROM portfolio_tokens") == [{"n": 1}]

    await erase(learner)
    line = await until(mentor, "gewist")
    assert "Sanne" in line.text  # one line for the mentor, naming who left
    await world.settle()
    assert traces(world, 1001, words) == []
    assert world.rows("SELECT count(*) AS n FROM mentor_links") == [{"n": 0}]
    assert world.rows("SELECT count(*) AS n FROM portfolio_tokens") == [{"n": 0}]
    assert world.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    raw = file_bytes(world.db_path)
    for word in words[1:]:
        assert word.encode() not in raw, f"{word} left in the database file"
    # The mentor's account is untouched.
    assert world.rows("SELECT first_name FROM users") == [{"first_name": "Joost"}]


async def test_a_lead_who_erases_ends_the_sprint_and_members_are_told(world: World) -> None:
    await world.at(WEDNESDAY_BEFORE)
    lead = world.user(5001, "Lotte")
    join, _ = await start_sprint(world, lead)
    member = world.user(1002, "Ahmed")
    await onboard(world, member)
    await member.next_message()
    await member.send(f"/start {join}")
    await member.next_message()
    await press(member, "Ja, ik doe mee")
    await until(member, "eigen programma")
    await press(member, "Eigen programma even pauzeren")
    await until(member, "Je doet mee met sprint")
    await lead.send("/sprint status")
    await until(lead, "Sprint Lijn 3")
    await press(lead, "Deelnemer verwijderen")  # the lead's remove list names the member, with his id
    await lead.next_message()

    await erase(lead)
    told = await until(member, "gestopt")
    assert "Lijn 3" in told.text and "teamleider" in told.text
    await world.settle()
    assert world.rows("SELECT status FROM sprints") == [{"status": "ended"}]
    assert world.rows("SELECT next_plan_at FROM sprint_members") == [{"next_plan_at": None}]
    assert traces(world, 5001, ["Lotte"]) == []


async def test_erase_needs_the_confirmation_that_was_shown(world: World) -> None:
    learner = world.user(1001, "Sanne")
    await onboard(world, learner)
    await learner.next_message()
    # A forged "yes" without ever seeing the question, and one with a made-up nonce.
    for data in ("my:erase:yes", "my:erase:yes:AAAAAAAAAAAAAAAA"):
        await learner.press(data, message=learner.last)
        assert "verlopen" in (await learner.next_message()).text
    assert world.rows("SELECT count(*) AS n FROM users") == [{"n": 1}]
    # A real confirmation works once, and only for ten minutes.
    await learner.send("/mijngegevens")
    await learner.next_message()
    await press(learner, "Wis al mijn gegevens")
    await learner.next_message()
    await world.at(world.clock() + timedelta(minutes=11))
    await press(learner, "Ja, wis alles")
    assert "verlopen" in (await learner.next_message()).text
    assert world.rows("SELECT count(*) AS n FROM users") == [{"n": 1}]
    await erase(learner)
    assert world.rows("SELECT count(*) AS n FROM users") == [{"n": 0}]


async def test_a_member_who_erases_is_announced_to_the_lead_once(world: World) -> None:
    await world.at(WEDNESDAY_BEFORE)
    lead = world.user(5001, "Lotte")
    join, _ = await start_sprint(world, lead)
    member = world.user(1002, "Ahmed")
    await onboard(world, member)
    await member.next_message()
    await member.send(f"/start {join}")
    await member.next_message()
    await press(member, "Ja, ik doe mee")
    await until(member, "eigen programma")
    await press(member, "Eigen programma even pauzeren")
    await until(member, "Je doet mee met sprint")
    await erase(member)
    line = await until(lead, "gewist")
    assert "Ahmed" in line.text and "sprint" in line.text
    await world.settle()
    assert traces(world, 1002, ["Ahmed"]) == []
    assert world.rows("SELECT status FROM sprints") == [{"status": "active"}]
