"""The real ``coach`` Application over real HTTP against the Bot API emulator, on a FakeClock.

Shared by the sandbox and the end-to-end tests: the bot is built by the same
``build_application`` as ``coach run``; only the clock is simulated and ticks are run by
the caller (``await world.tick()``) instead of by the JobQueue's wall clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.clock import FakeClock
from bot.config import load_settings
from bot.core.programme import Programme
from bot.emulator import BotApiEmulator
from bot.store import Store
from bot.telegram.app import build_application
from bot.telegram.lanes import SendGate
from bot.telegram.services import KEY, Services


class BotWorld:
    """One bot, one emulator, one database file and one clock; start, settle, tick, stop."""

    def __init__(self, emu: BotApiEmulator, db_path: Path, clock: FakeClock,
                 programmes: Mapping[str, Programme], **settings: Any) -> None:
        self.emu = emu
        self.db_path = db_path
        self.clock = clock
        self.programmes = programmes
        self.extra_settings = settings
        self.errors: list[BaseException] = []
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.store: Store | None = None

    @property
    def services(self) -> Services:
        assert self.app is not None
        svc = self.app.bot_data[KEY]
        assert isinstance(svc, Services)
        return svc

    async def start(self) -> None:
        settings = load_settings(
            telegram_bot_token=self.emu.token,
            database_path=self.db_path,
            telegram_base_url=self.emu.base_url,
            telegram_base_file_url=self.emu.base_file_url,
            tick_seconds=600,
            **self.extra_settings,
        )
        self.store = Store.open(self.db_path)
        self.app = build_application(settings, self.store, self.programmes, self.clock,
                                     run_ticks=False)
        # Per-chat spacing counts real seconds while this clock jumps days: off here
        # (tests/telegram/test_lanes.py covers it); the global rate and the lanes stay.
        self.services.dispatcher.gate = SendGate(settings.telegram_rate_limit or None,
                                                 per_chat=False)

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
        """Every update sent so far is fetched and fully handled (PTB's task_done), and
        the store thread has written all of it."""
        assert self.app is not None
        await self.emu.wait_idle()
        await self.app.update_queue.join()
        # "sent" marks still on their way to the store thread, and its last jobs, so
        # what the test reads next is what the bot has recorded.
        await self.services.dispatcher.marks.flushed()
        await self.services.dispatcher.done.flushed()
        await self.services.thread.idle()

    async def tick(self) -> None:
        await self.settle()
        await self.services.tick()
