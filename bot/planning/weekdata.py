"""A learner's week as the core's ``LearnerWeek``, read for one learner or a whole batch.

Weekly planning reads the weeks of a batch of learners in a few queries
(``Store.stored_weeks``) and builds each ``LearnerWeek`` from that; a single week (a
preview, /overzicht, a mentor's details) is read the same way as a batch of one, so
both give the same week.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.core.programme import Programme, pick
from bot.core.records import User
from bot.core.schedule import at_local, occurrence_on, week_start
from bot.core.trend import answers_trend, trend_prompts, weekly_points
from bot.core.weekly import LearnerWeek, WeekFeedback
from bot.core.weekrows import StoredWeek, quoted_prompt, streak, voice_seconds, week_answer
from bot.planning import spaced, sprints
from bot.store import Span, Store

STREAK_LOOKBACK = 90


def span_for(user: User, first: date, last: date) -> Span:
    """The days ``first``..``last`` of ``user``, with their streak lookback and the
    same days as moments in the learner's time zone."""
    return Span(
        user_id=user.id, first=first, last=last,
        lookback=last - timedelta(days=STREAK_LOOKBACK),
        since=at_local(first, datetime.min.time(), user.tz),
        until=at_local(last + timedelta(days=1), datetime.min.time(), user.tz),
    )


def read_weeks(store: Store, programmes: Mapping[str, Programme],
               spans: Sequence[Span]) -> dict[int, StoredWeek]:
    """The stored weeks of ``spans`` with the earlier words their check-backs quote."""
    weeks = store.stored_weeks(spans)
    wanted = {(uid, a.programme_id or "", quoted)
              for uid, week in weeks.items() for a in week.answers
              if (quoted := quoted_prompt(a, programmes)) is not None}
    texts = store.latest_texts(wanted)
    if texts:
        weeks = {uid: replace(week, quoted={(p, q): t for (u, p, q), t in texts.items()
                                            if u == uid})
                 for uid, week in weeks.items()}
    trends = {uid: (week.first, trend_prompts(programmes.values(), key))
              for uid, week in weeks.items() if (key := answers_trend(week.answers, programmes))}
    points = store.trend_points_before(trends)
    return {uid: replace(week, trend_before=tuple(points[uid])) if uid in points else week
            for uid, week in weeks.items()}


def read_week(store: Store, programmes: Mapping[str, Programme], user: User, first: date,
              last: date) -> StoredWeek:
    return read_weeks(store, programmes, [span_for(user, first, last)])[user.id]


def learner_week(
    store: Store, programmes: Mapping[str, Programme], user: User, monday: date,
    until: date | None = None, names: Mapping[int, str] | None = None,
    stored: StoredWeek | None = None,
) -> LearnerWeek:
    """Everything a summary may use about ``user``'s week starting ``monday``; from
    ``stored`` when the batch read it already."""
    last = until or monday + timedelta(days=6)  # a mentor's period may span two weeks
    if stored is None:
        stored = read_week(store, programmes, user, monday, last)
    assert (stored.first, stored.last) == (monday, last)
    lang = user.language
    answers = spaced.week_answers(store, user, tuple(
        week_answer(a, programmes, lang,
                    quoted_text=stored.quoted.get((a.programme_id or "", q))
                    if (q := quoted_prompt(a, programmes)) else None,
                    voice=voice_seconds(stored.media.get(a.id, ())) if a.media else None,
                    discuss=a.id in stored.discuss)
        for a in stored.answers))
    feedback = tuple(
        WeekFeedback(
            feedback_id=f.id,
            mentor_name=(names or {}).get(f.mentor_id or 0) or _name(stored, f.mentor_id),
            learner_name=user.first_name,
            text=f.text,
            sent_at=f.created_at,
            reaction=f.reaction,
            reply=f.reply,
        )
        for f in stored.feedback
    )
    programme = programmes.get(user.programme_id or "")
    next_theme = None
    if programme is not None:  # the theme of next week's first prompt, not this week's
        ahead = stored.position(programme.id) + _still_this_week(stored, user, last)
        week = programme.week_of(ahead)
        next_theme = pick(week.theme, lang) if week else None
    title = pick(programme.title, lang) if programme else None
    in_sprint = sprints.summary_heading(store, programmes, user, monday, last, title) \
        if stored.sprints_asked else None
    if in_sprint is not None:  # a sprint week: the sprint's questions were this week's
        title, next_theme = in_sprint
    return LearnerWeek(
        learner_id=user.id,
        learner_name=user.first_name,
        lang=lang,
        week_start=monday,
        days_asked=stored.days_asked(),
        answers=answers,
        feedback=feedback,
        earlier_trend=weekly_points(stored.trend_before),
        programme_title=title,
        next_theme=next_theme,
        streak_days=streak([d for d in stored.asked if d >= stored.lookback], stored.answered),
    )


def _still_this_week(stored: StoredWeek, user: User, last: date) -> int:
    """Prompts still to come this calendar week after ``last`` (and on it, if not sent)."""
    sunday = week_start(last) + timedelta(days=6)
    days = [last + timedelta(days=n) for n in range(1, (sunday - last).days + 1)]
    row = stored.prompts_on_last.get("prompt")
    if row is None or row.status in ("pending", "retry"):
        days.insert(0, last)
    return sum(1 for day in days if occurrence_on(day, user.schedule) is not None)


def _name(stored: StoredWeek, user_id: int | None) -> str:
    return stored.names[user_id] if user_id and user_id in stored.names else "?"
