"""The real ``coach`` Application over real HTTP against the Bot API emulator.

Time is a FakeClock shared by the bot and the emulator; ticks are run by the test
(``await world.tick()``) instead of by the JobQueue's wall clock, so nothing sleeps.
The machinery is the sandbox's :class:`BotWorld`; this adds what tests look at.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.clock import FakeClock
from bot.config import DEFAULT_CONTENT_DIR
from bot.content import load_programmes
from bot.emulator import BotApiEmulator, SimUser
from bot.sandbox.world import BotWorld

PROGRAMMES = load_programmes(DEFAULT_CONTENT_DIR)


class World(BotWorld):
    def __init__(self, emu: BotApiEmulator, db_path: Path, clock: FakeClock) -> None:
        super().__init__(emu, db_path, clock, PROGRAMMES)
        self.observers: list[Callable[[], None]] = []  # told after every tick (phones look)

    @property
    def db(self) -> Any:
        assert self.store is not None
        return self.store.db

    async def at(self, moment: datetime) -> None:
        """Move the clock, after the bot has finished what it was doing at the old time."""
        await self.settle()
        self.clock.set(moment)

    async def run_until(self, moment: datetime, *, step: timedelta = timedelta(hours=1)) -> int:
        """Let time pass up to ``moment`` as it would: a tick at every moment work falls due.

        The clock jumps from one due moment (``Store.next_wakeup``) to the next, never more
        than ``step`` at once (so work planned by a tick is still seen in order), and the
        bot settles after each tick. Returns the number of ticks run.
        """
        assert self.store is not None
        ticks = 0
        while True:
            await self.settle()
            now = self.clock()
            if now >= moment:
                break
            wake = self.store.next_wakeup(now)
            target = min(moment, now + step, wake if wake is not None else moment)
            await self.at(target)
            await self.tick()
            await self.settle()
            for observe in self.observers:
                observe()
            ticks += 1
        await self.settle()
        return ticks

    def user(self, user_id: int = 1001, name: str = "Sanne", lang: str | None = "nl") -> SimUser:
        return self.emu.user(user_id, first_name=name, language_code=lang)

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))
