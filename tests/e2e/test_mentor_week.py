"""The mentor's week over the emulator: a digest about days before the learner began says
so, and a voice note stops opening the moment the learner makes its answer private."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.harness import World
from tests.e2e.steps import invite, onboard, press, until


def day_at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC moment in the week of Monday 30 November 2026 (Amsterdam is UTC+1)."""
    return datetime(2026, 11, 30, hour, minute, tzinfo=UTC) + timedelta(days=day)


async def test_not_started_then_a_voice_note_that_becomes_private(world: World) -> None:
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
    # The mentor wants the digest on Tuesday: the first one covers last week.
    await mentor.send("/leerlingen")
    await mentor.next_message()
    await press(mentor, "Dag en tijd")
    await mentor.next_message()
    await press(mentor, "di")
    await mentor.next_message()
    await press(mentor, "08:00")
    assert "morgen om 08:00" in (await mentor.next_message()).text

    await world.run_until(day_at(0, 15, 50))  # Monday's prompt at 16:45 Amsterdam
    await until(learner, "dag 1 van")
    await learner.send_voice(42)
    await until(learner, "Opgeslagen")
    await world.run_until(day_at(1, 7, 30))  # Tuesday 08:30 Amsterdam
    digest = await until(mentor, "📋 Overzicht")
    assert digest.text.startswith("📋 Overzicht · vorige week, 23–27 november")
    assert "🌱 was nog niet begonnen" in digest.text and "geen vragen" not in digest.text

    # Details of the days since: the voice note, with a button that plays it.
    await mentor.send("/leerlingen")
    overview = await mentor.next_message()
    assert "antwoord op 1 van 1 dagen" in overview.text
    await press(mentor, "🔎 Sanne")
    detail = await mentor.next_message()
    assert "🎙 spraakbericht (0:42)" in detail.text
    query = await mentor.press_button("Spraakbericht van ma afspelen")
    await mentor.wait_answer(query)
    played = await mentor.next_message()
    assert played.kind == "voice" and "Sanne" in (played.caption or "")

    # The learner makes it private: the same button no longer opens anything.
    await press(learner, "Privé maken")
    query = await mentor.press(
        next(data for row in mentor.buttons(detail) for label, data in row if "afspelen" in label),
        detail)
    answer = await mentor.wait_answer(query)
    assert answer.text == "Dit bestand is niet meer gedeeld." and answer.show_alert
    assert not [m for m in mentor.messages if m.kind == "voice"][1:]
