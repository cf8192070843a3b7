"""Teams, their learning sprints and sprint members."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.core.records import Sprint, SprintMember
from bot.store.base import StoreBase
from bot.store.changes import token_hash
from bot.store.rows import iso, to_member, to_sprint


class SprintsStore(StoreBase):
    """Teams and sprints; a sprint's members and their own planning."""

    _SPRINT = ("SELECT s.*, t.name AS team_name, t.lead_id, t.group_chat_id FROM sprints s"
               " JOIN teams t ON t.id = s.team_id")

    def create_sprint_draft(self, lead_id: int, team_name: str, tz: str, now: datetime) -> Sprint:
        """A team and its sprint, in draft until the lead has chosen everything."""
        with self.db.atomic():
            team = self.db.execute(
                "INSERT INTO teams (name, lead_id, created_at) VALUES (?, ?, ?)",
                [team_name, lead_id, iso(now)],
            ).lastrowid
            sprint_id = self.db.execute(
                "INSERT INTO sprints (team_id, tz, created_at) VALUES (?, ?, ?)",
                [team, tz, iso(now)],
            ).lastrowid
        sprint = self.get_sprint(int(sprint_id or 0))
        assert sprint is not None
        return sprint

    def get_sprint(self, sprint_id: int) -> Sprint | None:
        row = self._one(f"{self._SPRINT} WHERE s.id = ?", [sprint_id])
        return to_sprint(row) if row else None

    def sprint_by_token(self, token: str) -> Sprint | None:
        """The sprint of a join link; only the token's SHA-256 is stored."""
        row = self._one(f"{self._SPRINT} WHERE s.join_token = ?", [token_hash(token)])
        return to_sprint(row) if row else None

    def update_sprint(self, sprint_id: int, **fields: Any) -> Sprint:
        """``join_token`` is given as the token in the link and stored as its hash."""
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "join_token" and isinstance(value, str):
                value = token_hash(value)
            if isinstance(value, datetime):
                value = iso(value)
            elif isinstance(value, date):
                value = value.isoformat()
            values[key] = value
        cols = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE sprints SET {cols} WHERE id = ?", [*values.values(), sprint_id])
        sprint = self.get_sprint(sprint_id)
        assert sprint is not None
        return sprint

    def led_sprints(self, lead_id: int, statuses: tuple[str, ...] = ("draft", "active")
                    ) -> list[Sprint]:
        marks = ", ".join("?" for _ in statuses)
        return [to_sprint(r) for r in self.db.query(
            f"{self._SPRINT} WHERE t.lead_id = ? AND s.status IN ({marks}) ORDER BY s.id DESC",
            [lead_id, *statuses])]

    def sprints_due(self, now: datetime, limit: int) -> list[Sprint]:
        return [to_sprint(r) for r in self.db.query(
            f"{self._SPRINT} WHERE s.next_event_at IS NOT NULL AND s.next_event_at <= ?"
            " ORDER BY s.next_event_at LIMIT ?", [iso(now), limit])]

    def set_group(self, team_id: int, chat_id: int | None) -> None:
        self.db.execute("UPDATE teams SET group_chat_id = ? WHERE id = ?", [chat_id, team_id])

    def move_group(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: its id changed; follow it, queued posts included."""
        with self.db.atomic():
            self.db.execute("UPDATE teams SET group_chat_id = ? WHERE group_chat_id = ?",
                            [new_chat_id, old_chat_id])
            self.db.execute(
                "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND user_id IS NULL"
                " AND status IN ('pending', 'retry', 'sending')",
                [new_chat_id, old_chat_id],
            )

    def forget_group(self, chat_id: int) -> int:
        """The bot left or was removed from a group: stop posting there."""
        return int(self.db.execute(
            "UPDATE teams SET group_chat_id = NULL WHERE group_chat_id = ?", [chat_id]).rowcount)

    def member(self, sprint_id: int, user_id: int) -> SprintMember | None:
        row = self._one("SELECT * FROM sprint_members WHERE sprint_id = ? AND user_id = ?",
                        [sprint_id, user_id])
        return to_member(row) if row else None

    def put_member(self, sprint_id: int, user_id: int, status: str, mode: str,
                   now: datetime) -> None:
        self.db.execute(
            "INSERT INTO sprint_members (sprint_id, user_id, status, mode, joined_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sprint_id, user_id) DO UPDATE SET"
            " status = excluded.status, mode = excluded.mode, left_at = NULL",
            [sprint_id, user_id, status, mode, iso(now)],
        )

    def update_member(self, sprint_id: int, user_id: int, **fields: Any) -> None:
        values = {k: iso(v) if isinstance(v, datetime) else v for k, v in fields.items()}
        cols = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE sprint_members SET {cols} WHERE sprint_id = ? AND user_id = ?",
                        [*values.values(), sprint_id, user_id])

    def members_of(self, sprint_id: int, statuses: tuple[str, ...] = ("active",)
                   ) -> list[SprintMember]:
        marks = ", ".join("?" for _ in statuses)
        return [to_member(r) for r in self.db.query(
            f"SELECT * FROM sprint_members WHERE sprint_id = ? AND status IN ({marks})"
            " ORDER BY joined_at, user_id", [sprint_id, *statuses])]

    def memberships(self, user_id: int, statuses: tuple[str, ...] = ("joining", "active")
                    ) -> list[SprintMember]:
        marks = ", ".join("?" for _ in statuses)
        return [to_member(r) for r in self.db.query(
            f"SELECT m.* FROM sprint_members m JOIN sprints s ON s.id = m.sprint_id"
            f" WHERE m.user_id = ? AND m.status IN ({marks}) AND s.status != 'ended'"
            " ORDER BY m.joined_at DESC", [user_id, *statuses])]

    def members_to_plan(self, now: datetime, limit: int) -> list[SprintMember]:
        return [to_member(r) for r in self.db.query(
            "SELECT * FROM sprint_members WHERE next_plan_at IS NOT NULL AND next_plan_at <= ?"
            " ORDER BY next_plan_at LIMIT ?", [iso(now), limit])]

    def pauses_own_programme(self, user_id: int, day: date) -> bool:
        """True while a sprint the user chose to pause their own programme for is running."""
        return self._one(
            "SELECT 1 AS x FROM sprint_members m JOIN sprints s ON s.id = m.sprint_id"
            " WHERE m.user_id = ? AND m.status = 'active' AND m.mode = 'pause_own'"
            " AND s.status = 'active' AND s.start_date <= ?",
            [user_id, day.isoformat()],
        ) is not None

    def sprints_asked(self, user_id: int, first: date, last: date) -> list[int]:
        """The sprints whose prompts reached the user in [first, last], latest first."""
        return [int(r["sprint_id"]) for r in self.db.query(
            "SELECT sprint_id, MAX(local_date) AS last_day FROM outbox WHERE user_id = ?"
            " AND kind = 'sprint_prompt' AND status = 'sent' AND local_date BETWEEN ? AND ?"
            " GROUP BY sprint_id ORDER BY last_day DESC",
            [user_id, first.isoformat(), last.isoformat()])]

    def open_sprint_prompts(self, sprint_id: int, last_day: date, now: datetime) -> int:
        """Sprint prompts up to ``last_day`` not yet sent, or sent and neither answered nor
        expired: a week's report waits for them."""
        row = self._one(
            "SELECT COUNT(*) AS n FROM outbox o WHERE o.sprint_id = ? AND o.kind = 'sprint_prompt'"
            " AND o.local_date <= ? AND (o.status IN ('pending', 'retry', 'sending')"
            " OR (o.status = 'sent' AND o.expires_at > ? AND NOT EXISTS"
            " (SELECT 1 FROM answers a WHERE a.outbox_id = o.id)))",
            [sprint_id, last_day.isoformat(), iso(now)])
        return int(row["n"]) if row else 0

    def past_sprints(self, user_id: int, limit: int = 3) -> list[Sprint]:
        """Ended sprints the user led or took part in, the latest first."""
        return [to_sprint(r) for r in self.db.query(
            f"{self._SPRINT} WHERE s.status = 'ended' AND (t.lead_id = ? OR EXISTS"
            " (SELECT 1 FROM sprint_members m WHERE m.sprint_id = s.id AND m.user_id = ?"
            " AND m.status IN ('active', 'left')))"
            " ORDER BY s.ended_at DESC, s.id DESC LIMIT ?", [user_id, user_id, limit])]
