"""One gentle reminder, never in quiet hours, and a coach that pauses itself after five silent days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.harness import World
from tests.e2e.steps import invite, onboard, press

MONDAY = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam


def texts(user: object) -> list[str]:
    return [m.text for m in user.messages]  # type: ignore[attr-defined]


async def test_one_reminder_three_hours_later_and_answer_now_shows_the_prompt(world: World) -> None:
    await world.at(MONDAY)
    user = world.user()
    await onboard(world, user, typed_time="16:45", programme="Kennismaken")
    await world.run_until(datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # until 00:30 local
    reminders = [m for m in user.messages if "Heb je nog even voor je vraag van vandaag?" in m.text]
    assert len(reminders) == 1
    sent = world.rows("SELECT sent_at FROM outbox WHERE kind = 'reminder'")
    assert sent == [{"sent_at": "2026-11-30T18:45:00Z"}]  # 19:45 local: 3 h after 16:45
    assert "Nu antwoorden" in str(user.buttons(reminders[0]))
    assert "“" not in reminders[0].text  # quotes nothing


async def test_answer_now_repeats_the_open_prompt(world: World) -> None:
    await world.at(MONDAY)
    user = world.user()
    await onboard(world, user, typed_time="16:45", programme="Kennismaken")
    await world.run_until(datetime(2026, 11, 30, 18, 50, tzinfo=UTC))
    reminder = user.messages[-1]
    assert "Heb je nog even" in reminder.text
    now_button = next(d for d in reminder.callback_data() if d.startswith("rm:now"))
    await user.wait_answer(await user.press(now_button, message=reminder))
    await world.settle()
    assert "dag 1 van 10" in user.messages[-1].text  # the open prompt, shown again


async def test_no_reminder_in_quiet_hours_and_none_when_switched_off(world: World) -> None:
    await world.at(MONDAY)
    late = world.user(1001, "Laat")
    await onboard(world, late, typed_time="19:00", programme="Kennismaken")  # reminder would be 22:00
    early = world.user(1002, "Vroeg")
    await onboard(world, early, typed_time="12:00", programme="Kennismaken")
    await world.run_until(datetime(2026, 11, 30, 15, 5, tzinfo=UTC))
    reminder = early.messages[-1]
    assert "Heb je nog even" in reminder.text
    await press(early, "Geen herinneringen meer")
    await world.run_until(datetime(2026, 12, 1, 23, 0, tzinfo=UTC))
    assert not [t for t in texts(late) if "Heb je nog even" in t]
    assert len([t for t in texts(early) if "Heb je nog even" in t]) == 1  # Tuesday: none


async def test_after_five_silent_prompts_the_coach_pauses_itself_and_wakes_on_a_message(
        world: World) -> None:
    await world.at(MONDAY)
    world.extra_settings["reminder_hours"] = 0
    await world.restart()
    user = world.user()
    await onboard(world, user, typed_time="16:45", programme="Leren op je werk")
    await user.next_message()
    mentor = world.user(2001, "Joost")
    await mentor.send(f"/start {await invite(world, user)}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await world.run_until(MONDAY + timedelta(days=14))
    digests = [m.text for m in mentor.messages if "Overzicht" in m.text]
    assert "vanzelf gepauzeerd" in digests[-1]  # said without detail
    assert "vanzelf gepauzeerd" not in digests[0]
    prompts = world.rows("SELECT local_date FROM outbox WHERE kind = 'prompt' AND status = 'sent'")
    assert len(prompts) == 5  # Mon–Fri, then nothing more
    asked = [t for t in texts(user) if "Ik heb al een paar keer niets van je gehoord" in t]
    assert len(asked) == 1 and "helemaal goed" in asked[0]
    assert all("jammer" not in t and "gemist" not in t for t in texts(user))  # never scolds
    await user.send("hoi, ik ben er weer")
    await world.settle()
    assert any("Fijn dat je er weer bent" in t for t in texts(user))
    await world.run_until(MONDAY + timedelta(days=15, hours=10))
    # back on Monday 14 December: that day's and Tuesday's prompts come again
    assert len(world.rows("SELECT 1 FROM outbox WHERE kind = 'prompt' AND status = 'sent'")) == 7
