"""Christmas Day brings no question; a learner who works that day asks with /vandaag."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.harness import World
from tests.e2e.steps import onboarded, until


async def test_no_question_on_christmas_day_but_vandaag_still_gives_one(world: World) -> None:
    user = await onboarded(world)
    await world.at(datetime(2026, 12, 24, 15, 45, tzinfo=UTC))  # Thursday
    await world.tick()
    assert "dag 1 van" in (await user.next_message()).text
    await world.at(datetime(2026, 12, 25, 15, 45, tzinfo=UTC))  # Friday, Eerste Kerstdag
    await world.tick()
    # the week's summary still comes at its time (16:00), with one day asked
    assert "Je week in het kort" in (await user.next_message()).text
    await world.at(datetime(2026, 12, 25, 17, 0, tzinfo=UTC))
    await world.tick()
    sent = world.rows("SELECT local_date FROM outbox WHERE user_id = 1001 AND kind = 'prompt'")
    assert [r["local_date"] for r in sent] == ["2026-12-24"]

    await user.send("/vandaag")
    assert "dag 2 van" in (await until(user, "dag 2 van")).text
