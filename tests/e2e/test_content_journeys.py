"""What the content does for a real learner over the emulator: check-backs that quote the
right words and name no day, a follow-up that fits "nog niet", and the story at the end
of "Leren op je werk" made of the learner's own answers, in order."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from bot.emulator import BotMessage, SimUser
from tests.e2e.harness import World
from tests.e2e.steps import invite, onboard, press, until

DAY_NAMES = re.compile(
    r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|gisteren)\b", re.IGNORECASE)


def prompt_time(day: date) -> datetime:
    """16:45 in Amsterdam (UTC+1 in winter)."""
    return datetime(day.year, day.month, day.day, 15, 45, tzinfo=UTC)


async def prompt_on(world: World, user: SimUser, day: date, number: int) -> BotMessage:
    """Tick at the prompt time of ``day``; the prompt "dag N" (a summary may come first)."""
    await world.at(prompt_time(day))
    await world.tick()
    for _ in range(4):
        message = await user.next_message()
        if f"dag {number} van" in message.text:
            return message
    raise AssertionError(f"no prompt for day {number}")


def body(message: BotMessage) -> str:
    """The prompt without its header line (theme · dag N van M) and the how-to line."""
    return message.text.split("\n\n")[1]


async def test_mid_week_start_and_a_skipped_day_get_the_right_check_backs(world: World) -> None:
    # Sanne starts on a Wednesday: the programme's "Monday" is her Wednesday.
    await world.at(datetime(2026, 12, 2, 7, 0, tzinfo=UTC))
    user = world.user()
    await onboard(world, user)
    await user.next_message()
    first = await prompt_on(world, user, date(2026, 12, 2), 1)
    assert "Wat heb je vandaag vooral gedaan?" in first.text
    await user.send("Remmen afgesteld en een band gewisseld")
    await user.next_message()
    await prompt_on(world, user, date(2026, 12, 3), 2)  # the scale: she lets this day go
    await prompt_on(world, user, date(2026, 12, 4), 3)
    plan_prompt = await prompt_on(world, user, date(2026, 12, 7), 4)  # a Monday
    assert "Wat wil je morgen eens anders doen" in plan_prompt.text
    plan = "de <PLC> eerst zelf uitlezen & dan pas Joost bellen"
    await user.send(plan)
    await user.next_message()

    check = await prompt_on(world, user, date(2026, 12, 8), 5)
    assert body(check) == f"Je plan was: “{plan}”. Is dat gelukt? Half gelukt telt ook."
    assert not DAY_NAMES.search(check.text)

    # "nog niet" gets a follow-up that fits an answer of "not yet".
    await user.send("nog niet")
    assert "Opgeslagen" in (await user.next_message()).text
    follow = await user.next_message()
    assert follow.text == "Wat hielp, of wat zat in de weg?"

    # Week 2: she skips the plan; its check-back then asks without quoting anything.
    await prompt_on(world, user, date(2026, 12, 9), 6)
    await press(user, "Vandaag overslaan")
    await user.next_message()
    for number, day in ((7, 10), (8, 11), (9, 14)):
        await prompt_on(world, user, date(2026, 12, day), number)
    last = await prompt_on(world, user, date(2026, 12, 15), 10)
    assert body(last) == ("Dit is de laatste vraag van de kennismaking. Welk moment van deze "
                          "twee weken onthoud je?")
    assert "Je plan was" not in last.text and "“" not in last.text
    assert not DAY_NAMES.search(last.text)


async def test_a_quoting_scale_shows_the_words_or_asks_without_them(world: World) -> None:
    user = world.user()
    await onboard(world, user, programme="Feedback vragen en geven")
    await user.next_message()
    assert world.store is not None
    # Week 1: the goal on Monday; Thursday's scale (the weekly goal question) quotes it.
    await prompt_on(world, user, date(2026, 11, 30), 1)
    await user.send("Sneller een storing aan de pers vinden")
    await user.next_message()
    world.store.set_position(user.id, "feedback", 3, world.clock())
    scale = await prompt_on(world, user, date(2026, 12, 1), 4)
    assert body(scale).startswith(
        "Je doel is: “Sneller een storing aan de pers vinden”. Hoe ver ben je daar nu mee?")
    assert "[1]" not in scale.text and user.buttons(scale)[0][0][0] == "1"


async def test_the_story_at_the_end_of_week_six_holds_the_learners_answers_in_order(
        world: World) -> None:
    user = world.user()
    await onboard(world, user, programme="Leren op je werk")
    await user.next_message()
    assert world.store is not None
    # Straight to week 4, Tuesday: "what keeps coming back" (the story's situation).
    world.store.set_position(user.id, "leren-op-je-werk", 16, world.clock())
    situation = await prompt_on(world, user, date(2026, 11, 30), 17)
    assert "Welke lastige situatie kom je vaker tegen" in situation.text  # nothing to quote yet
    answers = {
        "situation": "De pers op lijn 3 valt in de nachtdienst steeds stil",
        "task": "Ik moest de pers weer aan de gang krijgen voor de ochtend",
        "action": "Eerst de foutcode gelezen, toen de <sensor> schoongemaakt & getest",
        "result": "Half opgelost: hij draaide weer, maar de oorzaak weet ik nog niet",
        "again": "Volgende keer bel ik eerder de storingsdienst en schrijf ik alles op",
    }
    await user.send(answers["situation"])
    await user.next_message()
    world.store.set_position(user.id, "leren-op-je-werk", 25, world.clock())  # week 6

    task = await prompt_on(world, user, date(2026, 12, 1), 26)
    # written yesterday (the test jumps ahead): the coach says so, not "twee weken geleden"
    assert body(task).startswith(f"Gisteren schreef je: “{answers['situation']}”. "
                                 "Wat moest jij toen doen of oplossen?")
    await user.send(answers["task"])
    await user.next_message()
    for number, day, key in ((27, 2, "action"), (28, 3, "result")):
        await prompt_on(world, user, date(2026, 12, day), number)
        await user.send(answers[key])
        await user.next_message()
    await prompt_on(world, user, date(2026, 12, 4), 29)
    await press(user, "4")
    await user.next_message()
    last = await prompt_on(world, user, date(2026, 12, 7), 30)
    assert "De laatste vraag." in last.text
    await user.send(answers["again"])
    assert "Opgeslagen" in (await user.next_message()).text

    story = await user.next_message()
    assert story.text.startswith("📖 Jouw verhaal")
    labels = ["Wat er gebeurde", "Wat ik moest doen", "Wat ik deed", "Hoe het afliep",
              "Wat ik de volgende keer doe"]
    order = [story.text.index(label) for label in labels]
    assert order == sorted(order)
    places = [story.text.index(text) for text in answers.values()]
    assert places == sorted(places)
    assert "&lt;sensor&gt;" in story.html  # the learner's words are escaped
    assert "Bewaar dit bericht." in story.text
    assert not re.search(r"STARR|transfer|reflectie|portfolio", story.text, re.IGNORECASE)

    # The next work day the programme ends; the story is not sent a second time.
    await world.at(prompt_time(date(2026, 12, 8)))
    await world.tick()
    await world.settle()
    assert sum(m.text.startswith("📖 Jouw verhaal") for m in user.messages) == 1
    assert any("afgerond" in m.text or "klaar" in m.text for m in user.messages[-2:])


async def test_the_mentors_overview_says_what_the_learners_coming_week_asks_of_them(
        world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner, programme="Feedback vragen")
    await learner.next_message()
    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja")
    await mentor.next_message()
    for number, day in enumerate((30, 1, 2, 3, 4), start=1):  # week 1 of the programme
        month = 11 if day == 30 else 12
        await prompt_on(world, learner, date(2026, month, day), number)
    await world.at(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))  # Monday: the overview
    await world.tick()
    digest = await until(mentor, "📋 Overzicht")
    assert ("👉 Sanne vraagt deze week iemand om feedback, misschien jou. Noem dan één ding "
            "dat je zag en één tip voor de volgende keer.") in digest.text
