"""A learner invites a mentor, answers a week (one answer private), both get their weekly
messages, the mentor gives feedback and the learner reacts — over the Bot API emulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.harness import World
from tests.e2e.steps import invite, onboard, press, until

SECRET = "GEHEIM-kabel-7"


def day_at(day: int, hour: int = 15, minute: int = 45) -> datetime:
    """A UTC moment in the week of Monday 30 November 2026 (Amsterdam is UTC+1)."""
    base = datetime(2026, 11, 30, hour, minute, tzinfo=UTC)
    return base + timedelta(days=day)


async def test_mentor_loop_end_to_end(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()

    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    screen = await mentor.next_message()
    assert "Sanne nodigt je uit als begeleider" in screen.text
    assert "Wat Sanne privé maakt, zie je nooit" in screen.text
    await press(mentor, "Ja, ik begeleid")
    accepted = await mentor.next_message()
    assert "Je begeleidt nu Sanne" in accepted.text
    assert "maandag 7 december om 08:00" in accepted.text
    assert "Joost is nu je begeleider" in (await learner.next_message()).text

    # The invitation is single use; the learner cannot use their own.
    await mentor.send(f"/start {payload}")
    assert "al gebruikt" in (await mentor.next_message()).text
    await learner.send(f"/start {payload}")
    assert "eigen uitnodiging" in (await learner.next_message()).text

    # Monday: an open answer, shared.
    await world.at(day_at(0))
    await world.tick()
    await until(learner, "dag 1 van 10")
    await learner.send("Storing aan lijn 2 opgelost samen met Ahmed van onderhoud")
    confirmation = await learner.next_message()
    assert "Opgeslagen" in confirmation.text
    assert "🔒 Privé maken" in str(learner.buttons(confirmation))
    # Tuesday: a low scale answer; the learner wants to discuss it.
    await world.at(day_at(1))
    await world.tick()
    await until(learner, "dag 2 van 10")
    await press(learner, "2")
    await until(learner, "Opgeslagen: 2 van 5")
    await press(learner, "Wil ik bespreken")
    # Wednesday: a choice. Thursday: a plan, made private.
    await world.at(day_at(2))
    await world.tick()
    await until(learner, "dag 3 van 10")
    await press(learner, "Van een collega")
    await until(learner, "Opgeslagen")
    await world.at(day_at(3))
    await world.tick()
    await until(learner, "dag 4 van 10")
    await learner.send(f"als de sensor vals alarm geeft, dan check ik de kabel {SECRET}")
    await until(learner, "Opgeslagen")
    query = await learner.press_button("Privé maken")
    assert "nu privé" in ((await learner.wait_answer(query)).text or "")
    # Someone else cannot touch that toggle.
    stranger = world.user(3003, "Kim")
    await stranger.send("/start")
    await stranger.next_message()
    private_data = next(d for row in learner.buttons() for _, d in row if d.startswith("pv:"))
    query = await stranger.press(private_data, message=stranger.last)  # forged callback data
    assert "niet voor jou" in ((await stranger.wait_answer(query)).text or "")
    assert world.rows("SELECT private FROM answers WHERE text LIKE ?", [f"%{SECRET}%"]) == [
        {"private": 1}]

    # Friday: the learner's summary and the preview of the digest, once the day's prompt
    # has had its chance (three hours, as it stays unanswered). No chart: this week's scale
    # ("Hoe ging het vandaag?") is asked once, so there is no line to draw.
    await world.at(day_at(4, 19, 0))  # the summary waits for Friday's prompt (16:45) at most 3 h
    await world.tick()
    summary = await until(learner, "Je week in het kort")
    assert "Je gaf op 4 van de 4 dagen antwoord" in summary.text
    assert "Storing aan lijn 2 opgelost" in summary.text
    preview = await learner.next_message()
    assert "Dit ziet Joost op maandag 7 december" in preview.text
    assert "Storing aan lijn 2 opgelost" in preview.text
    assert SECRET not in preview.text
    assert "Deze week niet delen" in str(learner.buttons(preview))

    # Monday 08:00: the mentor's digest.
    await world.at(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))
    await world.tick()
    digest = await until(mentor, "📋 Overzicht")
    assert "Sanne" in digest.text and "4 van 5 dagen" in digest.text  # Friday: asked, no answer
    assert "Storing aan lijn 2 opgelost" in digest.text
    assert "wil iets bespreken" in digest.text and "lage score" in digest.text
    assert SECRET not in digest.text and "sensor vals alarm" not in digest.text
    assert "Voor jou als begeleider" in digest.text
    labels = [label for row in mentor.buttons(digest) for label, _ in row]
    assert "🔎 Sanne" in labels

    # Details show only what is shared.
    await press(mentor, "🔎 Sanne")
    detail = await mentor.next_message()
    assert "Storing aan lijn 2" in detail.text and SECRET not in detail.text

    # Feedback: the mentor writes, the learner gets it, reacts, and replies.
    await press(mentor, "Feedback")
    assert "Schrijf je feedback aan Sanne" in (await until(mentor, "feedback")).text
    await mentor.send_sticker()
    assert "als tekst" in (await mentor.next_message()).text
    await mentor.send("Goed dat je Ahmed vroeg. Zoek volgende keer eerst zelf de foutcode op.")
    assert "Verstuurd aan Sanne" in (await mentor.next_message()).text
    received = await until(learner, "Feedback van Joost")
    assert "Zoek volgende keer eerst zelf de foutcode op." in received.text
    await press(learner, "👍")
    assert "Sanne vond je feedback fijn" in (await mentor.next_message()).text
    await press(learner, "Reageren")
    await learner.next_message()
    await learner.send("Dank je, doe ik!")
    assert "Dank je, doe ik!" in (await until(mentor, "reageert op je feedback")).text
    row = world.rows("SELECT text, reaction, reply FROM feedback")[0]
    assert row == {"text": "Goed dat je Ahmed vroeg. Zoek volgende keer eerst zelf de foutcode op.",
                   "reaction": "thumbs_up", "reply": "Dank je, doe ik!"}

    # Exactly one summary and one digest for that week, whatever ticks follow.
    await world.restart()
    await world.at(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    await world.tick()
    counts = world.rows("SELECT kind, count(*) AS n FROM outbox WHERE kind IN "
                        "('summary', 'digest', 'chart', 'preview') GROUP BY kind ORDER BY kind")
    assert counts == [{"kind": "digest", "n": 1}, {"kind": "preview", "n": 1},
                      {"kind": "summary", "n": 1}]


async def test_held_back_week_never_reaches_the_mentor(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="en")
    await onboard(world, learner)
    await learner.next_message()
    payload = await invite(world, learner, "Uitnodigen: alleen de cijfers")
    await mentor.send(f"/start {payload}")
    screen = await mentor.next_message()
    assert "Sanne invites you to be their mentor" in screen.text
    assert "No answers" in screen.text
    await press(mentor, "Yes, I'll mentor")
    await mentor.next_message()
    await learner.next_message()

    await world.at(day_at(0))
    await world.tick()
    await until(learner, "dag 1 van 10")
    await learner.send(f"Vandaag de koppeling van de lasrobot vervangen {SECRET}")
    await until(learner, "Opgeslagen")
    await world.at(day_at(4, 19, 0))  # the summary waits for Friday's prompt (16:45) at most 3 h
    await world.tick()
    await until(learner, "Je week in het kort")
    preview = await learner.next_message()
    assert SECRET not in preview.text  # figures only: no words at all
    await press(learner, "Deze week niet delen")
    assert "Toch delen" in str(learner.buttons(preview))
    assert world.rows("SELECT week_start FROM held_weeks") == [{"week_start": "2026-11-30"}]

    await world.at(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))
    await world.tick()
    digest = await until(mentor, "Sanne")
    assert SECRET not in digest.text
    assert "1 of" not in digest.text  # no participation figures for a held-back week


async def test_either_side_can_end_the_link_and_bad_tokens_are_refused(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()
    for bad in ("m_", "m_zzz", "m_" + "x" * 32, "m_<script>"):
        await mentor.send(f"/start {bad}")
        assert "ken ik niet" in (await mentor.next_message()).text
    payload = await invite(world, learner)
    # Expired after 7 days
    await world.at(world.clock() + timedelta(days=7, minutes=1))
    await mentor.send(f"/start {payload}")
    assert "verlopen" in (await mentor.next_message()).text
    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Nee, liever niet")
    assert "geen begeleider" in (await mentor.next_message()).text
    assert "niet aangenomen" in (await until(learner, "niet aangenomen")).text

    payload = await invite(world, learner)
    await mentor.send(f"/start {payload}")
    await mentor.next_message()
    await press(mentor, "Ja, ik begeleid")
    await mentor.next_message()
    await learner.next_message()
    await mentor.send("/leerlingen")
    overview = await mentor.next_message()
    assert "👤 Sanne:" in overview.text and "<b>" not in overview.text  # bold, not tags
    await press(mentor, "Stop met Sanne")
    confirm = await mentor.next_message()
    assert "Wil je stoppen als begeleider van Sanne?" in confirm.text
    await press(mentor, "Nee, toch niet")
    assert "blijft" in (await mentor.next_message()).text
    assert world.rows("SELECT status FROM mentor_links") == [{"status": "active"}]
    await press(mentor, "Ja, stoppen")  # the confirmation is still there to tap
    assert "gestopt" in (await mentor.next_message()).text
    assert "Joost is gestopt als je begeleider" in (await learner.next_message()).text
    await world.settle()
    assert world.rows("SELECT status FROM mentor_links") == [{"status": "ended"}]
    assert world.rows("SELECT next_digest_at FROM users WHERE id = 2001") == [
        {"next_digest_at": None}]
    await mentor.send("/leerlingen")
    assert "nog geen begeleider" in (await mentor.next_message()).text


async def test_two_mentors_each_see_what_their_link_allows(world: World) -> None:
    learner = world.user(1001, "Sanne")
    coach = world.emu.user(2001, first_name="Joost", language_code="nl")
    teacher = world.emu.user(2002, first_name="Mira", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()
    for mentor, mode in ((coach, "Uitnodigen: mag mijn antwoorden"),
                         (teacher, "Uitnodigen: alleen de cijfers")):
        payload = await invite(world, learner, mode)
        await mentor.send(f"/start {payload}")
        await mentor.next_message()
        await press(mentor, "Ja, ik begeleid")
        await mentor.next_message()
        await learner.next_message()
    await learner.send("/mentor")
    menu = await learner.next_message()
    assert "Joost: ziet je gedeelde antwoorden" in menu.text
    assert "Mira: ziet alleen de cijfers" in menu.text

    await world.at(day_at(0))
    await world.tick()
    await until(learner, "dag 1 van 10")
    await learner.send("Hydrauliekslang vervangen aan de pers")
    await until(learner, "Opgeslagen")
    await world.at(day_at(4, 19, 0))  # the summary waits for Friday's prompt (16:45) at most 3 h
    await world.tick()
    await until(learner, "Je week in het kort")
    await world.settle()
    previews = [m for m in learner.messages if m.text.startswith("👀 Dit ziet")]
    assert len(previews) == 2
    assert sum("Hydrauliekslang" in m.text for m in previews) == 1

    await world.at(datetime(2026, 12, 7, 7, 0, tzinfo=UTC))
    await world.tick()
    assert "Hydrauliekslang" in (await until(coach, "📋 Overzicht")).text
    figures = await until(teacher, "📋 Overzicht")
    assert "Sanne" in figures.text and "Hydrauliekslang" not in figures.text
    assert "1 van 2 dagen" in figures.text  # Monday answered, Friday asked


async def test_the_mentor_is_told_when_the_learner_ends_or_erases(world: World) -> None:
    learner = world.user(1001, "Sanne")
    mentor = world.emu.user(2001, first_name="Joost", language_code="nl")
    await onboard(world, learner)
    await learner.next_message()
    for _ in range(2):
        payload = await invite(world, learner)
        await mentor.send(f"/start {payload}")
        screen = await mentor.next_message()
        assert "de antwoorden die Sanne met je deelt" in screen.text  # about Sanne, not "je"
        await press(mentor, "Ja, ik begeleid")
        await mentor.next_message()
        await learner.next_message()
        if world.rows("SELECT count(*) AS n FROM mentor_links")[0]["n"] == 1:
            await learner.send("/mentor")
            await learner.next_message()
            await press(learner, "Stop met Joost")
            assert "Wil je stoppen met Joost" in (await learner.next_message()).text
            await press(learner, "Ja, stoppen")
            await learner.next_message()
            ended = await mentor.next_message()
            assert ended.text.startswith("👋 Sanne heeft de begeleiding")
    await learner.send("/mijngegevens")
    await learner.next_message()
    await press(learner, "Wis al mijn gegevens")
    await learner.next_message()
    await press(learner, "Ja, wis alles")
    await until(learner, "gewist")
    told = await mentor.next_message()
    assert told.text.startswith("👋 Sanne heeft alle gegevens") and "\n" not in told.text
