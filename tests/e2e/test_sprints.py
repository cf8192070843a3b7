"""A lead and three members through one sprint week, with the group chat and the digest."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.emulator import SimUser
from tests.e2e.harness import World
from tests.e2e.steps import onboard, press, until

SECRET = "PRIVE-lasrobot-42"
WEDNESDAY_BEFORE = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wed 25 Nov, 10:00 Amsterdam


def ams(day: int, hour: int, minute: int = 0) -> datetime:
    """Amsterdam wall time in the sprint's first week (Mon 30 Nov 2026 = day 0), as UTC."""
    return datetime(2026, 11, 30, hour - 1, minute, tzinfo=UTC) + timedelta(days=day)


async def start_sprint(world: World, lead: SimUser, weeks: str = "2") -> tuple[str, str]:
    await lead.send("/sprint")
    assert "Hoe heet je team?" in (await lead.next_message()).text
    await lead.send("Lijn 3")
    assert "Welk programma doet team Lijn 3?" in (await lead.next_message()).text
    await press(lead, "Kennismaken")
    start = await lead.next_message()
    assert "maandag 30 november" in str(lead.buttons(start))
    await press(lead, "maandag 30 november")
    await lead.next_message()
    await press(lead, weeks)
    ready = await lead.next_message()
    assert "Sprint Lijn 3 staat klaar" in ready.text
    join = re.search(r"start=(s_[A-Za-z0-9_-]+)", ready.text)
    group = re.search(r"startgroup=(s_[A-Za-z0-9_-]+)", ready.text)
    assert join and group
    return join[1], group[1]


async def join_new(world: World, user: SimUser, payload: str, typed_time: str = "16:00",
                   zone: str | None = None) -> None:
    """A newcomer joins by link: onboarding without the programme step."""
    await user.send(f"/start {payload}")
    screen = await user.next_message()
    assert "Lotte" in screen.text and "Wat ziet Lotte?" in screen.text
    assert "Je privéantwoorden ziet niemand" in screen.text
    assert "/mijngegevens" in screen.text  # what is stored: "yes" here is the consent
    await press(user, "Ja, ik doe mee")
    await until(user, "Op welke dagen werk je?")  # not "Doe je mee?" a second time
    await press(user, "Klaar")
    await user.next_message()
    await user.send(typed_time)
    await user.next_message()
    if zone is None:
        await press(user, "Ja, dat klopt")
    else:
        await press(user, "Andere tijdzone")
        await user.next_message()
        await user.send(zone)
        await user.next_message()
    done = await until(user, "Je doet mee met sprint")
    assert "Lijn 3" in done.text


async def test_a_sprint_week_with_group_and_digest(world: World) -> None:
    await world.at(WEDNESDAY_BEFORE)
    lead = world.user(5001, "Lotte")
    join, _ = await start_sprint(world, lead)

    group = world.emu.group(-1001234567890, "Team Lijn 3")
    await group.add_bot(by=lead)
    hello = await group.next_message()
    assert "Hoi team Lijn 3" in hello.text and "Nooit iemands antwoord" in hello.text

    anna = world.user(1001, "Anna")
    await join_new(world, anna, join)
    assert "Lotte" not in anna.last.text  # nothing about the lead's view here
    bram = world.user(1002, "Bram")
    await onboard(world, bram)  # Bram already follows his own programme
    await bram.next_message()
    await bram.send(f"/start {join}")
    await bram.next_message()
    await press(bram, "Ja, ik doe mee")
    assert "eigen programma" in (await bram.next_message()).text
    await press(bram, "Eigen programma even pauzeren")
    assert "Je doet mee met sprint Lijn 3" in (await bram.next_message()).text
    chris = world.user(1003, "Chris", "en")
    await chris.send(f"/start {join}")
    assert "Lotte invites you" in (await chris.next_message()).text
    await press(chris, "Yes, I'm in")
    await until(chris, "Done")
    await press(chris, "Done")
    await chris.next_message()
    await chris.send("16:00")
    await chris.next_message()
    await press(chris, "Another time zone")
    await chris.next_message()
    await chris.send("New York")
    await chris.next_message()
    assert "sprint" in (await chris.next_message()).text.lower()
    assert "Anna joined" not in lead.last.text
    joined = [m.text for m in lead.messages if "doet mee met sprint Lijn 3" in m.text]
    assert len(joined) == 3  # the lead sees who joined, never who answered

    # Joining twice, and an unknown link
    await anna.send(f"/start {join}")
    assert "Je doet al mee" in (await anna.next_message()).text
    await anna.send("/start s_ZZZZZZZZZZZZZZZZZZZZZZZZ")
    assert "ken ik niet" in (await anna.next_message()).text
    # A member cannot use the lead's tools
    sprint_id = world.rows("SELECT id FROM sprints")[0]["id"]
    query = await anna.press(f"sl:ext:{sprint_id}", message=anna.last)
    assert "alleen de leider" in ((await anna.wait_answer(query)).text or "")

    # Monday 08:00: the group gets the week's theme.
    await world.at(ams(0, 8))
    await world.tick()
    theme = await group.next_message()
    assert "Je werkdag in beeld" in theme.text

    # Monday 16:45 in Amsterdam: Anna (16:00) and Bram (16:45) get sprint day 1;
    # Chris (16:00 in New York) not yet.
    await world.at(ams(0, 16, 45))
    await world.tick()
    a1 = await until(anna, "Sprint Lijn 3 · dag 1 van 10")
    b1 = await until(bram, "Sprint Lijn 3 · dag 1 van 10")
    assert a1.text.split("\n")[2:] == b1.text.split("\n")[2:]  # the same question
    await world.settle()
    assert not [m for m in bram.messages if "Je werkdag in beeld · dag" in m.text]  # own paused
    assert not [m for m in chris.messages if "day 1 of 10" in m.text]
    await anna.send(f"Ik heb de grijper van de lasrobot afgesteld {SECRET}")
    await until(anna, "Opgeslagen")
    query = await anna.press_button("Privé maken")
    assert "privé" in ((await anna.wait_answer(query)).text or "")
    await bram.send("Samen met Joost de transportband weer aan de praat gekregen")
    await until(bram, "Opgeslagen")
    query = await bram.press_button("Delen met team")
    assert "team" in ((await bram.wait_answer(query)).text or "")
    # 16:00 in New York is 22:00 in Amsterdam: Chris gets the same sprint day 1.
    await world.at(datetime(2026, 11, 30, 21, 0, tzinfo=UTC))
    await world.tick()
    c1 = await until(chris, "Sprint Lijn 3 · day 1 of 10")
    assert "What did you mainly do today?" in c1.text or "day 1 of 10" in c1.text
    await chris.send("Replaced a sensor on line 3")
    await until(chris, "Saved")

    # Tuesday: the scale prompt, three answers. Wednesday: a choice, two answers.
    await world.at(ams(1, 22, 30))
    await world.tick()
    for member, value in ((anna, "4"), (bram, "2"), (chris, "5")):
        await until(member, "2 van 10" if member is not chris else "2 of 10")
        await press(member, value)
    await world.at(ams(2, 22, 30))
    await world.tick()
    await until(anna, "dag 3 van 10")
    await press(anna, "Van een collega")
    await until(bram, "dag 3 van 10")
    await press(bram, "Van een collega")

    # A late joiner on Wednesday starts at the sprint's day 3, not day 1.
    dana = world.user(1004, "Dana")
    await world.at(ams(2, 23, 0))
    await join_new(world, dana, join, typed_time="07:00")
    await world.at(ams(3, 7, 0))
    await world.tick()
    assert "dag 4 van 10" in (await until(dana, "Sprint Lijn 3")).text

    # Friday 17:00: the week's report waits, for Chris's prompt at 22:00 and Dana's...
    await world.at(ams(4, 17, 0))
    await world.tick()
    await world.settle()
    assert not [m for m in lead.messages if "Teamoverzicht" in m.text]
    # ...and as that is late in the evening, the digest and chart come the next morning.
    await world.at(ams(5, 8, 0))
    await world.tick()
    digest = await until(lead, "Teamoverzicht")
    await world.settle()
    assert SECRET not in digest.text
    for name in ("Anna", "Chris", "Dana"):
        assert name not in digest.text
    assert "Bram" in digest.text and "transportband" in digest.text
    assert "pas als minstens 5 mensen antwoordden" in digest.text  # 3 members: no distributions
    assert "Te weinig" not in digest.text
    chart = next(m for m in lead.messages if m.kind == "photo")
    assert chart.file_id
    post = await until(group, "einde van week")
    assert SECRET not in post.text and "Anna" not in post.text

    # The bot is removed from the group: no more group posts, nothing breaks.
    await group.remove_bot(by=lead)
    await world.settle()
    assert world.rows("SELECT group_chat_id FROM teams") == [{"group_chat_id": None}]
    await world.at(ams(7, 8, 0))
    await world.tick()
    assert len([c for c in world.emu.calls_to("sendMessage")
                if int(c.params.get("chat_id", 0)) == group.id and c.status != 200]) == 0


async def test_extend_and_end_early(world: World) -> None:
    await world.at(WEDNESDAY_BEFORE)
    lead = world.user(5001, "Lotte")
    join, _ = await start_sprint(world, lead, weeks="2")
    anna = world.user(1001, "Anna")
    await join_new(world, anna, join)
    await lead.send("/sprint status")
    status = await until(lead, "Sprint Lijn 3")
    assert "1 deelnemers" in status.text and "vrijdag 11 december" in status.text
    await press(lead, "Week langer")
    assert "3 weken, tot en met vrijdag 18 december" in (await lead.next_message()).text
    assert world.rows("SELECT weeks FROM sprints") == [{"weeks": 3}]
    await press(lead, "Sprint stoppen")
    await lead.next_message()
    await press(lead, "Ja, stop de sprint")
    assert "is gestopt" in (await until(lead, "gestopt")).text
    assert "Sprint Lijn 3 is gestopt" in (await until(anna, "gestopt")).text
    await world.settle()
    assert world.rows("SELECT status FROM sprints") == [{"status": "ended"}]
    await anna.send(f"/start {join}")
    assert "al voorbij" in (await anna.next_message()).text
    await world.at(ams(0, 16))
    await world.tick()
    assert not [m for m in anna.messages if "dag 1 van" in m.text]


async def test_last_day_retrospective_and_final_report(world: World) -> None:
    await world.at(WEDNESDAY_BEFORE)
    lead = world.user(5001, "Lotte")
    join, _ = await start_sprint(world, lead, weeks="2")
    anna = world.user(1001, "Anna")
    await join_new(world, anna, join)
    bram = world.user(1002, "Bram")
    await onboard(world, bram)
    await bram.next_message()
    await bram.send(f"/start {join}")
    await bram.next_message()
    await press(bram, "Ja, ik doe mee")
    await bram.next_message()
    await press(bram, "Allebei")  # own programme and the sprint: two prompts a day
    await bram.next_message()

    await world.at(ams(0, 16, 45))
    await world.tick()
    await world.settle()
    monday = [m.text for m in bram.messages if "dag 1 van 10" in m.text]
    assert len(monday) == 2  # his own programme's day 1 and the sprint's day 1
    assert any(t.startswith("Sprint Lijn 3") for t in monday)

    # The last Friday: the retrospective replaces the programme's prompt.
    await world.at(ams(11, 16, 0))
    await world.tick()
    retro = await until(anna, "dag 10 van 10")
    assert "Kijk terug op de sprint" in retro.text or "sprint" in retro.text.lower()
    await anna.send("Vragen stellen werkte goed, dat neem ik mee. Ik wil nog leren plannen.")
    await until(anna, "Opgeslagen")
    query = await anna.press_button("Delen met team")
    await anna.wait_answer(query)

    # 17:00: Bram's retrospective (16:45) is still open: the final report waits for it.
    await world.at(ams(11, 17, 0))
    await world.tick()
    await world.settle()
    assert not [m for m in lead.messages if "Eindverslag" in m.text]
    await bram.send("Samen kijken hielp.")
    await until(bram, "Opgeslagen")
    # Everyone's last prompt answered: the final report to the lead and the members.
    await world.at(ams(11, 17, 10))
    await world.tick()
    final = await until(lead, "Eindverslag")
    assert "Vragen stellen werkte goed" in final.text and "Anna" in final.text
    member_report = await until(bram, "Bedankt dat je meedeed")
    assert "Eindverslag" in member_report.text and "Vragen stellen werkte goed" in member_report.text
    assert "Bram" not in member_report.text  # Bram shared nothing: his name is nowhere
    await world.settle()
    assert world.rows("SELECT status FROM sprints") == [{"status": "ended"}]
    await world.at(ams(14, 16, 45))
    await world.tick()
    await world.settle()
    assert world.rows("SELECT count(*) AS n FROM outbox WHERE kind = 'sprint_prompt' "
                      "AND local_date > '2026-12-11'") == [{"n": 0}]
