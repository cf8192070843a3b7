"""PTB's rate limiter for flood waits only (rates are the lanes' job), long waits handed
back to the outbox."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

JSONish = bool | dict[str, Any] | list[dict[str, Any]]


class _LongWait(Exception):
    def __init__(self, error: RetryAfter) -> None:
        super().__init__(str(error))
        self.error = error


def retry_seconds(error: RetryAfter) -> float:
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class OutboxRateLimiter(AIORateLimiter):
    """Sleep through short 429s (all sends pause, as Telegram asks), but not long ones.

    A wait longer than ``max_wait`` seconds is raised to the dispatcher, which records
    the row as ``retry`` at the time Telegram names: a send slot is never held for
    minutes, and the wait survives a restart.
    """

    def __init__(self, max_retries: int = 3, max_wait: float = 5.0) -> None:
        # No rates here: the dispatcher's lanes share out the budget (replies first).
        super().__init__(overall_max_rate=0, group_max_rate=0, max_retries=max_retries)
        self.max_wait = max_wait

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONish]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONish:
        async def guarded(*a: Any, **kw: Any) -> JSONish:
            try:
                return await callback(*a, **kw)
            except RetryAfter as error:
                if retry_seconds(error) > self.max_wait:
                    raise _LongWait(error) from error
                raise

        try:
            return await super().process_request(
                guarded, args, kwargs, endpoint, data, rate_limit_args
            )
        except _LongWait as wrapped:
            raise wrapped.error from None
