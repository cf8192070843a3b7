"""Steps many journeys share: pressing a button, onboarding, inviting a mentor."""

from __future__ import annotations

import re

from bot.emulator import BotMessage, SimUser
from tests.e2e.harness import World


async def press(user: SimUser, label: str) -> None:
    query_id = await user.press_button(label)
    await user.wait_answer(query_id)


async def onboard(world: World, user: SimUser, typed_time: str = "16:45",
                  programme: str = "Kennismaken") -> None:
    """Walk through onboarding with the defaults; asserts only that each step appears."""
    await user.send("/start")
    assert "Doe je mee?" in (await user.next_message()).text
    await press(user, "Ja, ik doe mee")
    assert "Op welke dagen werk je?" in (await user.next_message()).text
    await press(user, "Klaar")
    assert "Hoe laat" in (await user.next_message()).text
    await user.send(typed_time)
    assert "tijdzone" in (await user.next_message()).text
    await press(user, "Ja, dat klopt")
    assert "Met welk programma" in (await user.next_message()).text
    await press(user, programme)


async def onboard_rest(user: SimUser) -> None:
    await press(user, "Ja, ik doe mee")
    await user.next_message()
    await press(user, "Klaar")
    await user.next_message()
    await press(user, "16:00")
    await user.next_message()
    await press(user, "Ja, dat klopt")
    await user.next_message()
    await press(user, "Kennismaken")
    await user.next_message()


async def onboarded(world: World, user_id: int = 1001) -> SimUser:
    user = world.user(user_id)
    await onboard(world, user)
    await user.next_message()
    return user


async def until(user: SimUser, needle: str) -> BotMessage:
    """The next message that contains ``needle`` (earlier ones are skipped)."""
    for _ in range(10):
        message = await user.next_message()
        if needle in (message.text or message.caption or ""):
            return message
    raise AssertionError(f"no message with {needle!r}")


async def invite(world: World, learner: SimUser, mode_label: str = "Uitnodigen: mag mijn antwoorden") -> str:
    await learner.send("/mentor")
    menu = await learner.next_message()
    assert "Je begeleider" in menu.text
    await press(learner, mode_label)
    created = await learner.next_message()
    match = re.search(r"https://t\.me/werkplekcoach_bot\?start=(m_[A-Za-z0-9_-]+)", created.text)
    assert match, created.text
    assert "één keer" in created.text and "7 dagen" in created.text
    return match[1]
