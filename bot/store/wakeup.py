"""When the bot next has something to do: the earliest planned moment in any table.

A clock that jumps (tests, the sandbox) uses it to tick exactly when work falls due
instead of every few seconds, so weeks pass in a moment and still in the right order.
"""

from __future__ import annotations

from datetime import datetime

from bot.store.base import StoreBase
from bot.store.rows import from_iso, iso


class WakeupStore(StoreBase):
    """The next moment a planner or the dispatcher will act."""

    def next_wakeup(self, after: datetime) -> datetime | None:
        """The earliest due moment strictly after ``after`` (each query uses its index)."""
        moment = iso(after)
        queries = (
            "SELECT MIN(next_plan_at) AS m FROM users WHERE next_plan_at > ?",
            "SELECT MIN(next_summary_at) AS m FROM users WHERE next_summary_at > ?",
            "SELECT MIN(next_digest_at) AS m FROM users WHERE next_digest_at > ?",
            "SELECT MIN(send_after) AS m FROM outbox WHERE status IN ('pending', 'retry')"
            " AND send_after > ?",
            "SELECT MIN(expires_at) AS m FROM outbox WHERE status IN ('pending', 'retry')"
            " AND expires_at > ?",
            "SELECT MIN(next_event_at) AS m FROM sprints WHERE next_event_at > ?",
            "SELECT MIN(next_plan_at) AS m FROM sprint_members WHERE next_plan_at > ?",
        )
        found = [row["m"] for sql in queries if (row := self._one(sql, [moment])) and row["m"]]
        return from_iso(min(found)) if found else None
