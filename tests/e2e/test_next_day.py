"""A writer's "morgen" is the learner's next work day: on a Friday that is Monday."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.harness import World
from tests.e2e.steps import onboard


async def test_a_friday_prompt_and_its_follow_up_say_monday_not_tomorrow(world: World) -> None:
    await world.at(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))  # Friday
    user = world.user()
    await onboard(world, user, programme="Leren op je werk")
    assert "vandaag om 16:45" in (await user.next_message()).text
    await world.at(datetime(2026, 12, 4, 15, 45, tzinfo=UTC))
    await world.tick()
    prompt = await user.next_message()
    assert "Bij welke klus verwacht je maandag iets nieuws?" in prompt.text
    assert "morgen" not in prompt.text

    await user.send("ok")
    assert "Opgeslagen" in (await user.next_message()).text
    follow_up = await user.next_message()
    assert follow_up.text == "Weet je het nog niet? Noem dan een klus die je maandag doet."


async def test_a_thursday_prompt_still_says_tomorrow(world: World) -> None:
    await world.at(datetime(2026, 12, 3, 9, 0, tzinfo=UTC))  # Thursday
    user = world.user()
    await onboard(world, user, programme="Leren op je werk")
    await user.next_message()
    await world.at(datetime(2026, 12, 3, 15, 45, tzinfo=UTC))
    await world.tick()
    prompt = await user.next_message()
    assert "Bij welke klus verwacht je morgen iets nieuws?" in prompt.text
