"""Spaced return: earlier reflections that may come back, which came back when, and the
replies linked to them.

Which answer came back is kept in the return's own outbox row (kind ``spaced``,
``payload.returns_to``, ``payload.weeks``): a return the learner never got (expired,
cancelled) does not count, so it can come on the next work day instead. The reply is a normal answer with
``answers.returns_to`` set (``save_answer`` copies it from the row it answers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.core.spaced import Reflection
from bot.store.base import StoreBase

REFLECTION_KINDS = ("open", "plan")
"""Answers in the learner's own words that stand on their own: a tapped scale or choice is
not brought back, nor the answer to a check of a plan ("twee keer gedaan")."""
GONE = ("expired", "failed", "cancelled")


@dataclass(frozen=True)
class Earlier:
    """An earlier answer as a return needs it: the rule's data, its words and its kind."""

    reflection: Reflection
    text: str
    kind: str


@dataclass(frozen=True)
class LookedBack:
    """A reply to a return, with the answer it looked back at."""

    reply_id: int
    original_id: int
    original_day: date
    original_text: str | None
    original_kind: str


class SpacedStore(StoreBase):
    """The queries of the spaced return (the rule itself is ``bot/core/spaced.py``)."""

    def reflections_between(self, user_id: int, first: date, last: date) -> list[Earlier]:
        """Own-programme answers in words of these local days, private ones included (the
        rule leaves them out and is tested to); never a skip, a note, a sprint's answer
        (the team may have read it) or a reply to an earlier return."""
        kinds = ", ".join("?" for _ in REFLECTION_KINDS)
        rows = self.db.query(
            "SELECT a.id, a.local_date, a.private, a.discuss, a.kind, a.text,"
            " EXISTS (SELECT 1 FROM answer_goals g WHERE g.answer_id = a.id) AS goal"
            " FROM answers a WHERE a.user_id = ? AND a.local_date BETWEEN ? AND ?"
            f" AND a.kind IN ({kinds}) AND a.skipped = 0 AND a.text IS NOT NULL"
            " AND a.text != '' AND a.sprint_id IS NULL AND a.returns_to IS NULL"
            " ORDER BY a.local_date, a.id",
            [user_id, first.isoformat(), last.isoformat(), *REFLECTION_KINDS])
        return [Earlier(Reflection(r["id"], date.fromisoformat(r["local_date"]),
                                   private=bool(r["private"]), plan=r["kind"] == "plan",
                                   discuss=bool(r["discuss"]), goal=bool(r["goal"])),
                        r["text"], r["kind"]) for r in rows]

    def returns_since(self, user_id: int, first: date) -> tuple[date | None, set[tuple[int, int]]]:
        """The last day something came back (or None) and every (answer id, weeks) that
        came back from ``first`` on; rows the learner never got are left out."""
        gone = ", ".join("?" for _ in GONE)
        rows = list(self.db.query(
            "SELECT local_date, json_extract(payload, '$.returns_to') AS answer_id,"
            " json_extract(payload, '$.weeks') AS weeks FROM outbox"
            " WHERE user_id = ? AND kind = 'spaced' AND local_date >= ?"
            f" AND json_extract(payload, '$.returns_to') IS NOT NULL AND status NOT IN ({gone})",
            [user_id, first.isoformat(), *GONE]))
        last = max((date.fromisoformat(r["local_date"]) for r in rows), default=None)
        return last, {(int(r["answer_id"]), int(r["weeks"])) for r in rows}

    def looked_back_between(self, user_id: int, first: date, last: date) -> list[LookedBack]:
        """Replies of these local days to a return, each with its original, in order."""
        rows = self.db.query(
            "SELECT a.id, a.returns_to, o.local_date, o.text, o.kind FROM answers a"
            " JOIN answers o ON o.id = a.returns_to WHERE a.user_id = ?"
            " AND a.local_date BETWEEN ? AND ? ORDER BY a.local_date, a.id",
            [user_id, first.isoformat(), last.isoformat()])
        return [LookedBack(r["id"], r["returns_to"], date.fromisoformat(r["local_date"]),
                           r["text"], r["kind"]) for r in rows]
