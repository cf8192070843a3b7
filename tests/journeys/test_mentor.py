"""A werkbegeleider's month, as both phones show it.

Daan starts "Leren op je werk" on a Wednesday and invites Marieke, his werkbegeleider.
She gets four digests: two on Mondays, then she moves her digest to Wednesday mid-week
(the third covers only the days since the second), and the fourth covers a week in which
Daan paused. She reads details, opens a voice note, sends feedback; Daan replies, and
at the end Daan stops the link. Transcripts: ``golden/mentor_nl.txt`` (Marieke) and
``golden/mentor_learner_nl.txt`` (Daan).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.e2e.harness import World
from tests.journeys.phone import Phone, raw_tags

WED_11 = datetime(2026, 11, 11, 8, 0, tzinfo=UTC)  # Wednesday 11 Nov 2026, 09:00 Amsterdam
LONG = ("Vandaag moest ik de compressor van lijn 3 ombouwen. Eerst dacht ik dat het een "
        "kwartiertje werk was, maar de koppeling zat vast en de handleiding klopte niet met "
        "het nieuwe type. Ik heb toen Erik gebeld, die liet me zien hoe je de borgring los "
        "krijgt zonder hem te verbuigen. Daarna ging het snel. Wat ik ervan leer: eerst het "
        "typeplaatje checken voor ik begin, en niet te lang zelf blijven proberen. "
        "Mijn plan: als ik een klus niet ken, dan bel ik binnen tien minuten iemand die hem "
        "wel kent, in plaats van een uur te puzzelen.")


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    """A moment in Amsterdam winter time (UTC+1) on ``day``'s date."""
    return datetime(day.year, day.month, day.day, hour - 1, minute, tzinfo=UTC)


async def answer_today(world: World, daan: Phone, day: datetime, answer: str | None) -> None:
    """Let the day's 15:00 prompt come, then answer at 15:10 (None: no answer)."""
    await world.run_until(at(day, 15, 10))
    if answer is None:
        return
    prompt = daan.shown[-1]
    labels = [label for row in prompt.buttons() for label, _ in row]
    if answer == "🎙":
        await daan.voice(42)
    elif answer == "📷":
        await daan.photo()
    elif any(answer in label for label in labels):
        await daan.tap(answer)
    else:
        await daan.send(answer)


async def test_a_mentor_month(world: World) -> None:
    await world.at(WED_11)
    daan = Phone(world, world.user(1001, "Daan"))
    marieke = Phone(world, world.user(2001, "Marieke"))
    await daan.send("/start")
    await daan.tap("Ja, ik doe mee")
    await daan.tap("Klaar")
    await daan.send("15:00")
    await daan.tap("Ja, dat klopt")
    await daan.tap("Leren op je werk")

    await daan.send("/mentor")
    await daan.tap("Uitnodigen: mag mijn antwoorden")
    link = daan.shown[-1].text.split("start=")[1].split()[0]
    await world.at(at(WED_11, 10))
    await marieke.send(f"/start {link}")
    await marieke.tap("Ja, ik begeleid")

    day = WED_11
    for answer in ("Bij het ombouwen van de compressor op lijn 3.",
                   "Ik heb zelf de nieuwe tester gebruikt.", "Als een collega iets voordoet"):
        await answer_today(world, daan, day, answer)
        if day.day == 12:
            await daan.tap("Privé maken")  # counts as answered; Marieke never sees it
        day += timedelta(days=1)
    await world.run_until(at(datetime(2026, 11, 16), 9))  # digest 1 (Mon 16 Nov)
    await marieke.tap("Daan")
    await marieke.tap("Feedback")
    await marieke.send("Mooi dat je de tester zelf gebruikte. Vraag Erik eens hoe hij dat aanpakt.")
    await daan.tap("Reageren")
    await daan.send("Dank je! Ik vraag het hem morgen.")

    day = datetime(2026, 11, 16)
    for answer in ("4", "🎙", LONG, "📷", None):
        await answer_today(world, daan, day, answer)
        day += timedelta(days=1)
    await world.run_until(at(datetime(2026, 11, 23), 9))  # digest 2 (Mon 23 Nov)
    await marieke.tap("Daan")
    await marieke.tap("Spraakbericht")
    await marieke.tap("Foto van do")
    await marieke.send("/leerlingen")
    await marieke.tap("Dag en tijd")
    await marieke.tap("wo")
    await marieke.tap("08:00")  # a morning time is offered

    await answer_today(world, daan, datetime(2026, 11, 23), "2")
    await answer_today(world, daan, datetime(2026, 11, 24),
                       "De storing aan de pers. Ik bleef rustig en belde Erik.")
    await world.run_until(at(datetime(2026, 11, 25), 9))  # digest 3 (Wed 25 Nov)
    await answer_today(world, daan, datetime(2026, 11, 25),
                       "Beter luisteren naar Ahmed voor ik begin.")
    await world.at(at(datetime(2026, 11, 25), 20))
    await daan.send("/pauze 07-12")
    await world.run_until(at(datetime(2026, 12, 2), 9))  # digest 4 (Wed 2 Dec)

    await world.at(at(datetime(2026, 12, 3), 12))
    await daan.send("/mentor")
    await daan.tap("Stop met Marieke")
    await daan.tap("Ja, stoppen")
    await world.run_until(at(datetime(2026, 12, 3), 13))

    for phone in (daan, marieke):  # the invitation token is random: not part of the story
        phone.lines[:] = [re.sub(r"m_[A-Za-z0-9_-]{16,}", "m_TOKEN", line) for line in phone.lines]
    marieke.check_golden("mentor_nl")
    daan.check_golden("mentor_learner_nl")

    for phone in (daan, marieke):
        assert all(not raw_tags(m) for m in phone.shown), [raw_tags(m) for m in phone.shown]
    texts = [m.text or m.caption or "" for m in marieke.shown]
    digests = [text for text in texts if text.startswith("📋 Overzicht")]
    # four digests, in order, each naming its days; none repeats or skips a day
    assert [d.splitlines()[0] for d in digests] == [
        "📋 Overzicht · vorige week, 9–13 november",
        "📋 Overzicht · vorige week, 16–20 november",
        "📋 Overzicht · deze week, 23–24 november",
        "📋 Overzicht · 25 november – 1 december",
    ]
    assert all(len(d) <= 1000 for d in digests), [len(d) for d in digests]
    assert "pauze tot 7 december" in digests[3]
    # a choice is shown with its question; a voice note and a photo are named
    assert "Wanneer leer jij het meest op je werk? → Als een collega iets voordoet" in digests[0]
    assert "🎙 spraakbericht (0:42)" in digests[1] and "📷 foto" in digests[1]
    assert "Ik heb zelf de nieuwe tester gebruikt" not in "".join(texts)  # made private
    assert "🔒 1 antwoord is privé" in digests[0]  # why 3 days count and 2 answers show
    # the details show the whole long answer; the voice note can be played
    assert any(LONG in text for text in texts)
    assert [m.kind for m in marieke.shown if m.kind in ("voice", "photo")] == ["voice", "photo"]
    # the learner's preview counts the same days as the digest that follows it
    previews = [m.text for m in daan.shown if m.text.startswith("👀 Dit ziet Marieke")]
    for preview, digest in zip(previews, digests[:2], strict=False):
        count = next(line for line in preview.splitlines() if line.startswith("📅"))
        assert count in digest, (count, digest)
    # the link ends only after a confirmation, and Marieke hears it in one line
    assert texts[-1].startswith("👋 Daan heeft de begeleiding") and "\n" not in texts[-1]
    # the order Marieke lives it: digest, details, feedback, Daan's reply, next digest, …
    order = ["📋 Overzicht · vorige week, 9–13", "🔎 Daan · 9–13 november", "Verstuurd aan Daan",
             "💬 Daan reageert op je feedback", "📋 Overzicht · vorige week, 16–20",
             "🔎 Daan · 16–20 november", "Opgeslagen ✅ Je volgende overzicht komt woensdag",
             "📋 Overzicht · deze week, 23–24", "📋 Overzicht · 25 november", "👋 Daan heeft"]
    positions = [next(i for i, text in enumerate(texts) if text.startswith(needle))
                 for needle in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
