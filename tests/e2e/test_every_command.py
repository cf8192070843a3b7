"""Every command gets a reply in every state a person can be in: no command is ever silent.

States: someone the bot does not know yet, someone half-way through signing up, an active
learner, a learner on a break, and a learner whose programme is finished.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.planning import daily
from tests.e2e.harness import PROGRAMMES, World
from tests.e2e.steps import onboard, press

MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
COMMANDS = ("start", "help", "instellingen", "pauze", "hervat", "vandaag", "mijngegevens",
            "mentor", "overzicht", "leerlingen", "sprint", "stats", "aankondiging", "onzin")
"""One name per handler (the English names reach the same handlers), and an unknown one."""


async def _learner(world: World, user_id: int, state: str) -> Any:
    user = world.user(user_id, f"L{user_id}")
    if state == "onboarding":
        await user.send("/start")
        await user.next_message()
        await press(user, "Ja, ik doe mee")
        await user.next_message()
        return user
    await onboard(world, user)
    await user.next_message()
    store = world.services.store
    if state == "paused":
        await user.send("/pauze")
        await user.next_message()
    elif state == "finished":
        learner = store.get_user(user_id)
        assert learner is not None
        programme = PROGRAMMES["starter"]
        store.set_position(user_id, programme.id, len(programme.days), MONDAY_9)
        daily.finish(store, programme, learner, MONDAY_9, PROGRAMMES.values())
        await world.services.dispatcher.send_due()
        await user.next_message()
    return user


async def test_every_command_gets_a_reply_in_every_state(world: World) -> None:
    await world.at(MONDAY_9)
    silent: list[str] = []
    next_id = 5000
    for state in ("new", "onboarding", "active", "paused", "finished"):
        user = None if state == "new" else await _learner(world, next_id, state)
        snapshot = world.rows("SELECT * FROM users WHERE id = ?", [next_id])
        for command in COMMANDS:
            if state == "new":  # every time someone the bot has never seen
                next_id += 1
                user = world.user(next_id, "Nieuw")
            assert user is not None
            if snapshot:  # the same state before every command
                world.db["users"].update(next_id, snapshot[0])
            before = len(user.messages)
            await user.send(f"/{command}")
            await world.settle()
            if len(user.messages) == before:
                silent.append(f"{state}: /{command}")
        next_id += 1
    assert silent == []
