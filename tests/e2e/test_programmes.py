"""Switching programmes keeps progress in each; coming back resumes where you left off."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.harness import World
from tests.e2e.steps import onboard, press


async def test_switching_programme_keeps_and_resumes_progress(world: World) -> None:
    user = world.user()
    await onboard(world, user)
    await user.next_message()
    for day in (30, 1):  # Monday and Tuesday: starter day 1 and 2
        await world.at(datetime(2026, 11 if day == 30 else 12, day, 15, 45, tzinfo=UTC))
        await world.tick()
        await user.next_message()

    await user.send("/instellingen")
    await user.next_message()
    await press(user, "Programma")
    choose = await user.next_message()
    assert "✅ Kennismaken" in str(user.buttons(choose))
    await press(user, "Leren op je werk")
    assert "Opgeslagen" in (await user.next_message()).text
    assert "Leren op je werk" in (await user.next_message()).text

    await world.at(datetime(2026, 12, 2, 15, 45, tzinfo=UTC))
    await world.tick()
    first = await user.next_message()
    assert "dag 1 van 30" in first.text

    await user.send("/settings")
    await user.next_message()
    await press(user, "Programma")
    await user.next_message()
    await press(user, "Kennismaken")
    assert "Je gaat verder waar je was: dag 3" in (await user.next_message()).text
    assert "Opgeslagen" in (await user.next_message()).text
    assert "morgen om 16:45" in (await user.next_message()).text
    await world.at(datetime(2026, 12, 3, 15, 45, tzinfo=UTC))
    await world.tick()
    resumed = await user.next_message()
    assert "dag 3 van 10" in resumed.text
    progress = world.rows("SELECT programme_id, position FROM progress ORDER BY programme_id")
    assert progress == [{"programme_id": "leren-op-je-werk", "position": 1},
                        {"programme_id": "starter", "position": 3}]


async def test_checkback_quotes_the_learners_own_plan_escaped(world: World) -> None:
    user = world.user()
    await onboard(world, user)
    await user.next_message()
    plan = "als de <PLC> een fout geeft & de lijn stopt, dan bel ik Joost"
    for day in (30, 1, 2, 3, 4):
        await world.at(datetime(2026, 11 if day == 30 else 12, day, 15, 45, tzinfo=UTC))
        await world.tick()
        prompt = await user.next_message()
        if day == 3:  # Thursday: the plan
            assert "Wat wil je morgen eens anders doen bij een klus?" in prompt.text
            await user.send(plan)
            await user.next_message()
    assert "Je plan was:" in prompt.text
    assert "“als de <PLC> een fout geeft & de lijn stopt, dan bel ik Joost”" in prompt.text
    assert "&lt;PLC&gt;" in prompt.html
