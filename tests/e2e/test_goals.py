"""Learning goals over the emulator: a learner sets, finishes and replaces goals in their
own words (history kept), is told a mentor sees them, and the mentor reacts while the
learner decides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.emulator import SimUser
from tests.e2e.harness import World
from tests.e2e.steps import invite, onboard, press, until


def day_at(day: int, hour: int = 15, minute: int = 45) -> datetime:
    """A UTC moment in the week of Monday 30 November 2026 (16:45 in Amsterdam)."""
    return datetime(2026, 11, 30, hour, minute, tzinfo=UTC) + timedelta(days=day)


async def test_a_learner_sets_up_to_three_goals_and_finishes_and_replaces_them(
        world: World) -> None:
    learner = world.user(1001, "Sanne")
    await onboard(world, learner, programme="Leren op je werk")
    await learner.next_message()

    await learner.send("/doelen")
    menu = await learner.next_message()
    assert "Je hebt nog geen leerdoelen" in menu.text
    assert "Nodig je een begeleider uit? Die ziet je doelen altijd." in menu.text
    await press(learner, "Nieuw doel")
    ask = await learner.next_message()
    assert "Wat wil je beter leren?" in ask.text
    assert "Ik vraag vaker om feedback op mijn werk" in ask.text  # this programme's examples
    await learner.send("Een storing aan de pers zelf vinden")
    sign = await learner.next_message()
    assert "Hoe merk je dat je vooruitgaat?" in sign.text
    await learner.send("Ik hoef de monteur minder vaak te bellen")
    saved = await learner.next_message()
    assert "Je doel staat erin: Een storing aan de pers zelf vinden" in saved.text
    await learner.next_message()  # the goals again

    # An example, taken over with its own progress line.
    await press(learner, "Nieuw doel")
    await learner.next_message()
    await press(learner, "Voorbeeld 1")
    suggested = await learner.next_message()
    assert "Ik vraag het elke week minstens één keer" in suggested.text
    await press(learner, "Zo neem ik het over")
    assert "Je doel staat erin: Ik vraag vaker om feedback" in (await learner.next_message()).text
    await learner.next_message()
    await press(learner, "Nieuw doel")
    await learner.next_message()
    await learner.send("Netjes mijn werkplek achterlaten")
    await learner.next_message()
    await learner.send("Mijn collega hoeft niets op te ruimen")
    await learner.next_message()
    full = await learner.next_message()
    assert full.text.count("Zo merk je vooruitgang") == 3
    assert "Nieuw doel" not in str(learner.buttons(full))  # three is the most

    await press(learner, "1 is klaar")
    assert "Goed gedaan" in (await learner.next_message()).text
    after = await learner.next_message()
    assert "Eerder" in after.text and "✅ Een storing aan de pers zelf vinden" in after.text
    assert "Nieuw doel" in str(learner.buttons(after))
    await press(learner, "1 vervangen")  # now "Ik vraag vaker om feedback…"
    replacing = await learner.next_message()
    assert "Je vervangt: Ik vraag vaker om feedback op mijn werk" in replacing.text
    await learner.send("Feedback vragen aan Ahmed")
    await learner.next_message()
    await learner.send("Ik weet elke vrijdag wat beter kan")
    await learner.next_message()
    now = await learner.next_message()
    assert "1. Netjes mijn werkplek achterlaten" in now.text
    assert "2. Feedback vragen aan Ahmed" in now.text
    assert "🔁 Ik vraag vaker om feedback op mijn werk" in now.text  # the history stays


async def test_the_mentor_sees_the_goals_and_reacts_and_the_learner_decides(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()
    payload = await invite(world, learner, "Uitnodigen: alleen de cijfers")
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await mentor.next_message()
    await learner.next_message()

    await learner.send("/doelen")
    assert "Je begeleider ziet je doelen" in (await learner.next_message()).text
    await press(learner, "Nieuw doel")
    await learner.next_message()
    await learner.send("Zelf een storing vinden")
    await learner.next_message()
    await learner.send("Minder vaak de monteur bellen")
    saved = await learner.next_message()
    assert "Je begeleider ziet je doelen. Die mag reageren, maar jij beslist." in saved.text
    await learner.next_message()

    await mentor.send("/leerlingen")
    overview = await until(mentor, "Doelen van Sanne")
    assert "Zelf een storing vinden" in overview.text
    assert "Minder vaak de monteur bellen" in overview.text  # shared with figures only too
    await press(mentor, "Reageer op: Zelf een storing vinden")
    assert "Sanne beslist zelf" in (await mentor.next_message()).text
    await mentor.send("Begin met de storingen aan de lijmunit")
    assert "naar Sanne gestuurd" in (await mentor.next_message()).text
    note = await learner.next_message()
    assert "Joost reageert op je doel" in note.text
    assert "Begin met de storingen aan de lijmunit" in note.text
    assert "Jij beslist" in note.text
    goals = world.rows("SELECT text, status FROM goals")
    assert goals == [{"text": "Zelf een storing vinden", "status": "active"}]  # unchanged


async def set_goal(learner: SimUser, text: str, sign: str) -> None:
    await learner.send("/doelen")
    await learner.next_message()
    await press(learner, "Nieuw doel")
    await learner.next_message()
    await learner.send(text)
    await learner.next_message()
    await learner.send(sign)
    await learner.next_message()
    await learner.next_message()


async def test_an_answer_is_tied_to_a_goal_with_one_tap_and_the_week_counts_it(
        world: World) -> None:
    learner = world.user(1001, "Sanne")
    await onboard(world, learner)
    await learner.next_message()
    await world.at(day_at(0, 10, 0))
    await set_goal(learner, "Zelf een storing vinden", "Minder vaak de monteur bellen")
    await set_goal(learner, "Netjes werken", "Niets hoeft over")

    for day in (0, 1):  # an open answer typed, a scale tapped
        await world.at(day_at(day))
        await world.tick()
        await until(learner, f"dag {day + 1} van")
        if day == 0:
            await learner.send("Storing aan lijn 2 zelf gevonden")
        else:
            await press(learner, "4")
        confirmation = await learner.next_message()
        labels = [label for row in learner.buttons(confirmation) for label, _ in row]
        assert labels[0] == "🎯 Hoort bij: Zelf een storing vinden"
        assert "🎯 Hoort bij: Netjes werken" in labels
        toast = await learner.wait_answer(await learner.press_button("Hoort bij: Zelf een storing"))
        assert toast.text == "Dit antwoord hoort nu bij je doel."
        await world.settle()
        ticked = [label for row in learner.buttons(confirmation) for label, _ in row]
        assert "✅ Hoort bij: Zelf een storing vinden" in ticked

    await world.at(day_at(4, 19, 0))
    await world.tick()
    summary = await until(learner, "Je week in het kort")
    assert "Je doelen deze week" in summary.text
    assert "Zelf een storing vinden: 2 keer aan gewerkt" in summary.text
    assert "Netjes werken: 0 keer aan gewerkt" in summary.text


async def test_without_goals_the_confirmation_offers_no_goal(world: World) -> None:
    learner = world.user(1001, "Sanne")
    await onboard(world, learner)
    await learner.next_message()
    await world.at(day_at(0))
    await world.tick()
    await until(learner, "dag 1 van")
    await learner.send("Storing aan lijn 2 zelf gevonden")
    confirmation = await learner.next_message()
    assert "Hoort bij" not in str(learner.buttons(confirmation))
