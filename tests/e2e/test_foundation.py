"""A worker is onboarded, gets a daily prompt at their own time, and the answer is stored."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.harness import World
from tests.e2e.steps import onboard, onboard_rest, press


async def test_onboarding_prompt_and_answers_end_to_end(world: World) -> None:
    user = world.user()
    await user.send("/start")
    welcome = await user.next_message()
    assert "Hoi Sanne!" in welcome.text
    assert "Wie ziet het? Alleen jij." in welcome.text
    await press(user, "Ja, ik doe mee")

    days = await user.next_message()
    assert "Op welke dagen werk je?" in days.text
    labels = [label for row in user.buttons(days) for label, _ in row]
    assert "✅ ma" in labels and "✅ vr" in labels and "za" in labels
    await press(user, "za")  # toggle Saturday on: the same message is edited
    assert "✅ za" in [label for row in user.buttons(days) for label, _ in row]
    await press(user, "Klaar")

    assert "Hoe laat" in (await user.next_message()).text
    await user.send("na mijn dienst")
    wrong = await user.next_message()
    assert "Dat herken ik niet als tijd" in wrong.text and "16:45" in wrong.text
    await user.send("4:45 pm")
    tz = await user.next_message()
    assert "Europe/Amsterdam" in tz.text and "08:00" in tz.text
    await press(user, "Ja, dat klopt")
    assert "Kennismaken" in (await user.next_message()).text
    await press(user, "Kennismaken")
    done = await user.next_message()
    assert "Je eerste vraag komt vandaag om 16:45" in done.text

    row = world.rows("SELECT * FROM users WHERE id = ?", [user.id])[0]
    assert (row["prompt_time"], row["work_days"], row["programme_id"], row["tz"]) == (
        "16:45", "1,2,3,4,5,6", "starter", "Europe/Amsterdam")
    assert row["onboarded_at"] is not None

    # 16:44 in Amsterdam: nothing yet. 16:45: the first prompt of the programme.
    await world.at(datetime(2026, 11, 30, 15, 44, tzinfo=UTC))
    await world.tick()
    assert world.rows("SELECT count(*) AS n FROM outbox WHERE kind = 'prompt'")[0]["n"] == 0
    await world.at(datetime(2026, 11, 30, 15, 45, tzinfo=UTC))
    await world.tick()
    prompt = await user.next_message()
    assert "dag 1 van 10" in prompt.text
    assert "Wat heb je vandaag vooral gedaan?" in prompt.text

    # A text answer (with characters that would break HTML if not escaped)
    await user.send("Storing gezocht aan lijn 2 <sensor> & de PLC gereset")
    assert "Opgeslagen" in (await user.next_message()).text
    answer = world.rows("SELECT * FROM answers WHERE user_id = ?", [user.id])[0]
    assert answer["text"] == "Storing gezocht aan lijn 2 <sensor> & de PLC gereset"
    assert answer["prompt_id"] == "w1-ma" and answer["local_date"] == "2026-11-30"
    # A later message on the same day extends the same answer
    await user.send_voice(duration=7)
    assert "Toegevoegd aan je antwoord" in (await user.next_message()).text
    media = world.rows("SELECT * FROM answer_media")
    assert [m["media_type"] for m in media] == ["voice"]
    assert len(world.rows("SELECT * FROM answers WHERE user_id = ?", [user.id])) == 1

    # Tuesday 16:45: a scale prompt answered with a button, then changed
    await world.at(datetime(2026, 12, 1, 15, 45, tzinfo=UTC))
    await world.tick()
    scale = await user.next_message()
    assert "dag 2 van 10" in scale.text
    assert [label for label, _ in user.buttons(scale)[0]] == ["1", "2", "3", "4", "5"]
    await press(user, "4")
    assert "Opgeslagen: 4 van 5" in (await user.next_message()).text
    await press(user, "5")
    assert "Opgeslagen: 5 van 5" in (await user.next_message()).text
    assert "✅ 5" in [label for label, _ in user.buttons(scale)[0]]
    values = world.rows("SELECT value FROM answers WHERE prompt_id = 'w1-di'")
    assert values == [{"value": 5}]


async def test_english_user_gets_english(world: World) -> None:
    user = world.user(2002, "Sam", "en-GB")
    await user.send("/start")
    assert "Do you want to join?" in (await user.next_message()).text
    await press(user, "Yes, I'm in")
    assert "Which days do you work?" in (await user.next_message()).text
    commands = world.emu.commands(language_code="en")
    assert {c["command"] for c in commands} >= {"today", "settings", "pause", "resume"}
    assert {c["command"] for c in world.emu.commands(language_code="nl")} >= {
        "vandaag", "instellingen", "pauze", "hervat"}


async def test_restart_half_way_through_onboarding_loses_nothing(world: World) -> None:
    user = world.user()
    await user.send("/start")
    await user.next_message()
    await press(user, "Ja, ik doe mee")
    await user.next_message()
    await press(user, "Klaar")
    assert "Hoe laat" in (await user.next_message()).text

    await world.restart()

    await user.send("07:30")
    assert "tijdzone" in (await user.next_message()).text
    await press(user, "Ja, dat klopt")
    await user.next_message()
    await press(user, "Kennismaken")
    done = await user.next_message()
    # It is 08:00 on Monday, so 07:30 has passed: the first prompt comes tomorrow.
    assert "Je eerste vraag komt morgen om 07:30" in done.text


async def test_start_again_shows_settings_and_settings_change_time(world: World) -> None:
    user = world.user()
    await onboard(world, user)
    await user.next_message()
    await user.send("/start")
    overview = await user.next_message()
    assert "Je instellingen" in overview.text and "16:45" in overview.text
    await press(user, "Tijd")
    await user.next_message()
    await press(user, "19:00")
    assert "Opgeslagen" in (await user.next_message()).text
    updated = await user.next_message()
    assert "19:00" in updated.text and "vandaag om 19:00" in updated.text


async def test_no_prompt_on_weekend_or_during_pause(world: World) -> None:
    user = world.user()
    await onboard(world, user)
    await user.next_message()
    await user.send("/pauze 3-12")
    assert "pauze tot donderdag 3 december" in (await user.next_message()).text
    for day in (30, 1, 2):  # Mon, Tue, Wed: paused
        await world.at(datetime(2026, 11 if day == 30 else 12, day, 16, 0, tzinfo=UTC))
        await world.tick()
    assert world.rows("SELECT count(*) AS n FROM outbox WHERE kind = 'prompt'")[0]["n"] == 0
    await world.at(datetime(2026, 12, 3, 15, 45, tzinfo=UTC))
    await world.tick()
    assert "dag 1 van 10" in (await user.next_message()).text
    await world.at(datetime(2026, 12, 5, 15, 45, tzinfo=UTC))  # Saturday
    await world.tick()
    sent = world.rows("SELECT local_date FROM outbox WHERE kind = 'prompt' AND status = 'sent'")
    assert sent == [{"local_date": "2026-12-03"}]


async def test_prompt_missed_on_its_day_expires_and_is_asked_next_day(world: World) -> None:
    user = world.user()
    await onboard(world, user)
    await user.next_message()
    world.emu.set_down(True)  # Telegram unreachable all evening
    await world.at(datetime(2026, 11, 30, 15, 45, tzinfo=UTC))
    await world.tick()
    world.emu.set_down(False)
    await world.at(datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # 00:30 on Tuesday, local
    await world.tick()
    statuses = world.rows("SELECT local_date, status FROM outbox WHERE kind = 'prompt'")
    assert statuses == [{"local_date": "2026-11-30", "status": "expired"}]
    await world.at(datetime(2026, 12, 1, 15, 45, tzinfo=UTC))
    await world.tick()
    prompt = await user.next_message()
    assert "dag 1 van 10" in prompt.text  # not skipped: day 1 again


async def test_bad_input_gets_friendly_answers(world: World) -> None:
    user = world.user()
    await user.send("hallo?")
    assert "Typ /start" in (await user.next_message()).text
    await user.send("/onzin")
    assert "Het commando /onzin ken ik niet" in (await user.next_message()).text
    await user.send("/start")
    await user.next_message()
    await user.send_sticker()
    assert "Tik op een van de knoppen" in (await user.next_message()).text
    await onboard_rest(user)
    await user.send_sticker()
    assert "Dat kan ik niet lezen" in (await user.next_message()).text
    # A button from an old message (the days step) is refused kindly
    query = await user.press("ob:days")
    answer = await user.wait_answer(query)
    assert answer.text is not None and "oud bericht" in answer.text
    # Forged callback data
    query = await user.press("a:999999:s3", message=user.last)
    assert "oud bericht" in ((await user.wait_answer(query)).text or "")


