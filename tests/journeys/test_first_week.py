"""A newcomer's first week, as their phone shows it: the shape every journey test follows.

Sanne signs up on a Monday morning, answers Monday to Friday at 16:45 and gets her
weekly summary on Friday. The transcript is ``golden/first_week_learner.txt``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.harness import World
from tests.journeys.phone import Phone, raw_tags

MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 30 Nov 2026, 09:00 Amsterdam
SATURDAY = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)


async def test_first_week_of_a_learner(world: World) -> None:
    await world.at(MONDAY_9)
    sanne = Phone(world, world.user(1001, "Sanne"))
    await sanne.send("/start")
    await sanne.tap("Ja, ik doe mee")
    await sanne.tap("Klaar")
    await sanne.send("16:45")
    await sanne.tap("Ja, dat klopt")
    await sanne.tap("Kennismaken")

    answers = iter(["Ik heb een pomp vervangen met Erik.", "4", "Vragen stellen aan de monteur.", "3", "ok"])
    for day in range(5):
        await world.run_until(datetime(2026, 11, 30, 15, 50, tzinfo=UTC) + timedelta(days=day))
        prompt = sanne.shown[-1]
        labels = [label for row in prompt.buttons() for label, _ in row]
        answer = next(answers)
        if answer in labels:
            await sanne.tap(answer)
        else:
            await sanne.send(answer)
    await world.run_until(SATURDAY)

    texts = [m.text or m.caption or "" for m in sanne.shown]
    assert all(not raw_tags(m) for m in sanne.shown), [raw_tags(m) for m in sanne.shown]
    # one prompt each work day, in order, and the weekly summary after Friday's answer
    prompts = [t for t in texts if "· dag " in t]
    assert [t.split("· dag ")[1].split(" ")[0] for t in prompts] == ["1", "2", "3", "4", "5"]
    assert sum("Je week in het kort" in t for t in texts) == 1
    sanne.check_golden("first_week_learner")
