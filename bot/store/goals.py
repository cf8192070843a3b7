"""Learning goals, a mentor's reactions to them, and answers tied to a goal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from bot.core.goals import ACTIVE, DRAFT, Goal, GoalNote
from bot.store.base import StoreBase
from bot.store.rows import from_iso, iso


def _goal(row: dict[str, Any]) -> Goal:
    created = from_iso(row["created_at"])
    assert created is not None
    return Goal(id=row["id"], user_id=row["user_id"], text=row["text"], sign=row["sign"],
                status=row["status"], created_at=created,
                finished_at=from_iso(row["finished_at"]))


class GoalsStore(StoreBase):
    """A goal is a row that changes status; nothing of it is deleted but by erasure."""

    def goals_of(self, user_id: int, *, history: bool = False) -> list[Goal]:
        """Active goals, oldest first; with ``history`` also the finished and replaced."""
        where = "status != 'draft'" if history else "status = 'active'"
        return [_goal(r) for r in self.db.query(
            f"SELECT * FROM goals WHERE user_id = ? AND {where} ORDER BY id", [user_id])]

    def get_goal(self, goal_id: int) -> Goal | None:
        row = self._one("SELECT * FROM goals WHERE id = ?", [goal_id])
        return _goal(row) if row else None

    def draft_goal(self, user_id: int, text: str, now: datetime,
                   replaces: int | None = None) -> Goal:
        """A goal whose progress line is still to come; an older draft is dropped."""
        with self.db.atomic():
            self.db.execute("DELETE FROM goals WHERE user_id = ? AND status = ?",
                            [user_id, DRAFT])
            cursor = self.db.execute(
                "INSERT INTO goals (user_id, text, status, replaces, created_at)"
                " VALUES (?, ?, ?, ?, ?)", [user_id, text, DRAFT, replaces, iso(now)])
        goal = self.get_goal(int(cursor.lastrowid or 0))
        assert goal is not None
        return goal

    def activate_goal(self, goal_id: int, sign: str, now: datetime) -> Goal | None:
        """The progress line is there: the goal counts, and the goal it replaces stops."""
        row = self._one("SELECT replaces FROM goals WHERE id = ? AND status = ?",
                        [goal_id, DRAFT])
        if row is None:
            return None
        with self.db.atomic():
            self.db.execute("UPDATE goals SET sign = ?, status = ? WHERE id = ?",
                            [sign, ACTIVE, goal_id])
            if row["replaces"] is not None:
                self.end_goal(row["replaces"], "replaced", now)
        return self.get_goal(goal_id)

    def end_goal(self, goal_id: int, status: str, now: datetime) -> bool:
        """Finish (``done``) or replace (``replaced``) an active goal; it stays as history."""
        cursor = self.db.execute(
            "UPDATE goals SET status = ?, finished_at = ? WHERE id = ? AND status = ?",
            [status, iso(now), goal_id, ACTIVE])
        return bool(cursor.rowcount)

    # -- a mentor's reactions -------------------------------------------------------------

    def add_goal_note(self, goal_id: int, author_id: int, text: str, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO goal_notes (goal_id, author_id, text, created_at) VALUES (?, ?, ?, ?)",
            [goal_id, author_id, text, iso(now)])

    def goal_notes(self, goal_id: int) -> list[GoalNote]:
        notes = []
        for r in self.db.query("SELECT * FROM goal_notes WHERE goal_id = ? ORDER BY id",
                               [goal_id]):
            created = from_iso(r["created_at"])
            assert created is not None
            notes.append(GoalNote(r["id"], r["goal_id"], r["author_id"], r["text"], created))
        return notes

    # -- answers tied to a goal -----------------------------------------------------------

    def tie_answer(self, answer_id: int, goal_id: int | None, now: datetime) -> None:
        """The answer belongs to this goal (one goal per answer), or to none."""
        if goal_id is None:
            self.db.execute("DELETE FROM answer_goals WHERE answer_id = ?", [answer_id])
            return
        self.db.execute(
            "INSERT INTO answer_goals (answer_id, goal_id, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(answer_id) DO UPDATE SET goal_id = excluded.goal_id,"
            " created_at = excluded.created_at", [answer_id, goal_id, iso(now)])

    def goal_of_answer(self, answer_id: int) -> int | None:
        row = self._one("SELECT goal_id FROM answer_goals WHERE answer_id = ?", [answer_id])
        return int(row["goal_id"]) if row else None

    def last_goal_used(self, user_id: int) -> int | None:
        """The active goal the learner tied an answer to last: suggested first."""
        row = self._one(
            "SELECT g.goal_id FROM answer_goals g JOIN goals o ON o.id = g.goal_id"
            " WHERE o.user_id = ? AND o.status = 'active' ORDER BY g.created_at DESC LIMIT 1",
            [user_id])
        return int(row["goal_id"]) if row else None

    def goals_of_answers(self, answer_ids: Iterable[int]) -> dict[int, int]:
        """Answer id → goal id for those of ``answer_ids`` tied to a goal."""
        wanted = sorted(set(answer_ids))
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        return {int(r["answer_id"]): int(r["goal_id"]) for r in self.db.query(
            f"SELECT answer_id, goal_id FROM answer_goals WHERE answer_id IN ({marks})", wanted)}

    def goal_ties(self, user_id: int, first: date, last: date,
                  *, shared_only: bool = False) -> list[int]:
        """One goal id per answer of these local days that is tied to a goal."""
        private = " AND a.private = 0" if shared_only else ""
        return [int(r["goal_id"]) for r in self.db.query(
            "SELECT g.goal_id FROM answer_goals g JOIN answers a ON a.id = g.answer_id"
            f" WHERE a.user_id = ? AND a.local_date BETWEEN ? AND ?{private}",
            [user_id, first.isoformat(), last.isoformat()])]
