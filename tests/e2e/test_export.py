"""The export is complete and readable: every row of every table that names the person
(as learner, mentor, inviter, lead) is in the zip's JSON, and the HTML page shows answers
under their question's text with media named by date — over the Bot API emulator."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.programme import pick
from bot.emulator import SimUser
from tests.e2e.harness import PROGRAMMES, World
from tests.e2e.steps import invite, onboard, press, until

WORDS = "Vandaag de lasrobot opnieuw ingeleerd met hulp van Ahmed"


async def download(world: World, user: SimUser) -> dict[str, Any]:
    await user.send("/mijngegevens")
    await until(user, "Je gegevens")
    await press(user, "Download")
    doc = await user.next_message()
    assert doc.kind == "document" and doc.file_id is not None
    archive = zipfile.ZipFile(io.BytesIO(world.emu.world.files[doc.file_id].data))
    assert sorted(archive.namelist()) == ["gegevens.html", "gegevens.json"]
    data: dict[str, Any] = json.loads(archive.read("gegevens.json"))
    data["html"] = archive.read("gegevens.html").decode()
    return data


def rows_that_name(world: World, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row, in every table of sqlite_master, with the id in a cell — and rows that
    hang off such a row (media and parts of an answer, shared weeks of a link)."""
    found: dict[str, list[dict[str, Any]]] = {}
    tables = [r["name"] for r in world.rows("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in world.rows(f"SELECT * FROM [{table}]"):
            if user_id in row.values():
                found.setdefault(table, []).append(row)
    answers = {r["id"] for r in found.get("answers", [])}
    links = {r["id"] for r in found.get("mentor_links", [])}
    for table, key, ids in (("answer_media", "answer_id", answers),
                            ("answer_parts", "answer_id", answers),
                            ("link_shared_weeks", "link_id", links)):
        found[table] = [r for r in world.rows(f"SELECT * FROM {table}") if r[key] in ids]
    return {k: v for k, v in found.items() if v}


async def test_export_holds_every_row_that_names_the_person(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    trainee = world.user(3001, "Kim")
    await onboard(world, learner)
    await learner.next_message()
    await onboard(world, trainee)
    await trainee.next_message()
    # Sanne is a learner with a mentor, and a mentor herself (feedback written as mentor).
    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await mentor.next_message()
    await until(learner, "is nu je begeleider")
    await invite(world, learner)  # stays open
    kim_payload = await invite(world, trainee)
    await learner.send(f"/start {kim_payload}")
    await until(learner, "nodigt je uit")
    await press(learner, "Ja, ik begeleid")
    await until(learner, "Je begeleidt nu Kim")
    await learner.send("/leerlingen")
    await until(learner, "Kim")
    await press(learner, "Feedback")
    await until(learner, "Schrijf je feedback")
    await learner.send("Kim, goed dat je zelf de storing vond.")
    await until(learner, "Verstuurd aan Kim")
    # A day with words and a voice note; a week held back and an older week shared.
    await world.at(datetime(2026, 11, 30, 15, 45, tzinfo=UTC))
    await world.tick()
    await until(learner, "dag 1 van 10")
    await learner.send(WORDS)
    await until(learner, "Opgeslagen")
    await learner.send_voice()
    await until(learner, "Toegevoegd")
    store = world.services.store
    store.hold_week(1001, datetime(2026, 11, 30).date(), world.clock())
    link_id = world.rows("SELECT id FROM mentor_links WHERE learner_id = 1001")[0]["id"]
    store.share_week(link_id, datetime(2026, 11, 23).date(), world.clock())
    store.create_portfolio_token("code-for-the-school-22", 1001, False, world.clock(),
                                 world.clock() + timedelta(days=1))
    await world.settle()

    expected = rows_that_name(world, 1001)
    assert {"invitations", "held_weeks", "feedback", "link_shared_weeks", "answer_media",
            "mentor_links", "outbox", "inbox", "portfolio_tokens"} <= set(expected)
    data = await download(world, learner)
    for table, rows in expected.items():
        exported = data["tables"].get(table)
        assert exported is not None, f"table {table} missing from the export"
        for row in rows:
            wanted = {k: v for k, v in row.items() if k != "token"}  # only a hash is stored
            assert any(wanted.items() <= e.items() for e in exported), (table, row)

    # Readable: the question by its text, the answer, the voice note by its date.
    answer = next(a for a in data["answers_readable"] if a["answer"] == WORDS)
    asked = world.rows("SELECT prompt_id, programme_id FROM answers WHERE text = ?", [WORDS])[0]
    question = pick(PROGRAMMES[asked["programme_id"]].prompt(asked["prompt_id"]).text, "nl")
    assert answer["question"] == question.replace("{answer}", "…")
    page = data["html"]
    assert WORDS in page and question.split("\n")[0][:40] in page
    assert "voice-2026-11-30-1.ogg" in page
    assert asked["prompt_id"] not in page.split("Verder bewaard")[0]
    # Dates in Dutch words, media by name and kind, the rest in sentences.
    assert "maandag 30 november 2026" in page
    assert "voice-2026-11-30-1.ogg (spraakbericht, 0:03)" in page
    assert "van jou als begeleider: Kim, goed dat je zelf de storing vond." in page
    assert "Je hebt een begeleider, sinds 30 november 2026 om 08:00" in page
    assert "Gemaakt 30 november 2026 om 16:45: geldig tot 1 december 2026 om 16:45" in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", page)  # no stored timestamp as such
    assert data["tables"]["users"][0]["onboarded_at"].endswith("Z")  # the JSON keeps them
