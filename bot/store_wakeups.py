"""When the tick next has work: the earliest planned moment after ``now`` in any table.

The sandbox's clock jumps from one such moment to the next instead of ticking every
few seconds through empty time. Kept apart from ``bot/store.py`` while the store moves
into a package; it belongs with the store (it is SQL over the store's tables).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.store import from_iso, iso

_WAKEUPS = """
SELECT min(t) AS t FROM (
    SELECT min(next_plan_at) AS t FROM users WHERE next_plan_at > :now
    UNION ALL SELECT min(next_summary_at) FROM users WHERE next_summary_at > :now
    UNION ALL SELECT min(next_digest_at) FROM users WHERE next_digest_at > :now
    UNION ALL SELECT min(next_event_at) FROM sprints WHERE next_event_at > :now
    UNION ALL SELECT min(next_plan_at) FROM sprint_members WHERE next_plan_at > :now
    UNION ALL SELECT min(send_after) FROM outbox
        WHERE status IN ('pending', 'retry') AND send_after > :now
    UNION ALL SELECT min(expires_at) FROM outbox
        WHERE status IN ('pending', 'retry') AND expires_at > :now
)
"""


def next_wakeup(db: Any, now: datetime) -> datetime | None:
    """The first moment after ``now`` at which a tick would plan, send or expire something."""
    rows = list(db.query(_WAKEUPS, {"now": iso(now)}))
    return from_iso(rows[0]["t"]) if rows and rows[0]["t"] else None
