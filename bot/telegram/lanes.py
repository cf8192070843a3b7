"""Two lanes over one Telegram budget: replies first, scheduled messages take the rest.

Telegram allows a bot about 30 messages a second to different chats (up to 1,000 with
paid broadcast), about one a second in a private chat and 20 a minute in a group. A
reply to what a user just did must not wait behind a broadcast of 10,000 prompts, so
the budget is shared out here, before PTB sends: a waiting reply always gets the next
slot; a scheduled message only takes a slot while no reply is waiting. Per-chat order
is the dispatcher's job (one chat's messages one after another); this gate only spaces
them out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum

PRIVATE_RATE = 1.0  # messages per second in one private chat, short bursts allowed
PRIVATE_BURST = 3.0
GROUP_RATE = 20 / 60  # 20 a minute in a group
GROUP_BURST = 20.0
GLOBAL_BURST_SECONDS = 0.1  # the global bucket holds a tenth of a second of sends


class Lane(Enum):
    REPLY = "reply"  # a confirmation, button answer or command reply: goes first
    SCHEDULED = "scheduled"  # prompts, summaries, digests, group posts: the rest


@dataclass
class _Bucket:
    """A token bucket: ``rate`` per second, at most ``burst`` saved up."""

    rate: float
    burst: float
    tokens: float
    stamp: float

    def wait(self, now: float) -> float:
        """Seconds until a token is there (0 when one is there now, and take it)."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0 - 1e-9:  # float dust must not leave a waiter spinning
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        """Take a token if there is one; never run into debt."""
        self.tokens = max(0.0, min(self.burst, self.tokens + (now - self.stamp)
                                           * self.rate) - 1.0)
        self.stamp = now


class SendGate:
    """Grants send slots: the global rate (``None``: unlimited), per-chat spacing, lanes.

    ``per_chat=False`` lifts the per-chat spacing too (only for the local emulator and
    benchmarks). The clock is the event loop's, so a FakeClock in tests never stalls it.
    """

    def __init__(self, rate: float | None, *, per_chat: bool = True,
                 clock: Callable[[], float] | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.rate = rate
        self.per_chat = per_chat
        self._clock = clock
        self._sleep = sleep
        self._global: _Bucket | None = None
        self._chats: dict[int, _Bucket] = {}
        self._replies_waiting = 0
        self._no_replies = asyncio.Event()
        self._no_replies.set()
        self._turn = asyncio.Lock()  # the head of the global queue, in arrival order
        self._scheduled = asyncio.Lock()  # one scheduled sender at the head at a time

    def _now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    async def acquire(self, chat_id: int, lane: Lane) -> None:
        """Wait for this chat's spacing, then for a global slot in this lane's turn."""
        if self.per_chat:
            await self._chat_slot(chat_id, wait=lane is Lane.SCHEDULED)
        if self.rate is None:
            return
        if lane is Lane.REPLY:
            self._replies_waiting += 1
            self._no_replies.clear()
            try:
                await self._global_slot()
            finally:
                self._replies_waiting -= 1
                if not self._replies_waiting:
                    self._no_replies.set()
            return
        async with self._scheduled:
            while True:
                await self._no_replies.wait()
                async with self._turn:
                    if self._replies_waiting:
                        continue  # a reply arrived meanwhile: it goes first
                    await self._take_global()
                    return

    async def _global_slot(self) -> None:
        async with self._turn:
            await self._take_global()

    async def _take_global(self) -> None:
        assert self.rate is not None
        if self._global is None:
            burst = max(1.0, self.rate * GLOBAL_BURST_SECONDS)
            self._global = _Bucket(self.rate, burst, burst, self._now())
        while (delay := self._global.wait(self._now())) > 0:
            await self._sleep(delay)

    async def _chat_slot(self, chat_id: int, wait: bool) -> None:
        """Space a chat's messages out. A reply never waits here (the user is there and
        ~one reply per action is what Telegram expects), but it uses the chat's saved-up
        budget, so a scheduled message right after replies waits its turn."""
        bucket = self._chats.get(chat_id)
        if bucket is None:
            rate, burst = (GROUP_RATE, GROUP_BURST) if chat_id < 0 else (PRIVATE_RATE,
                                                                         PRIVATE_BURST)
            bucket = self._chats[chat_id] = _Bucket(rate, burst, burst, self._now())
        if not wait:
            bucket.take(self._now())
        else:
            while (delay := bucket.wait(self._now())) > 0:
                await self._sleep(delay)
        if len(self._chats) > 10_000:
            self._forget_full()

    def _forget_full(self) -> None:
        """Chats whose bucket is full again need no memory (keeps 100,000 chats cheap)."""
        now = self._now()
        for chat_id, bucket in list(self._chats.items()):
            if bucket.tokens + (now - bucket.stamp) * bucket.rate >= bucket.burst:
                del self._chats[chat_id]
