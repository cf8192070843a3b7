"""Daan, an apprentice mechanic, lives through "Leren op je werk" for eight weeks.

He signs up on a Wednesday (mid-week), links his mentor, answers most days at 16:40
(one long story, a voice note, a private answer, one he wants to discuss), skips a day,
lets another pass, takes a break over Christmas, finishes the programme and picks the
next one. The transcript is ``golden/learner_nl.txt``; the assertions below are what he
would notice on his phone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.emulator import BotMessage
from tests.e2e.harness import World
from tests.e2e.steps import press
from tests.journeys.phone import Phone, raw_tags

AMS = ZoneInfo("Europe/Amsterdam")
START = date(2026, 12, 2)  # a Wednesday
PAUSE_FROM = date(2026, 12, 17)  # Thursday evening: /pauze 28-12
RESUME_ON = date(2026, 12, 28)
END = date(2027, 1, 27)  # eight weeks after the start

LONG_STORY = (
    "Vandaag moest ik met Erik een lekkende hydraulische pomp vervangen bij een klant in "
    "Zwolle. Eerst hebben we de machine drukloos gemaakt en alles afgezet, dat duurde "
    "langer dan gedacht omdat het ventiel vast zat. Toen we de pomp eruit hadden zag ik dat "
    "de pakking aan de achterkant ook kapot was, dat had ik zelf gezien en Erik was blij dat "
    "ik het zei. We hadden geen nieuwe pakking bij ons dus ik heb gebeld met het magazijn en "
    "die hebben hem met de koerier gestuurd. Ondertussen hebben we de leidingen schoongemaakt. "
    "Aan het eind hebben we alles getest op druk en het hield. De klant was tevreden. Ik heb "
    "geleerd dat je altijd de hele unit moet bekijken en niet alleen het onderdeel dat stuk is."
)

# What Daan types for each prompt he answers with words (by prompt id).
TYPED = {
    "w1-ma": "ok",  # no real plan: nothing to quote back on Friday
    "w1-di": "Zelf de remmen afgesteld van een heftruck.",
    "w1-vr": "Ja twee keer een foto gemaakt van een storing.",
    "w2-ma": "De werkbon meteen invullen na elke klus.",
    "w2-di": LONG_STORY,
    "w2-vr": "Twee keer gedaan, de rest vergeten.",
    "w3-ma": "Bij Erik wil ik beter vragen wat hij bedoelt. Als hij iets uitlegt, dan vraag ik door.",
    "w3-vr": "Goed, hij legde het rustiger uit.",
    "w4-ma": "Een klant die haast heeft en over mijn schouder meekijkt.",
    "w4-di": "Gisteren bij de klant in Kampen, de pomp moest snel klaar.",
    "w4-do": "Het lastige is dat ik dan sneller ga werken en fouten maak.",
    "w4-vr": "Ja, het gaat al iets beter.",
    "w5-ma": "Als een klant haast heeft, dan zeg ik rustig hoe lang het duurt.",
    "w5-di": "Ja, bij de klant in Kampen. Hij bleef rustiger.",
    "w5-do": "Als een klant meekijkt, dan leg ik uit wat ik doe.",
    "w5-vr": "Uitleggen werkte goed, rustig blijven nog niet altijd.",
    "w6-ma": "De pomp snel vervangen terwijl de klant meekeek.",
    "w6-di": "Eerst gezegd hoe lang het duurt, toen uitgelegd wat ik deed, toen rustig doorgewerkt.",
    "w6-wo": "Opgelost, en de klant was tevreden.",
    "w6-vr": "Weer eerst zeggen wat ik ga doen. Dat werkt.",
}


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMS).astimezone(UTC)


def text_of(message: BotMessage) -> str:
    return message.text or message.caption or ""


def prompt_id_today(daan: Phone, day: date) -> str | None:
    """Today's prompt of "Leren op je werk" ("next:<id>" for one of the next programme)."""
    rows = daan.world.rows(
        "SELECT programme_id, prompt_id FROM outbox WHERE user_id = ? AND kind = 'prompt'"
        " AND local_date = ? AND status = 'sent'", [daan.user.id, day.isoformat()])
    if not rows:
        return None
    first = rows[0]
    return first["prompt_id"] if first["programme_id"] == "leren-op-je-werk" \
        else f"next:{first['prompt_id']}"


async def answer_today(daan: Phone, pid: str) -> None:
    """Daan's answer to today's prompt, by what kind of prompt it is."""
    prompt = daan.last_with("· dag ")
    labels = [label for row in prompt.buttons() for label, _ in row]
    if pid == "w2-wo":
        await daan.tap("Vandaag overslaan", on=prompt)
    elif pid == "w2-do":
        pass  # a busy day: no answer at all
    elif pid == "w3-di":
        await daan.voice(42)
    elif "3" in labels:  # a scale
        if pid == "w4-wo":
            await daan.send("bijna elke dag eigenlijk")  # words under a scale: the number, please
        await daan.tap("4", on=prompt)
    elif pid == "w3-vr":  # he meant to change his time, then just typed his answer
        await daan.send("/instellingen")
        await daan.tap("Tijd")
        await daan.send(TYPED[pid])
    elif pid in TYPED:
        await daan.send(TYPED[pid])
    elif len(labels) > 1:  # a choice
        await daan.tap(labels[0], on=prompt)
    else:  # a prompt of the next programme
        await daan.send("Vandaag een noodstop getest met Erik.")
    if pid == "w4-ma":
        await daan.tap("Privé maken")
    if pid == "w4-di":
        await daan.tap("Wil ik bespreken")


async def link_mentor(world: World, daan: Phone) -> None:
    # his mentor joins on the first evening (the mentor's own phone is another journey)
    await world.run_until(local(START, 19, 0))
    await daan.send("/mentor")
    await daan.tap("Uitnodigen: mag mijn antwoorden")
    token = re.search(r"start=(m_[A-Za-z0-9_-]+)", text_of(daan.shown[-1]))
    assert token
    erik = world.user(2002, "Erik")
    await erik.send(f"/start {token[1]}")
    await world.settle()
    await press(erik, "Ja, ik begeleid")
    await daan.settle()


async def test_eight_weeks_of_a_learner(world: World) -> None:
    await world.at(local(START, 12, 0))
    daan = Phone(world, world.user(2001, "Daan"))
    await daan.send("/start")
    await daan.tap("Ja, ik doe mee")
    await daan.tap("Klaar")
    await daan.send("half 5")
    await daan.tap("Ja, dat klopt")
    await daan.tap("Leren op je werk")

    day = START
    finished_on: date | None = None
    while day <= END:
        if finished_on is not None and day == finished_on + timedelta(days=1):
            # the morning after the last answer: what does the bot say now?
            await world.run_until(local(day, 8, 0))
            await daan.send("/vandaag")
            await daan.send("/instellingen")
            await daan.tap("Veilig werken", on=daan.last_with("Kies je volgende programma"))
        await world.run_until(local(day, 16, 40))
        pid = prompt_id_today(daan, day)
        if pid is not None:
            await answer_today(daan, pid)
        if pid == "w6-vr":
            finished_on = day
        if day == START:
            await link_mentor(world, daan)
        if day == START + timedelta(days=1):
            await daan.send("/overzicht")
            await daan.tap("Wanneer komt mijn weekoverzicht")
        if day == PAUSE_FROM:
            await world.run_until(local(day, 19, 0))
            await daan.send("/pauze 28-12")
        day += timedelta(days=1)
    await world.run_until(local(END, 20, 0))

    texts = [text_of(m) for m in daan.shown]
    # no HTML a person would see as characters
    assert all(not raw_tags(m) for m in daan.shown), [raw_tags(m) for m in daan.shown]
    # weekly messages fit a phone screen
    weekly = [t for t in texts if "Je week in het kort" in t or t.startswith("👀")]
    assert weekly and all(len(t) <= 1000 for t in weekly), max(len(t) for t in weekly)
    # nothing at all during the break (he did not write either)
    days = _days(daan.lines)
    in_break = [d for d in days if d.endswith(" dec") and 18 <= int(d.split()[1]) <= 27]
    assert in_break == [], in_break
    # each day: the prompt first, then his answer, then (Fridays) the summary that covers it
    for day, lines in days.items():
        prompt = next((i for i, line in enumerate(lines) if "· dag " in line), None)
        summary = next((i for i, line in enumerate(lines) if "Je week in het kort" in line), None)
        if prompt is not None and summary is not None:
            answered = [i for i, line in enumerate(lines) if line.startswith("▶")]
            assert prompt < summary and any(prompt < i < summary for i in answered), day
    # one summary each week with questions, none in the break; the end has a choice
    assert sum("Je week in het kort" in t for t in texts) == 7
    assert any("helemaal afgerond" in t for t in texts)
    assert "Veilig werken" in texts[-1] or any("Je doet mee met Veilig werken" in t for t in texts)
    # a check-back never names a week that is not the real one
    assert not any("Drie weken geleden schreef je: “Zelf de remmen" in t for t in texts)
    daan.check_golden("learner_nl")


def _days(lines: list[str]) -> dict[str, list[str]]:
    """The transcript's lines by day (``vr 4 dec``), in order."""
    days: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        if line.startswith("── "):
            current = " ".join(line.strip("─ ").split()[:3])
        days.setdefault(current, []).append(line)
    return days
