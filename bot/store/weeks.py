"""Many learners' weeks in a few queries: what weekly planning reads, per batch.

Planning a weekly summary read a learner's week in ~30 small queries (answers, then per
answer its media and flags, prompt days, feedback, a 90-day streak
lookback, positions, the day's prompt, goals, links), and sqlite-utils wraps every read
in a savepoint: ~100 statements per learner, most of the planning time at 10,000
learners. Here each of those reads is one query for a whole batch (earlier answers to
a trend question too: ``AnswersStore.trend_points_before``), joined to a
``VALUES`` list of the learners' spans, and split per learner in Python. One learner
alone (a /overzicht, a mentor's details) is a batch of one: there is one way to read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.core.goals import Goal
from bot.core.records import Answer, Feedback, MentorLink, OutboxItem
from bot.core.summary import is_answered
from bot.core.weekrows import StoredWeek
from bot.store.answers import to_answer
from bot.store.base import StoreBase
from bot.store.goals import _goal
from bot.store.rows import from_iso, iso, to_feedback, to_link, to_outbox


@dataclass(frozen=True)
class Span:
    """One learner's days ``first``..``last`` (local), the streak's first day, and the
    same days as UTC moments (local midnights) for what is stored by time (feedback)."""

    user_id: int
    first: date
    last: date
    lookback: date
    since: datetime
    until: datetime


class WeeksStore(StoreBase):
    """Batch reads of learners' weeks (``bot/core/weekrows.StoredWeek``)."""

    def stored_weeks(self, spans: Sequence[Span]) -> dict[int, StoredWeek]:
        """Each learner's stored week, keyed by user id (one span per learner)."""
        if not spans:
            return {}
        assert len({s.user_id for s in spans}) == len(spans), "one span per learner"
        cte = "WITH span(uid, first, last, low, since, until) AS (VALUES " + ", ".join(
            "(?, ?, ?, ?, ?, ?)" for _ in spans) + ") "
        params: list[Any] = []
        for s in spans:
            params += [s.user_id, s.first.isoformat(), s.last.isoformat(),
                       min(s.first, s.lookback).isoformat(), iso(s.since), iso(s.until)]

        def rows(sql: str, extra: Sequence[Any] = ()) -> Iterable[dict[str, Any]]:
            return self.db.query(cte + sql, [*params, *extra])

        by_id = {s.user_id: s for s in spans}
        answers: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in rows("SELECT a.* FROM span s JOIN answers a ON a.user_id = s.uid"
                      " AND a.local_date BETWEEN s.first AND s.last ORDER BY a.local_date, a.id"):
            answers[r["user_id"]].append(r)
        media: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
        for r in rows("SELECT m.answer_id, m.media_type, m.duration FROM span s"
                      " JOIN answers a ON a.user_id = s.uid AND a.local_date BETWEEN s.low"
                      " AND s.last JOIN answer_media m ON m.answer_id = a.id ORDER BY m.id"):
            media[r["answer_id"]].append((r["media_type"], r["duration"]))
        answered: dict[int, set[date]] = defaultdict(set)
        for r in rows("SELECT a.id, a.user_id, a.local_date, a.skipped, a.text, a.value,"
                      " a.choice FROM span s JOIN answers a ON a.user_id = s.uid"
                      " AND a.local_date BETWEEN s.low AND s.last"):
            day = date.fromisoformat(r["local_date"])
            if day >= by_id[r["user_id"]].lookback and is_answered(
                    skipped=bool(r["skipped"]), text=r["text"], value=r["value"],
                    choice=r["choice"], media=[k for k, _ in media.get(r["id"], ())]):
                answered[r["user_id"]].add(day)
        asked: dict[int, list[date]] = defaultdict(list)
        for r in rows("SELECT DISTINCT o.user_id, o.local_date FROM span s JOIN outbox o"
                      " ON o.user_id = s.uid AND o.kind IN ('prompt', 'sprint_prompt')"
                      " AND o.status = 'sent' AND o.local_date BETWEEN s.low AND s.last"
                      " ORDER BY o.user_id, o.local_date"):
            asked[r["user_id"]].append(date.fromisoformat(r["local_date"]))
        feedback: dict[int, list[Feedback]] = defaultdict(list)
        for r in rows("SELECT f.* FROM span s JOIN feedback f ON f.learner_id = s.uid"
                      " AND f.created_at >= s.since AND f.created_at < s.until ORDER BY f.id"):
            feedback[r["learner_id"]].append(to_feedback(r))
        names = self._first_names({f.mentor_id for fs in feedback.values() for f in fs
                                   if f.mentor_id})
        positions: dict[int, dict[str, int]] = defaultdict(dict)
        for r in rows("SELECT p.user_id, p.programme_id, p.position FROM span s"
                      " JOIN progress p ON p.user_id = s.uid"):
            positions[r["user_id"]][r["programme_id"]] = int(r["position"])
        prompts: dict[int, dict[str, OutboxItem]] = defaultdict(dict)
        answered_at: dict[int, dict[int, datetime]] = defaultdict(dict)
        for r in rows(
                "SELECT o.*, (SELECT a.updated_at FROM answers a WHERE a.user_id = o.user_id"
                " AND a.outbox_id = o.id AND (a.skipped = 1 OR a.text IS NOT NULL"
                " OR a.value IS NOT NULL OR a.choice IS NOT NULL OR EXISTS (SELECT 1"
                " FROM answer_media m WHERE m.answer_id = a.id))) AS answer_updated_at"
                " FROM span s JOIN outbox o ON o.user_id = s.uid"
                " AND o.kind IN ('prompt', 'sprint_prompt') AND o.local_date = s.last"
                " AND o.status NOT IN ('cancelled') ORDER BY o.id"):
            prompts[r["user_id"]][r["kind"]] = to_outbox(r)  # the latest of the day wins
            moment = from_iso(r["answer_updated_at"])
            if moment is not None:
                answered_at[r["user_id"]][r["id"]] = moment
        sprints: dict[int, list[int]] = defaultdict(list)
        for r in rows("SELECT s.uid, o.sprint_id, MAX(o.local_date) AS last_day FROM span s"
                      " JOIN outbox o ON o.user_id = s.uid AND o.kind = 'sprint_prompt'"
                      " AND o.status = 'sent' AND o.local_date BETWEEN s.first AND s.last"
                      " GROUP BY s.uid, o.sprint_id ORDER BY s.uid, last_day DESC"):
            sprints[r["uid"]].append(int(r["sprint_id"]))
        members = {int(r["user_id"]) for r in rows(
            "SELECT DISTINCT m.user_id FROM span s JOIN sprint_members m ON m.user_id = s.uid")}
        goals: dict[int, list[Goal]] = defaultdict(list)
        for r in rows("SELECT g.* FROM span s JOIN goals g ON g.user_id = s.uid"
                      " AND g.status = 'active' ORDER BY g.id"):
            goals[r["user_id"]].append(_goal(r))
        ties: dict[int, list[tuple[int, bool]]] = defaultdict(list)
        for r in rows("SELECT a.user_id, g.goal_id, a.private FROM span s JOIN answers a"
                      " ON a.user_id = s.uid AND a.local_date BETWEEN s.first AND s.last"
                      " JOIN answer_goals g ON g.answer_id = a.id ORDER BY a.id"):
            ties[r["user_id"]].append((int(r["goal_id"]), bool(r["private"])))
        links: dict[int, list[MentorLink]] = defaultdict(list)
        for r in rows("SELECT l.* FROM span s JOIN mentor_links l ON l.learner_id = s.uid"
                      " AND l.status = 'active' ORDER BY l.id"):
            links[r["learner_id"]].append(to_link(r))
        out: dict[int, StoredWeek] = {}
        for s in spans:
            own: list[Answer] = [to_answer(r, tuple(k for k, _ in media.get(r["id"], ())))
                                 for r in answers.get(s.user_id, ())]
            out[s.user_id] = StoredWeek(
                first=s.first, last=s.last, lookback=s.lookback, answers=tuple(own),
                discuss=frozenset(r["id"] for r in answers.get(s.user_id, ()) if r["discuss"]),
                media={a.id: tuple(media[a.id]) for a in own if a.id in media},
                asked=tuple(asked.get(s.user_id, ())),
                answered=frozenset(answered.get(s.user_id, ())),
                feedback=tuple(feedback.get(s.user_id, ())),
                names={f.mentor_id: names[f.mentor_id] for f in feedback.get(s.user_id, ())
                       if f.mentor_id in names},
                positions=positions.get(s.user_id, {}),
                prompts_on_last=prompts.get(s.user_id, {}),
                answered_at=answered_at.get(s.user_id, {}),
                sprints_asked=tuple(sprints.get(s.user_id, ())),
                in_sprints=s.user_id in members,
                goals=tuple(goals.get(s.user_id, ())), goal_ties=tuple(ties.get(s.user_id, ())),
                links=tuple(links.get(s.user_id, ())),
            )
        return out

    def latest_texts(self, wanted: Iterable[tuple[int, str, str]]
                     ) -> dict[tuple[int, str, str], str]:
        """The most recent text answer per (user, programme, prompt), for check-backs:
        what ``latest_answer_to`` gives one at a time."""
        keys = sorted(set(wanted))
        if not keys:
            return {}
        values = ", ".join("(?, ?, ?)" for _ in keys)
        found = self.db.query(
            f"WITH want(uid, programme_id, prompt_id) AS (VALUES {values})"
            " SELECT uid, programme_id, prompt_id, text FROM (SELECT w.uid, w.programme_id,"
            " w.prompt_id, a.text, row_number() OVER (PARTITION BY w.uid, w.programme_id,"
            " w.prompt_id ORDER BY a.updated_at DESC, a.id DESC) AS n FROM want w"
            " JOIN answers a ON a.user_id = w.uid AND a.programme_id = w.programme_id"
            " AND a.prompt_id = w.prompt_id AND a.text IS NOT NULL AND a.text != '')"
            " WHERE n = 1", [v for key in keys for v in key])
        return {(r["uid"], r["programme_id"], r["prompt_id"]): r["text"] for r in found}

    def _first_names(self, user_ids: set[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        marks = ", ".join("?" for _ in user_ids)
        return {int(r["id"]): r["first_name"] for r in self.db.query(
            f"SELECT id, first_name FROM users WHERE id IN ({marks})", sorted(user_ids))}

    def move_due(self, user_id: int, column: str, when: datetime | None, now: datetime) -> None:
        """Move a learner's next summary or digest moment without reading the row back
        (``update_user`` does, for callers that go on with the user)."""
        if column not in ("next_summary_at", "next_digest_at"):
            raise ValueError(column)
        self.db.execute(f"UPDATE users SET {column} = ?, updated_at = ? WHERE id = ?",
                        [iso(when) if when else None, iso(now), user_id])
        self._wrote_user(user_id)

