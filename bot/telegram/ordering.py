"""Updates handled concurrently, but each person's in the order they sent them.

PTB handles one update at a time by default, so every user waits for everyone's
database work and Telegram round trips. Handling them all at once is not safe either:
a learner's answer and their next tap (or a typed time after ``/instellingen``) depend
on the state the previous update left in their row. So updates run concurrently
(``MAX_CONCURRENT`` at most), and an update waits only for the earlier updates of the
same person (or, without a sender, of the same chat) to finish. Waiting happens before
a slot is taken, so a busy person never blocks the slots others need.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT = 64
PTB_BOUND = 100_000  # updates PTB lets in at once; MAX_CONCURRENT is what runs


def order_key(update: object) -> tuple[str, int] | None:
    """Whose updates must stay in order: the sender's, else the chat's (None: no order)."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    return None


class PerSenderOrder(BaseUpdateProcessor):
    """Concurrent across people, in order within one person's updates.

    PTB's own semaphore (``process_update`` is final) is set far above what is used,
    so an update enters ``do_process_update`` at once, in arrival order, and joins its
    sender's chain there before its first await; the real bound is taken after the
    wait for the chain, so a person with many updates queued holds no slot."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT) -> None:
        super().__init__(PTB_BOUND)
        self.bound = max_concurrent_updates
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._tails: dict[tuple[str, int], asyncio.Future[None]] = {}
        self._arrived: dict[int, float] = {}  # update id -> time.monotonic() it came in

    def arrived(self, update: object) -> float | None:
        """When this update came in (for the store thread's patience), while it runs."""
        return self._arrived.get(update.update_id) if isinstance(update, Update) else None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if isinstance(update, Update):
            self._arrived[update.update_id] = time.monotonic()
        try:
            await self._in_order(update, coroutine)
        finally:
            if isinstance(update, Update):
                self._arrived.pop(update.update_id, None)

    async def _in_order(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = order_key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        previous = self._tails.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = mine
        try:
            if previous is not None:
                await previous
            async with self._slots:
                await coroutine
        finally:
            mine.set_result(None)
            if self._tails.get(key) is mine:
                del self._tails[key]

    async def initialize(self) -> None:
        """Nothing to set up: the chains live in memory."""

    async def shutdown(self) -> None:
        """Nothing to tear down: PTB waits for running updates itself."""
