"""Counts for the operator's figures: aggregates only, no row of a person leaves here."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.core.stats import DayCounts, ProgrammeCounts, RawStats
from bot.store.base import StoreBase
from bot.store.rows import iso


class StatsStore(StoreBase):
    """Aggregate queries; each returns numbers, never ids, names or texts."""

    def raw_stats(self, now: datetime, today: date, days: int = 28) -> RawStats:
        first = (today - timedelta(days=days - 1)).isoformat()
        users = self._one(
            "SELECT"
            " SUM(u.active = 1 AND u.paused = 0 AND u.onboarded_at IS NOT NULL"
            "     AND p.finished_at IS NULL) AS active,"
            " SUM(u.active = 1 AND u.paused = 1) AS paused,"
            " SUM(u.active = 1 AND u.paused = 0 AND p.finished_at IS NOT NULL) AS finished,"
            " SUM(u.active = 0) AS stopped"
            " FROM users u LEFT JOIN progress p"
            " ON p.user_id = u.id AND p.programme_id = u.programme_id",
        ) or {}
        sent = {r["d"]: r["n"] for r in self.db.query(
            "SELECT local_date AS d, COUNT(*) AS n FROM outbox WHERE kind = 'prompt'"
            " AND status = 'sent' AND local_date >= ? GROUP BY local_date", [first])}
        answered = {r["d"]: r["n"] for r in self.db.query(
            "SELECT local_date AS d, COUNT(*) AS n FROM answers WHERE skipped = 0"
            " AND outbox_id IS NOT NULL AND local_date >= ? GROUP BY local_date", [first])}
        day_counts = tuple(
            DayCounts(d, sent.get(d.isoformat(), 0), answered.get(d.isoformat(), 0))
            for d in (today - timedelta(days=n) for n in range(days - 1, -1, -1))
        )
        programmes = tuple(
            ProgrammeCounts(r["programme_id"], r["learners"], r["sent"] or 0, r["answered"] or 0)
            for r in self.db.query(
                "SELECT u.programme_id, COUNT(*) AS learners,"
                " (SELECT COUNT(*) FROM outbox o WHERE o.kind = 'prompt' AND o.status = 'sent'"
                "  AND o.programme_id = u.programme_id AND o.local_date >= ?) AS sent,"
                " (SELECT COUNT(*) FROM answers a WHERE a.skipped = 0 AND a.outbox_id IS NOT NULL"
                "  AND a.programme_id = u.programme_id AND a.local_date >= ?) AS answered"
                " FROM users u WHERE u.programme_id IS NOT NULL AND u.onboarded_at IS NOT NULL"
                " GROUP BY u.programme_id", [first, first])
        )
        links = self._one("SELECT COUNT(*) AS n FROM mentor_links WHERE status = 'active'") or {}
        sprints = self._one("SELECT COUNT(*) AS n FROM sprints WHERE status = 'active'") or {}
        week_ago = iso(now - timedelta(days=7))
        outbox = {r["status"]: r["n"] for r in self.db.query(
            "SELECT status, COUNT(*) AS n FROM outbox WHERE created_at >= ? GROUP BY status",
            [week_ago])}
        backlog = self._one(
            "SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'retry')"
            " AND send_after <= ?", [iso(now)]) or {}
        busiest = self._one(
            "SELECT prompt_time AS at, COUNT(*) AS n FROM users WHERE active = 1 AND paused = 0"
            " AND onboarded_at IS NOT NULL GROUP BY prompt_time ORDER BY n DESC, at LIMIT 1") or {}
        return RawStats(
            learners_active=int(users.get("active") or 0),
            learners_paused=int(users.get("paused") or 0),
            learners_finished=int(users.get("finished") or 0),
            learners_stopped=int(users.get("stopped") or 0),
            days=day_counts,
            programmes=programmes,
            mentor_links=int(links.get("n") or 0),
            sprints_running=int(sprints.get("n") or 0),
            outbox=outbox,
            backlog=int(backlog.get("n") or 0),
            busiest_minute=int(busiest.get("n") or 0),
            busiest_at=busiest.get("at"),
        )

    def backlog(self, now: datetime) -> int:
        row = self._one("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'retry')"
                        " AND send_after <= ?", [iso(now)])
        return int((row or {}).get("n") or 0)

    def writable(self, now: datetime) -> bool:
        """A real write (rolled back), so a read-only file or a full disk shows here."""
        try:
            with self.db.atomic():
                self.db.execute("INSERT OR REPLACE INTO health (id, at) VALUES (1, ?)", [iso(now)])
            return True
        except Exception:  # sqlite3.OperationalError and friends: the answer is simply "no"
            return False
