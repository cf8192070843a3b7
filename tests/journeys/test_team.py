"""A team lead, four members and their group chat through a two-week learning sprint.

Lotte leads team "Lijn 3" through "Kennismaken" (Mon 30 Nov – Fri 11 Dec 2026). Anna
joins by link as a newcomer and answers at 17:00, so her retrospective on the last day
comes at 17:00 too; Bram already follows his own programme and pauses it for the sprint;
Chris reads English and lives in New York; Dana lives on Curaçao (five hours behind
Amsterdam). The group chat gets the Monday and Friday posts. After the sprint Lotte looks
back with /sprint and Bram's own programme picks up again. One transcript per persona
lives in ``golden/team_*.txt``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.harness import World
from tests.journeys.phone import GroupScreen, Phone, Screen, raw_tags

AMS = ZoneInfo("Europe/Amsterdam")
WEDNESDAY_BEFORE = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wed 25 Nov, 10:00 Amsterdam
FIRST_DAY = date(2026, 11, 30)
SPRINT_DAYS = [FIRST_DAY + timedelta(days=7 * w + d) for w in range(2) for d in range(5)]
PRIVATE_WORDS = "ruzie met de planner"

# What each member answers on sprint day 1..10 (a button label, text, or None to skip).
ANSWERS: dict[str, list[str | None]] = {
    "Anna": ["Ik heb de grijper van de lasrobot afgesteld.", "4", "Van een collega",
             "Als ik twijfel over een instelling, dan vraag ik het aan Joost.",
             "Ja, twee keer gevraagd en het scheelde tijd.", None,
             "Een klant wilde een andere maat dan op de werkbon stond.", "3",
             "De storing aan de pers snel gevonden, omdat Joost meekeek.",
             "Vragen stellen werkte goed. Ik neem mee dat ik eerder om hulp vraag."],
    "Bram": ["Samen met Joost de transportband weer aan de praat gekregen.", "2",
             "Van een storing of fout", f"Ik had {PRIVATE_WORDS}.", "Half gelukt.",
             "Als de band stopt, dan kijk ik eerst naar de sensor.", "Niets bijzonders.", "4",
             "De band draait weer.", "Ik wil beter leren plannen."],
    "Chris": ["Replaced a sensor on line 3.", "5", "By trying it myself",
              "If the sensor fails again, then I check the wiring first.", "Yes, it worked.",
              "If I am unsure, then I ask the shift lead.", "A customer called about a delay.",
              "4", "The new checklist helped.", "Asking questions early works for me."],
    "Dana": ["Ik heb de nachtploeg ingewerkt.", "3", "Van een klant", None,
             "Nog niet gelukt.", "Als ik moe ben, dan neem ik een korte pauze.",
             "Een collega had een slimme oplossing.", "5",
             "Het overleg met de ploeg ging goed.", "Ik neem mee: vaker samen kijken."],
}
SHARE = {("Anna", 1), ("Bram", 1), ("Chris", 1), ("Anna", 10), ("Chris", 10), ("Dana", 10),
         ("Anna", 9)}
PRIVATE = {("Bram", 4)}


def ams(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS).astimezone(UTC)


async def answer(member: Phone, day: int) -> None:
    """Answer the member's sprint prompt of sprint day ``day`` (1-based) as planned."""
    name = member.user.first_name
    found = [m for m in member.shown if re.search(rf"· (dag|day) {day} (van|of)", m.text or "")]
    if not found:
        member.lines.append(f"!!! no prompt for day {day}")
        return
    prompt = found[-1]
    labels = [label for row in prompt.buttons() for label, _ in row]
    given = ANSWERS[name][day - 1]
    if given is None:
        await member.tap("overslaan" if member.lang == "nl" else "Skip")
        return
    if given in labels:
        await member.tap(given)
    else:
        await member.send(given)
    if (name, day) in SHARE:
        await member.tap("Delen met team" if member.lang == "nl" else "Share with team")
    if (name, day) in PRIVATE:
        await member.tap("Privé" if member.lang == "nl" else "Private")


async def join_as_newcomer(phone: Phone, link: str, typed_time: str, zone: str | None) -> None:
    nl = phone.lang == "nl"
    await phone.send(f"/start {link}")
    await phone.tap("Ja, ik doe mee" if nl else "Yes, I'm in")
    if "Doe je mee?" in phone.shown[-1].text or "Do you want to join?" in phone.shown[-1].text:
        await phone.tap("Ja, ik doe mee" if nl else "Yes, I'm in")
    await phone.tap("Klaar" if nl else "Done")
    await phone.send(typed_time)
    if zone is None:
        await phone.tap("Ja, dat klopt" if nl else "Yes, that's right")
    else:
        await phone.tap("Andere tijdzone" if nl else "Another time zone")
        labels = [label for row in phone.shown[-1].buttons() for label, _ in row]
        if zone in labels:
            await phone.tap(zone)
        else:
            await phone.send(zone)


def shared_by(name: str, line: str) -> bool:
    """The line quotes (the start of) an answer ``name`` shared with the team."""
    if not line.startswith(f"{name}: “"):
        return False
    said = line[len(name) + 3:].rstrip("”").rstrip("…")
    return any(ANSWERS[name][day - 1].startswith(said) for who, day in SHARE if who == name)


def texts(screen: Screen) -> list[str]:
    return [m.text or m.caption or "" for m in screen.shown]


async def test_a_team_through_a_two_week_sprint(world: World) -> None:
    await world.at(WEDNESDAY_BEFORE)
    lotte = Phone(world, world.user(5001, "Lotte"))
    await lotte.send("/sprint")
    await lotte.send("Lijn 3")
    await lotte.tap("Kennismaken")
    await lotte.tap("maandag 30 november")
    await lotte.tap("2")
    ready = lotte.shown[-1].text
    link = re.search(r"start=(s_[A-Za-z0-9_-]+)", ready)
    assert link
    group = GroupScreen(world, group=world.emu.group(-1001234567890, "Team Lijn 3"))
    await group.add_bot(lotte)

    anna = Phone(world, world.user(1001, "Anna"))
    await join_as_newcomer(anna, link[1], "17:00", None)
    bram = Phone(world, world.user(1002, "Bram"))
    await bram.send("/start")
    await bram.tap("Ja, ik doe mee")
    await bram.tap("Klaar")
    await bram.send("16:45")
    await bram.tap("Ja, dat klopt")
    await bram.tap("Leren op je werk")
    await world.run_until(ams(date(2026, 11, 25), 16, 50))
    await bram.send("Ik heb vandaag de nieuwe collega rondgeleid.")
    await bram.send(f"/start {link[1]}")
    await bram.tap("Ja, ik doe mee")
    await bram.tap("pauzeren")
    chris = Phone(world, world.user(1003, "Chris", "en"), lang="en", tz="America/New_York")
    await join_as_newcomer(chris, link[1], "16:00", "New York")
    dana = Phone(world, world.user(1004, "Dana"), tz="America/Curacao")
    await join_as_newcomer(dana, link[1], "16:00", "Curaçao")  # typed, with ç
    members = [anna, bram, chris, dana]

    for n, day in enumerate(SPRINT_DAYS, start=1):
        for member, hour, minute in ((bram, 16, 50), (anna, 17, 5), (dana, 21, 5), (chris, 22, 5)):
            await world.run_until(ams(day, hour, minute))
            await answer(member, n)
    await world.run_until(ams(date(2026, 12, 12), 9, 30))
    await lotte.tap("Alles lezen")
    await world.run_until(ams(date(2026, 12, 12), 12, 0))
    await lotte.send("/sprint")
    await lotte.tap("Nieuwe sprint starten")
    await world.run_until(ams(date(2026, 12, 12), 15, 0))  # 09:00 in New York
    await chris.tap("Read everything")
    await world.run_until(ams(date(2026, 12, 14), 17, 0))

    everyone: list[Screen] = [lotte, *members, group]
    for screen in everyone:
        assert all(not raw_tags(m) for m in screen.shown), [raw_tags(m) for m in screen.shown]
    # 15. A member's weekly summary is about the sprint's questions, not a paused programme.
    for member in members:
        summaries = [t for t in texts(member) if ("Je week in het kort" in t or "Your week" in t)
                     and ("30 n" in t or "7 d" in t or "30 N" in t or "7 D" in t)]
        assert len(summaries) == 2, member.user.first_name
        assert all("Sprint Lijn 3" in t for t in summaries), member.user.first_name
        assert not any("geen vragen" in t or "no questions" in t for t in summaries)
    # 20. Making a sprint answer private names who does not see it.
    assert "Je teamleider en het team zien het niet" in bram.transcript()
    assert "Je begeleider ziet het niet" not in bram.transcript()

    # 20. Joining by link asks "Doe je mee?" once; nothing says "only you" about a sprint.
    for newcomer in (anna, chris, dana):
        seen = newcomer.transcript()
        assert seen.count("Doe je mee?") + seen.count("Do you want to join?") == 1
        assert "Alleen jij" not in seen and "Only you" not in seen
    # ... and Bram is told his own programme picks up again, once, before it does.
    resumes = [i for i, t in enumerate(texts(bram)) if "eigen programma" in t and "weer verder" in t]
    own = [i for i, t in enumerate(texts(bram)) if "dag 4 van 30" in t]
    assert len(resumes) == 1 and own and resumes[0] < own[0]

    # 16. Every weekly message fits a phone (≤ 1,000 characters); the rest is behind a button.
    weekly = ("Teamoverzicht", "Eindverslag", "Final report", "Je week in het kort",
              "Your week", "einde van week", "end of week")
    for screen in everyone:
        for message in screen.shown:
            text = message.text or message.caption or ""
            if any(word in text.split("\n")[0] for word in weekly):
                assert len(text) <= 1000, (screen.chat.chat_id, len(text), text[:80])
    reports = [m for m in lotte.shown if (m.text or "").startswith("🏁 Eindverslag")]
    assert reports and all(m.buttons() for m in reports)  # 📖 Alles lezen
    assert not any("Welkom!" in t for t in texts(lotte))  # shared answers under their question

    # 17. No person identifiable in the group: no distribution (4 members), and a name only
    # next to words that person shared with the team.
    posts = texts(group)
    assert not any("▇" in t for t in posts + texts(lotte))
    for post in posts:
        for line in post.split("\n"):
            for name in ANSWERS:
                assert name not in line or shared_by(name, line), line
        assert PRIVATE_WORDS not in post

    # 18. The final report waits for every member's retrospective (Anna's at 17:00, Dana's
    # and Chris's in the evening): all three are in it, and its week 1 equals week 1's digest.
    final = next(m.text for m in lotte.shown if "Eindverslag" in (m.text or ""))
    for name in ("Anna", "Chris", "Dana"):
        assert name in final
    digest = next(m.text for m in lotte.shown if "Teamoverzicht" in (m.text or ""))
    week1 = re.findall(r"(\d) van 4", digest)
    assert f"Week 1: {' · '.join(week1)} (van 4)" in final
    # order: on each phone, the retrospective and its answer come before the final report
    for member in members:
        seen = member.transcript()
        retro = re.search(r"· (dag 10 van|day 10 of) 10", seen)
        answered = seen.find(f"▶ {ANSWERS[member.user.first_name][9]}")
        assert retro and 0 < retro.start() < answered < seen.index("🏁 "), member.user.first_name

    lotte.check_golden("team_lead")
    anna.check_golden("team_anna")
    bram.check_golden("team_bram")
    chris.check_golden("team_chris")
    dana.check_golden("team_dana")
    group.check_golden("team_group")

