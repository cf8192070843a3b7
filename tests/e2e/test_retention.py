"""Retention and the privacy notice: answers and sent message texts go after
RETENTION_MONTHS (by the tick), and the notice says what is kept, who sees what from when,
how long, that Telegram carries the messages, who runs the bot and how to export or erase."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.retention import cutoff
from tests.e2e.harness import World
from tests.e2e.steps import onboarded, until

WORDS = "Vandaag de oven van lijn 4 schoongemaakt met Fatima"


def test_cutoff_counts_calendar_months() -> None:
    assert cutoff(datetime(2027, 3, 31, 12, tzinfo=UTC), 1) == datetime(2027, 2, 28, 12, tzinfo=UTC)
    assert cutoff(datetime(2027, 1, 15, tzinfo=UTC), 24) == datetime(2025, 1, 15, tzinfo=UTC)
    assert cutoff(datetime(2027, 1, 15, tzinfo=UTC), 13) == datetime(2025, 12, 15, tzinfo=UTC)


async def test_answers_and_message_texts_go_after_the_retention_period(world: World) -> None:
    learner = await onboarded(world)
    await world.at(datetime(2026, 11, 30, 15, 45, tzinfo=UTC))
    await world.tick()
    await until(learner, "dag 1 van 10")
    await learner.send(WORDS)
    await until(learner, "Opgeslagen")
    await world.settle()
    kept = "SELECT count(*) AS n FROM outbox WHERE text != '' AND created_at < '2026-12-01'"
    assert world.rows(kept)[0]["n"] > 0

    code = "SELECT count(*) AS n FROM portfolio_tokens"
    world.store.create_portfolio_token("a-code", 1001, False, world.clock(),
                                       datetime(2026, 12, 1, 15, 45, tzinfo=UTC))
    # Default 24 months: five weeks later everything is still there.
    await world.at(datetime(2027, 1, 5, 7, 0, tzinfo=UTC))
    await world.tick()
    assert world.rows("SELECT text FROM answers") == [{"text": WORDS}]
    assert world.rows(code) == [{"n": 1}]
    # With one month, the next tick removes the answer and empties old message texts.
    world.services.settings.retention_months = 1
    await world.tick()
    assert world.rows("SELECT count(*) AS n FROM answers") == [{"n": 0}]
    assert world.rows(kept) == [{"n": 0}]
    assert world.rows(code) == [{"n": 0}]  # the expired consent code goes too
    assert WORDS not in "\n".join(world.db.iterdump())
    assert world.rows("SELECT count(*) AS n FROM users") == [{"n": 1}]  # the account stays


async def test_the_privacy_notice_says_what_who_when_how_long_and_who_runs_it(
        world: World) -> None:
    world.services.settings.operator_name = "Bakkerij De Korenschoof"
    stranger = world.user(1001, "Sanne")
    await stranger.send("/privacy")  # readable before signing up
    text = (await stranger.next_message()).text
    for needle in ("Bakkerij De Korenschoof", "24 maanden", "Telegram brengt", "/mijngegevens",
                   "vanaf de dag dat", "Privéantwoorden nooit", "teamleider", "spraakberichten",
                   "Je leerdoelen (/doelen) ziet je begeleider altijd",
                   "De beheerder ziet je antwoorden nooit", "/portfolio"):
        assert needle in text, needle
    english = world.user(1002, "Sam", "en")
    await english.send("/privacy")
    text = (await english.next_message()).text
    for needle in ("Bakkerij De Korenschoof", "24 months", "Telegram carries", "/mydata",
                   "from the day they became your mentor", "The operator never sees your answers"):
        assert needle in text, needle
    world.services.settings.operator_name = ""
    await english.send("/privacy")
    assert "not set yet" in (await english.next_message()).text
