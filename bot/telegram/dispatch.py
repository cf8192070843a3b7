"""The dispatcher: claim due outbox rows, send them through PTB, record the outcome.

Telegram errors are classified here and nowhere else. One learner's failure never
stops the others: each row is sent and recorded on its own.

Sends go through two lanes (``lanes.SendGate``): replies to what a user just did take
the next free slot; scheduled rows fill the rest of the budget. Many rows are in flight
at once (what a high rate needs when Telegram takes ~100 ms to answer), but one chat's
messages always go one after another, in the order they were recorded.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.clock import Clock
from bot.core.records import Button, OutboxItem, Outgoing
from bot.store import Store
from bot.store.thread import StoreThread
from bot.telegram.drawing import draw_chart
from bot.telegram.lanes import Lane, SendGate
from bot.telegram.ratelimit import retry_seconds
from bot.telegram.sentmarks import DoneMarks, SentMarks

log = logging.getLogger(__name__)
STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)

CLAIM_BATCH = 30
MAX_ATTEMPTS = 6
# A claim is a lease: renewed while its process sends, taken over when it ran out
# (the process died). Short, so a restart resends a dead process's rows promptly.
LEASE = timedelta(seconds=30)
OUTAGE_CAP = timedelta(minutes=5)


def keyboard(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in buttons]
    )


def outage_backoff(failures: int) -> timedelta:
    """10 s, 20 s, 40 s … capped at 5 min: how long to wait before asking an unreachable
    Telegram again. Capped, so the backlog goes out within minutes of its return."""
    return timedelta(seconds=min(10 * 2 ** max(failures - 1, 0), OUTAGE_CAP.total_seconds()))


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at 30 min: a network hiccup is retried calmly."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 1800))


def in_flight_for(rate: float | None) -> int:
    """Rows sent at once: enough to fill the rate while each send takes ~0.3 s, no more
    (a claimed row waiting for its slot is a row another process cannot take)."""
    if rate is None:
        return 256
    return max(10, min(512, int(rate * 0.3)))


class Dispatcher:
    """Sends what the outbox holds; also the path for immediate replies.

    Its store work runs in the store thread (``thread``), so a slow or locked database
    never stops a send that is already under way; "sent" is recorded in batches.
    """

    def __init__(self, bot: Bot, store: Store, clock: Clock, gate: SendGate | None = None,
                 *, paid_broadcast: bool = False, thread: StoreThread | None = None) -> None:
        self.outcomes: Counter[str] = Counter()  # sent / retry / failed / expired, for /metrics
        self.bot = bot
        self.store = store
        self.thread = thread or StoreThread(store)
        self.marks = SentMarks(store, self.thread)
        self.done = DoneMarks(store, self.thread)  # handled updates (inbox.finish)
        self.clock = clock
        self.gate = gate or SendGate(None, per_chat=False)
        self.paid_broadcast = paid_broadcast
        self.worker = f"w-{uuid.uuid4().hex[:12]}"
        self._inflight: set[asyncio.Task[None]] = set()
        # While Telegram cannot be reached: how often it failed, and when to ask again.
        self._outage_failures = 0
        self._paused_until: datetime | None = None
        self._chat_tail: dict[int, asyncio.Task[None]] = {}
        self._message_ids: dict[int, int] = {}  # delivered replies' Telegram ids

    async def send_due(self) -> int:
        """Expire what is too late, then send every due row in claimed batches.

        While Telegram is unreachable nothing is claimed until the pause ends; then one
        row goes first as a probe, and only when it arrives does the backlog follow.
        """
        now = self.clock()
        expired, recovered = await self.thread.call(self._housekeep, now)
        if expired:
            log.info("expired %d messages past their local day", expired)
        if recovered:
            log.warning("retrying %d messages whose sender stopped (lease ran out)", recovered)
        if self._paused_until is not None and now < self._paused_until:
            return 0
        sent = 0
        running: set[asyncio.Task[None]] = set()
        probing = self._paused_until is not None  # after an outage: one row first
        full = in_flight_for(self.gate.rate)
        limit = 1 if probing else full
        renewed = now
        while True:
            room = limit - len(running)
            batch = await self.thread.call(self.store.claim_due, self.clock(), self.worker,
                                           min(room, CLAIM_BATCH)) if room > 0 else []
            running.update(self._start(item, Lane.SCHEDULED) for item in batch)
            sent += len(batch)
            if not running:
                return sent
            if len(batch) < min(room, CLAIM_BATCH) or len(running) >= limit:
                _, running = await asyncio.wait(running, timeout=LEASE.total_seconds() / 3,
                                                return_when=asyncio.FIRST_COMPLETED)
                if self.clock() - renewed >= LEASE / 3:  # still sending: not a dead process
                    renewed = self.clock()
                    await self.thread.call(self.store.renew_claims, self.worker, renewed)
                if self._paused_until is not None and not probing:
                    limit = 0  # unreachable (still or again): finish what is out, claim no more
                elif probing and self._paused_until is None:
                    probing, limit = False, full  # the probe arrived: the backlog follows
                elif probing:
                    limit = 0

    def _housekeep(self, now: datetime) -> tuple[int, int]:
        """In the store thread, one transaction: expire what is too late, renew this
        process's leases, take over a dead process's claims."""
        expired = self.store.expire_due(now)
        self.store.renew_claims(self.worker, now)
        return expired, self.store.recover_stale(now - LEASE, self.worker)

    def _start(self, item: OutboxItem, lane: Lane) -> asyncio.Task[None]:
        """Send ``item`` after the chat's previous message (per-chat order), in ``lane``."""
        previous = self._chat_tail.get(item.chat_id)
        task = asyncio.ensure_future(self._after(previous, item, lane))
        self._chat_tail[item.chat_id] = task
        self._inflight.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            self._inflight.discard(finished)
            if self._chat_tail.get(item.chat_id) is finished:
                del self._chat_tail[item.chat_id]

        task.add_done_callback(done)
        return task

    async def _after(self, previous: asyncio.Task[None] | None, item: OutboxItem,
                     lane: Lane) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        await self.gate.acquire(item.chat_id, lane)
        message_id = await self.deliver(item, paid=self.paid_broadcast and lane is Lane.SCHEDULED)
        if lane is Lane.REPLY and message_id is not None:
            self._message_ids[item.id] = message_id  # send_now's answer, without a read

    async def send_now(self, chat_id: int, user_id: int | None, kind: str, message: Outgoing,
                       **extra: Any) -> int | None:
        """Record a reply, then send it at once; a failure leaves it to the next tick.

        Returns the Telegram message id when it was delivered now.
        """
        sent = await self._record_and_send(chat_id, user_id, kind, message, **extra)
        return sent[1] if sent is not None else None

    async def send_now_item(self, chat_id: int, user_id: int | None, kind: str,
                            message: Outgoing, **extra: Any) -> OutboxItem | None:
        """``send_now``, returning the row as it is afterwards: its status says whether
        the message arrived (``sent``), will be tried again (``retry``) or not (``failed``)."""
        sent = await self._record_and_send(chat_id, user_id, kind, message, **extra)
        if sent is None:
            return None
        item = await self.thread.call(self.store.get_outbox, sent[0].id)
        if item is not None and item.id in self.marks.unwritten():
            item = dataclasses.replace(item, status="sent")  # delivered; written soon
        return item

    async def _record_and_send(
        self,
        chat_id: int,
        user_id: int | None,
        kind: str,
        message: Outgoing,
        *,
        reply_to: int | None = None,
        payload: dict[str, object] | None = None,
        programme_id: str | None = None,
        prompt_id: str | None = None,
        dedupe_key: str | None = None,
    ) -> tuple[OutboxItem, int | None] | None:
        """The recorded row and, when it was delivered now, its Telegram message id."""
        item = await self.thread.call(
            self.reply_row, chat_id, user_id, kind, message, reply_to=reply_to,
            payload=payload, programme_id=programme_id, prompt_id=prompt_id,
            dedupe_key=dedupe_key)
        if item is None:
            return None
        return item, await self.send_recorded(item)

    def reply_row(self, chat_id: int, user_id: int | None, kind: str, message: Outgoing,
                  **extra: Any) -> OutboxItem | None:
        """In the store thread: a reply's row, claimed by this process, as it is stored.

        A handler's store step may record its reply itself, in the step's own
        transaction, and hand the row to ``send_recorded``: one store job, not two."""
        now = self.clock()
        return self.store.enqueue_item(chat_id=chat_id, user_id=user_id, kind=kind,
                                       message=message, due_at=now, now=now, status="sending",
                                       claimed_by=self.worker, **extra)

    async def send_recorded(self, item: OutboxItem) -> int | None:
        """Send a reply row from ``reply_row`` now; its Telegram message id when delivered
        (a failure leaves it to the next tick)."""
        await asyncio.shield(self._start(item, Lane.REPLY))
        return self._message_ids.pop(item.id, None)

    async def drain(self) -> None:
        """On shutdown: let in-flight sends finish, then hand back what was not started."""
        if self._inflight:
            await asyncio.gather(*self._inflight, return_exceptions=True)
        await self.done.write_now()
        await self.marks.write_now()
        if self.marks.unwritten():
            log.error("%d delivered messages could not be recorded as sent",
                      len(self.marks.unwritten()))
            return  # their claims stay: released, they would be sent a second time
        released = await self.thread.call(self.store.release_claims, self.worker)
        if released:
            log.info("returned %d claimed messages to pending", released)

    async def deliver(self, item: OutboxItem, *, paid: bool = False) -> int | None:
        """Send and record one row; the Telegram message id when it was delivered."""
        try:
            sent = await self._send(item, paid)
        except Forbidden as exc:
            await self._give_up(item, f"forbidden: {exc.message}", "failed")
            if item.user_id is not None:
                await self.thread.call(self.store.update_user, item.user_id, self.clock(),
                                       active=False, next_plan_at=None)
                log.info("outbox %s: the user blocked the bot; set inactive", item.id)
            else:
                await self.thread.call(self.store.forget_group, item.chat_id)
                log.info("outbox %s: the bot is no longer in group %s", item.id, item.chat_id)
        except RetryAfter as exc:
            seconds = retry_seconds(exc)
            await self.thread.call(self.store.mark_retry, item.id,
                                   self.clock() + timedelta(seconds=seconds), "429")
            self.outcomes["retry"] += 1
            log.warning("outbox %s: flood limit, retry after %ss", item.id, seconds)
        except ChatMigrated as exc:
            await self.thread.call(self._migrated, item, exc.new_chat_id)
            self.outcomes["retry"] += 1
            log.info("outbox %s: group moved to a new id; retrying there", item.id)
        except BadRequest as exc:
            await self._give_up(item, f"bad request: {exc.message}", "failed")
            log.error("outbox %s (%s) rejected by Telegram: %s", item.id, item.kind, exc.message)
        except (TimedOut, NetworkError) as exc:
            await self._unreachable(item, f"network: {exc.message}")
        except TelegramError as exc:
            await self._retry_or_fail(item, f"telegram: {exc.message}")
        except Exception as exc:  # a bug of ours must not leave the row claimed forever
            log.exception("outbox %s (%s) could not be sent", item.id, item.kind)
            await self._give_up(item, f"internal: {type(exc).__name__}", "failed")
        else:
            if self._paused_until is not None:
                log.warning("Telegram is reachable again; sending the backlog")
            self._outage_failures, self._paused_until = 0, None
            self.marks.add((item.id, sent.message_id, self.clock()))
            self.outcomes["sent"] += 1
            log.debug("outbox %s (%s) sent as message %s", item.id, item.kind, sent.message_id)
            return sent.message_id
        return None

    def _migrated(self, item: OutboxItem, new_chat_id: int) -> None:
        self.store.move_group(item.chat_id, new_chat_id)
        self.store.mark_retry(item.id, self.clock(), f"chat migrated to {new_chat_id}")

    async def _unreachable(self, item: OutboxItem, reason: str) -> None:
        """A network error or 5xx: Telegram is (probably) down for everyone.

        It uses up no attempt: the row waits with the others until the pause ends, and
        is retried until its own deadline (``expires_at``: a prompt's local day, a
        summary's window); a row without one waits as long as it takes.
        """
        now = self.clock()
        if self._paused_until is None or now >= self._paused_until:
            self._outage_failures += 1
            self._paused_until = now + outage_backoff(self._outage_failures)
            log.warning("Telegram unreachable (%s); next try at %s", reason,
                        self._paused_until.isoformat(timespec="seconds"))
        if item.expires_at is not None and self._paused_until >= item.expires_at:
            await self._give_up(item, reason, "expired")
        else:
            await self.thread.call(self.store.mark_retry, item.id, self._paused_until, reason)
            self.outcomes["retry"] += 1

    async def _retry_or_fail(self, item: OutboxItem, reason: str) -> None:
        now = self.clock()
        if item.attempts >= MAX_ATTEMPTS:
            await self._give_up(item, reason, "failed")
            log.error("outbox %s failed after %d attempts: %s", item.id, item.attempts, reason)
        elif item.expires_at is not None and now + backoff(item.attempts) >= item.expires_at:
            await self._give_up(item, reason, "expired")
        else:
            await self.thread.call(self.store.mark_retry, item.id, now + backoff(item.attempts),
                                   reason)
            self.outcomes["retry"] += 1
            log.warning("outbox %s: %s; retrying", item.id, reason)

    async def _give_up(self, item: OutboxItem, reason: str, status: str) -> None:
        self.outcomes[status] += 1
        await self.thread.call(self.store.mark_failed, item.id, reason, status)

    async def _send(self, item: OutboxItem, paid: bool = False) -> Message:
        png = await draw_chart(item.payload)
        if png is not None:
            return await self.bot.send_photo(
                chat_id=item.chat_id, photo=png, caption=item.text or None,
                parse_mode=ParseMode.HTML, allow_paid_broadcast=paid or None,
            )
        reply = (
            ReplyParameters(message_id=item.reply_to, allow_sending_without_reply=True)
            if item.reply_to
            else None
        )
        return await self.bot.send_message(
            chat_id=item.chat_id,
            text=item.text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(item.buttons),
            reply_parameters=reply,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            allow_paid_broadcast=paid or None,
        )
