"""Learners' and mentors' settings, onboarding state and programme progress."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from bot.core.records import User
from bot.store.base import StoreBase
from bot.store.rows import clock_time, days_text, iso, shifts_json, to_user


class UsersStore(StoreBase):
    """Users, their settings and their position in each programme."""

    def get_user(self, user_id: int) -> User | None:
        row = self._one("SELECT * FROM users WHERE id = ?", [user_id])
        return to_user(row) if row else None

    def create_user(
        self, user_id: int, chat_id: int, first_name: str, language: str, tz: str, now: datetime
    ) -> User:
        self.db.execute(
            "INSERT OR IGNORE INTO users (id, chat_id, first_name, language, tz, state,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'new', ?, ?)",
            [user_id, chat_id, first_name, language, tz, iso(now), iso(now)],
        )
        self._wrote_user(user_id)
        user = self.get_user(user_id)
        assert user is not None
        return user

    def update_user(self, user_id: int, now: datetime, **fields: Any) -> User:
        """Change settings; values are converted from their core types here."""
        values: dict[str, Any] = {"updated_at": iso(now)}
        for key, value in fields.items():
            if key == "work_days":
                value = days_text(value)
            elif key in ("prompt_time", "summary_time", "digest_time"):
                value = value.strftime("%H:%M")
            elif key in ("resume_on",) and value is not None:
                value = value.isoformat()
            elif (key in ("next_plan_at", "onboarded_at", "next_summary_at", "next_digest_at") \
                    and value is not None) or (key == "auto_paused_at" and value is not None):
                value = iso(value)
            elif key in ("paused", "active", "reminders"):
                value = int(value)
            elif key == "shifts":
                value = shifts_json(value)
            values[key] = value
        cols = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE users SET {cols} WHERE id = ?", [*values.values(), user_id])
        self._wrote_user(user_id)
        user = self.get_user(user_id)
        assert user is not None
        return user

    def users_to_plan(self, now: datetime, limit: int) -> list[User]:
        """Users whose next planning moment has come; uses the partial index only."""
        rows = self.db.query(
            "SELECT * FROM users WHERE next_plan_at IS NOT NULL AND next_plan_at <= ?"
            " ORDER BY next_plan_at LIMIT ?",
            [iso(now), limit],
        )
        return [to_user(r) for r in rows]

    def count_users(self) -> int:
        row = self._one("SELECT count(*) AS n FROM users")
        return int(row["n"]) if row else 0

    def position(self, user_id: int, programme_id: str) -> int:
        row = self._one(
            "SELECT position FROM progress WHERE user_id = ? AND programme_id = ?",
            [user_id, programme_id],
        )
        return int(row["position"]) if row else 0

    def ensure_progress(self, user_id: int, programme_id: str, now: datetime) -> None:
        """Start a programme at day one, or keep the place reached before a switch."""
        self.db.execute(
            "INSERT OR IGNORE INTO progress (user_id, programme_id, position, started_at,"
            " updated_at) VALUES (?, ?, 0, ?, ?)",
            [user_id, programme_id, iso(now), iso(now)],
        )

    def set_position(self, user_id: int, programme_id: str, position: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE progress SET position = ?, updated_at = ? WHERE user_id = ? AND programme_id = ?",
            [position, iso(now), user_id, programme_id],
        )

    def finish_programme(self, user_id: int, programme_id: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE progress SET finished_at = coalesce(finished_at, ?)"
            " WHERE user_id = ? AND programme_id = ?",
            [iso(now), user_id, programme_id],
        )

    def users_due(self, column: str, now: datetime, limit: int) -> list[User]:
        """Users whose weekly summary (``next_summary_at``) or digest is due."""
        if column not in ("next_summary_at", "next_digest_at"):
            raise ValueError(column)
        rows = self.db.query(
            f"SELECT * FROM users WHERE {column} IS NOT NULL AND {column} <= ?"
            f" ORDER BY {column} LIMIT ?",
            [iso(now), limit],
        )
        return [to_user(r) for r in rows]

    def prompt_time_groups(self) -> list[tuple[str, time, int]]:
        """(time zone, prompt time, learners) of everyone who gets daily prompts: what
        the delivery lag model needs, in one grouped query."""
        rows = self.db.query(
            "SELECT tz, prompt_time, count(*) AS n FROM users WHERE active = 1 AND paused = 0"
            " AND onboarded_at IS NOT NULL AND programme_id IS NOT NULL GROUP BY tz, prompt_time")
        return [(r["tz"], clock_time(r["prompt_time"]), int(r["n"])) for r in rows]
