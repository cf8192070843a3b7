"""Weekly summaries are sent once per week, late by at most 24 hours, never doubled."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.harness import World
from tests.e2e.steps import onboard


async def test_summary_late_within_a_day_is_sent_after_that_skipped(world: World) -> None:
    user = world.user()
    await onboard(world, user)
    await user.next_message()
    await world.at(datetime(2026, 11, 30, 15, 45, tzinfo=UTC))
    await world.tick()
    await user.next_message()
    await user.send("Vandaag de remmen van drie e-bikes afgesteld")
    await user.next_message()

    # The bot was down on Friday 16:00; it is back on Saturday 10:00: the summary comes.
    await world.at(datetime(2026, 12, 5, 9, 0, tzinfo=UTC))
    await world.tick()
    summary = await user.next_message()
    assert "Je week in het kort" in summary.text
    assert "Vandaag de remmen van drie e-bikes afgesteld" in summary.text
    await world.tick()
    await world.settle()
    assert world.rows("SELECT count(*) AS n FROM outbox WHERE kind = 'summary'") == [{"n": 1}]

    # The next week the bot is down until Saturday 17:00, more than 24 hours late: skipped.
    await world.at(datetime(2026, 12, 7, 15, 45, tzinfo=UTC))
    await world.tick()
    await user.next_message()
    await user.send("Nieuwe accu getest met de tester")
    await user.next_message()
    await world.at(datetime(2026, 12, 12, 16, 0, tzinfo=UTC))
    await world.tick()
    await world.settle()
    assert world.rows("SELECT count(*) AS n FROM outbox WHERE kind = 'summary'") == [{"n": 1}]
    assert world.rows("SELECT next_summary_at FROM users") == [
        {"next_summary_at": "2026-12-18T15:00:00Z"}]


async def test_overview_on_demand_and_changing_the_summary_day(world: World) -> None:
    user = world.user()
    await onboard(world, user)
    await user.next_message()
    await world.at(datetime(2026, 11, 30, 15, 45, tzinfo=UTC))
    await world.tick()
    await user.next_message()
    await user.send("Lekkage aan de pomp gevonden en gemeld")
    await user.next_message()
    await user.send("/overzicht")
    overview = await user.next_message()
    assert "Lekkage aan de pomp gevonden en gemeld" in overview.text
    assert "1 van de 1" in overview.text
    query = await user.press_button("Wanneer komt mijn weekoverzicht")
    await user.wait_answer(query)
    when = await user.next_message()  # the answer to the question, then the offer to change
    assert "Je volgende weekoverzicht komt vrijdag 4 december om 16:00" in when.text
    query = await user.press_button("Andere dag of tijd")
    await user.wait_answer(query)
    await user.next_message()
    query = await user.press_button("do")
    await user.wait_answer(query)
    await user.next_message()
    await user.send("17.30")
    saved = await user.next_message()
    assert "donderdag 3 december om 17:30" in saved.text
