"""The real ``coach`` Application over real HTTP against the Bot API emulator.

Time is a FakeClock shared by the bot and the emulator; ticks are run by the test
(``await world.tick()``) instead of by the JobQueue's wall clock, so nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.clock import FakeClock
from bot.config import DEFAULT_CONTENT_DIR, load_settings
from bot.content import load_programmes
from bot.emulator import BotApiEmulator, SimUser
from bot.store import Store
from bot.telegram.app import build_application
from bot.telegram.services import KEY, Services

PROGRAMMES = load_programmes(DEFAULT_CONTENT_DIR)


class World:
    def __init__(self, emu: BotApiEmulator, db_path: Path, clock: FakeClock) -> None:
        self.emu = emu
        self.db_path = db_path
        self.clock = clock
        self.errors: list[BaseException] = []
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.store: Store | None = None
        self.observers: list[Callable[[], None]] = []  # told after every tick (phones look)

    @property
    def services(self) -> Services:
        assert self.app is not None
        svc = self.app.bot_data[KEY]
        assert isinstance(svc, Services)
        return svc

    @property
    def db(self) -> Any:
        assert self.store is not None
        return self.store.db

    async def start(self) -> None:
        settings = load_settings(
            telegram_bot_token=self.emu.token,
            database_path=self.db_path,
            telegram_base_url=self.emu.base_url,
            telegram_base_file_url=self.emu.base_file_url,
            tick_seconds=600,
        )
        self.store = Store.open(self.db_path)
        self.app = build_application(settings, self.store, PROGRAMMES, self.clock, run_ticks=False)

        async def record(update: object, context: Any) -> None:
            self.errors.append(context.error)

        self.app.add_error_handler(record)
        await self.app.initialize()
        if self.app.post_init is not None:  # run_polling would call these hooks
            await self.app.post_init(self.app)
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES
        )

    async def stop(self) -> None:
        assert self.app is not None and self.store is not None
        assert self.app.updater is not None
        await self.settle()
        await self.app.updater.stop()
        await self.app.stop()
        if self.app.post_stop is not None:
            await self.app.post_stop(self.app)
        await self.app.shutdown()
        self.store.close()
        self.app = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def settle(self) -> None:
        """Every update sent so far is fetched and fully handled (PTB's task_done)."""
        assert self.app is not None
        await self.emu.wait_idle()
        await self.app.update_queue.join()

    async def tick(self) -> None:
        await self.settle()
        await self.services.tick()

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
