"""Weekly summaries and mentor digests: gather the week from the store, plan the outbox.

The store gives rows; this module turns them into the core's plain week data, lets the
core build (and filter, for mentors) the summary, and records the messages in the
outbox: exactly one per recipient per week, sent late by at most 24 hours.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.core.goals import counts as goal_counts
from bot.core.mentorweek import (
    STATE_ACTIVE,
    STATE_NOT_STARTED,
    STATE_PAUSED,
    STATE_PAUSED_ITSELF,
    Period,
    digest_period,
    preview_period,
)
from bot.core.privacy import LearnerDigest, build_mentor_digest
from bot.core.programme import Programme, pick
from bot.core.progress import prompt_at
from bot.core.records import Outgoing, User
from bot.core.schedule import at_local, local_date, next_weekly, occurrence_on, week_start
from bot.core.summary import build_learner_summary
from bot.core.timing import ANSWER_WINDOW, DayPrompt, summary_wait
from bot.core.weekly import LinkView, MentorDigestInput
from bot.core.weekrows import StoredWeek
from bot.messages.goals import with_week_counts
from bot.messages.spaced import with_look_back
from bot.messages.summaries import (
    chart_spec,
    render_learner_summary,
    render_mentor_digest,
    render_mentor_preview,
)
from bot.planning import goals
from bot.planning.weekdata import learner_week, read_week, read_weeks, span_for
from bot.store import Store

__all__ = ["learner_week", "period_part", "plan_weekly", "schedule_digest",
           "schedule_summary", "weekly_due"]

log = logging.getLogger(__name__)

LATE_LIMIT = timedelta(hours=24)
BATCH = 200
READ_AHEAD = 50  # learners whose weeks are read together (a pass may stop after any one)
MENTOR_TRACK = "mentor"


def digest_part(store: Store, programmes: Mapping[str, Programme], learner: User,
                link_id: int, share_mode: str, monday: date, mentor: User,
                until: date | None = None) -> LearnerDigest:
    """One learner's block as this mentor sees it (privacy applied by the core)."""
    period = Period(monday, until or monday + timedelta(days=6))
    return period_part(store, programmes, learner, link_id, share_mode, period, mentor)


def period_part(store: Store, programmes: Mapping[str, Programme], learner: User,
                link_id: int, share_mode: str, period: Period, mentor: User,
                stored: StoredWeek | None = None) -> LearnerDigest:
    """One learner's block over exactly ``period``: the same days and the same count
    of "answered" in the preview, the digest, /leerlingen and the details; from
    ``stored`` when the batch read exactly these days already (a preview of this week)."""
    same = stored is not None and (stored.first, stored.last) == (period.start, period.end)
    week = learner_week(store, programmes, learner, period.start, period.end,
                        stored=stored if same else None)
    view = link_view(store, learner, link_id, share_mode, period)
    digest = build_mentor_digest(MentorDigestInput(
        mentor.id, mentor.first_name, mentor.language, period.start, ((week, view),),
        period=period))
    part = goals.with_shared_counts(store, digest, ((week, view),)).learners[0]
    note = None if part.held_back else _mentor_note(store, programmes, learner, mentor.language)
    return replace(part, note=note) if note else part


def _mentor_note(store: Store, programmes: Mapping[str, Programme], learner: User,
                 lang: str) -> str | None:
    """What the learner's coming week asks of the mentor (the programme's mentor_note)."""
    programme = programmes.get(learner.programme_id or "")
    if programme is None:
        return None
    week = programme.week_of(store.position(learner.id, programme.id))
    if week is None or week.mentor_note is None:
        return None
    return pick(week.mentor_note, lang).replace("{name}", learner.first_name)


def link_view(store: Store, learner: User, link_id: int, share_mode: str,
              period: Period) -> LinkView:
    """What the core needs to filter the period for one link: its share mode, a held week
    (any ISO week the period touches), when the link began and which older weeks the
    learner shared with it; and where the learner stands: not started before the period
    ended, or on a pause now."""
    link = store.get_link(link_id)
    since = link.created_at if link else None
    first = store.first_prompt_day(learner.id)
    state = STATE_ACTIVE
    if first is None or first > period.end:
        state = STATE_NOT_STARTED
    elif learner.paused and (learner.resume_on is None or learner.resume_on > period.end):
        state = STATE_PAUSED  # still on the pause after the period (a past resume day: not)
        if learner.auto_paused:
            state = STATE_PAUSED_ITSELF  # the coach stopped asking by itself
    return LinkView(
        link_id, share_mode, any(store.is_held(learner.id, m) for m in period.mondays),
        since=since, since_day=local_date(since, learner.tz) if since else None,
        shared_weeks=frozenset(store.shared_weeks(link_id)),
        state=state, resume_on=learner.resume_on,
    )


# -- planning --------------------------------------------------------------------------


def plan_weekly(store: Store, programmes: Mapping[str, Programme], now: datetime,
                budget: float | None = None) -> int:
    """Plan due learner summaries and mentor digests; returns how many were planned.

    With ``budget`` (seconds) it stops once that much time is used; the rest stays due.
    """
    planned = looked = 0
    deadline = time.monotonic() + budget if budget is not None else None
    for column, plan in (("next_summary_at", plan_summary), ("next_digest_at", plan_digest)):
        while users := store.users_due(column, now, BATCH):
            for start in range(0, len(users), READ_AHEAD):
                chunk = users[start:start + READ_AHEAD]
                weeks = _read_ahead(store, programmes, chunk) if plan is plan_summary else {}
                for user in chunk:
                    if deadline is not None and looked and time.monotonic() > deadline:
                        return planned  # at least one per pass, so a pass always progresses
                    looked += 1
                    try:
                        planned += plan(store, programmes, user, now, weeks.get(user.id))
                    except Exception:  # one person's week never stops the others'
                        log.exception("%s failed for user %s; trying again later", column,
                                      user.id)
                        store.update_user(user.id, now, **{column: now + timedelta(hours=1)})
    return planned


def _read_ahead(store: Store, programmes: Mapping[str, Programme], users: list[User]
                ) -> dict[int, StoredWeek]:
    """The weeks these learners' summaries cover, read together (``weekdata``); a failed
    read leaves each learner to read their own, so one bad row stops no one else."""
    spans = []
    for user in users:
        if user.next_summary_at is not None:
            day = local_date(user.next_summary_at, user.tz)
            spans.append(span_for(user, week_start(day), day))
    try:
        return read_weeks(store, programmes, spans)
    except Exception:
        log.exception("reading %d weeks together failed; reading them one by one", len(spans))
        return {}


def weekly_due(store: Store, now: datetime) -> bool:
    """Whether a summary or digest is still waiting (after a budgeted pass)."""
    return any(store.users_due(column, now, 1) for column in ("next_summary_at",
                                                               "next_digest_at"))


def _too_late(due: datetime, now: datetime, what: str, user_id: int) -> bool:
    if now - due > LATE_LIMIT:
        log.warning("%s for user %s was due %s; more than 24 h ago, skipped", what, user_id,
                    due.isoformat())
        return True
    return False


def plan_summary(store: Store, programmes: Mapping[str, Programme], user: User,
                 now: datetime, stored: StoredWeek | None = None) -> bool:
    """The learner's own weekly summary (and a preview per mentor), once per week;
    ``stored`` is the week already read with others of the batch."""
    due = user.next_summary_at
    assert due is not None
    day = local_date(due, user.tz)
    monday = week_start(day)
    if stored is None:
        stored = read_week(store, programmes, user, monday, day)
    if not _too_late(due, now, "weekly summary", user.id) and user.active:
        wait = summary_wait(_chosen_time(user, due),
                            _day_prompt(store, programmes, user, due, stored), now)
        if wait is not None:  # the day's prompt is still to come or to be answered
            store.move_due(user.id, "next_summary_at", wait, now)
            return False
    store.move_due(user.id, "next_summary_at", next_weekly(
        max(now, due), user.tz, user.summary_weekday, user.summary_time), now)
    if _too_late(due, now, "weekly summary", user.id) or not user.active:
        return False
    if user.schedule.paused_on(day):
        log.info("no weekly summary for user %s: paused on %s", user.id, day)
        return False
    week = learner_week(store, programmes, user, monday, until=day, stored=stored)
    if not week.days_asked and not week.answers and not week.feedback:
        log.info("no weekly summary for user %s: nothing asked or answered this week", user.id)
        return False
    summary = build_learner_summary(week)
    expires = due + LATE_LIMIT
    due = max(due, now)  # after a wait or a late tick: after the day's prompt, in order
    key = f"{user.id}:{monday.isoformat()}"
    with store.atomic():
        store.enqueue(chat_id=user.chat_id, user_id=user.id, kind="summary",
                      message=_with_goals(user, with_look_back(render_learner_summary(week, summary),
                                                          week), stored),
                      due_at=due, now=now,
                      expires_at=expires, dedupe_key=f"summary:{key}")
        chart = chart_spec(week, summary)
        if chart is not None:
            spec, caption = chart
            store.enqueue(chat_id=user.chat_id, user_id=user.id, kind="chart",
                          message=Outgoing(caption), due_at=due, now=now, expires_at=expires,
                          dedupe_key=f"chart:{key}", payload={"chart": spec})
        for link in stored.links:
            mentor = store.get_user(link.mentor_id)
            if mentor is None:
                continue
            digest_day = local_date(mentor.next_digest_at, mentor.tz) \
                if mentor.next_digest_at else None
            period = preview_period(day, digest_day, store.covered_until(mentor.id))
            part = period_part(store, programmes, user, link.id, link.share_mode, period,
                               mentor, stored)
            store.enqueue(chat_id=user.chat_id, user_id=user.id, kind="preview",
                          message=render_mentor_preview(
                              part, user.language, monday, mentor.first_name, digest_day,
                              period),
                          due_at=due, now=now, expires_at=expires,
                          dedupe_key=f"preview:{key}:{link.id}")
    return True


def _with_goals(user: User, message: Outgoing, stored: StoredWeek) -> Outgoing:
    """Per active goal, how often the learner tied an answer of these days to it."""
    counted = goal_counts(stored.goals, [goal for goal, _ in stored.goal_ties])
    return with_week_counts(message, user.language, counted)


def _chosen_time(user: User, due: datetime) -> datetime:
    """The learner's own summary time on the day ``due`` falls on (it may have waited)."""
    return at_local(local_date(due, user.tz), user.summary_time, user.tz)


def _day_prompt(store: Store, programmes: Mapping[str, Programme], user: User,
                due: datetime, stored: StoredWeek) -> DayPrompt | None:
    """The learner's last prompt on the summary day, own or sprint (planned, or still to
    be planned), for ``summary_wait``."""
    day = local_date(due, user.tz)
    assert stored.last == day
    found: list[DayPrompt] = []
    for kind in ("prompt", "sprint_prompt"):
        row = stored.prompts_on_last.get(kind)
        if row is not None and row.due_at is not None:
            found.append(DayPrompt(due_at=row.due_at, sent=row.status == "sent",
                                   closed=row.status in ("expired", "failed", "cancelled"),
                                   answered_at=stored.answered_at.get(row.id)))
        elif kind == "prompt":
            programme = programmes.get(user.programme_id or "")
            expected = occurrence_on(day, user.schedule)
            if programme is not None and expected is not None \
                    and expected >= due - ANSWER_WINDOW \
                    and prompt_at(programme, stored.position(programme.id)) is not None \
                    and not (stored.in_sprints and store.pauses_own_programme(user.id, day)):
                found.append(DayPrompt(due_at=expected, sent=False, closed=False))
        elif stored.in_sprints:
            found += [DayPrompt(due_at=m.next_plan_at, sent=False, closed=False)
                      for m in store.memberships(user.id, ("active",))
                      if m.next_plan_at is not None and local_date(m.next_plan_at, user.tz) == day]
    return max(found, key=lambda p: p.due_at, default=None)


def plan_digest(store: Store, programmes: Mapping[str, Programme], mentor: User,
                now: datetime, stored: StoredWeek | None = None) -> bool:
    """One digest for all of a mentor's learners, with that week's mentor-track message.

    It covers the days since the last digest covered (``bot/core/mentorweek.py``), so a
    digest day moved mid-week neither repeats nor skips days."""
    due = mentor.next_digest_at
    assert due is not None
    links = store.links_of_mentor(mentor.id)
    store.update_user(mentor.id, now, next_digest_at=next_weekly(
        max(now, due), mentor.tz, mentor.digest_weekday, mentor.digest_time) if links else None)
    if not links or _too_late(due, now, "mentor digest", mentor.id) or not mentor.active:
        return False
    day = local_date(due, mentor.tz)
    period = digest_period(day, store.covered_until(mentor.id))
    if period is None:
        return False
    del stored  # a mentor's own week is not read; their learners' weeks are, together
    learners = []
    notes = []
    people = [(link, learner) for link in links
              if (learner := store.get_user(link.learner_id)) is not None]
    weeks = read_weeks(store, programmes, [span_for(learner, period.start, period.end)
                                           for learner in {p.id: p for _, p in people}.values()])
    for link, learner in people:
        week = learner_week(store, programmes, learner, period.start, period.end,
                            stored=weeks[learner.id])
        learners.append((week, link_view(store, learner, link.id, link.share_mode, period)))
        notes.append(_mentor_note(store, programmes, learner, mentor.language))
    track = _track_message(store, programmes, mentor, now)
    digest = build_mentor_digest(MentorDigestInput(
        mentor.id, mentor.first_name, mentor.language, period.start, tuple(learners), track,
        period=period))
    digest = replace(digest, learners=tuple(
        replace(part, note=note) if note and not part.held_back else part
        for part, note in zip(digest.learners, notes, strict=True)))
    digest = goals.with_shared_counts(store, digest, learners, {u: w.goals for u, w in weeks.items()})
    with store.atomic():
        store.enqueue(chat_id=mentor.chat_id, user_id=mentor.id, kind="digest",
                      message=render_mentor_digest(digest, day), due_at=due, now=now,
                      expires_at=due + LATE_LIMIT,
                      dedupe_key=f"digest:{mentor.id}:{period.end.isoformat()}")
        store.set_covered_until(mentor.id, period.end, now)
    return True


def _track_message(store: Store, programmes: Mapping[str, Programme], mentor: User,
                   now: datetime) -> str | None:
    """The mentor track's next weekly message, then on to the next one."""
    track = programmes.get(MENTOR_TRACK)
    if track is None:
        return None
    store.ensure_progress(mentor.id, track.id, now)
    position = store.position(mentor.id, track.id)
    prompt = prompt_at(track, position)
    if prompt is None:
        return None
    store.set_position(mentor.id, track.id, position + 1, now)
    return pick(prompt.text, mentor.language)


def schedule_summary(store: Store, user: User, now: datetime) -> datetime:
    """(Re)plan a learner's weekly summary from their chosen day and time."""
    upcoming = next_weekly(now, user.tz, user.summary_weekday, user.summary_time)
    store.update_user(user.id, now, next_summary_at=upcoming)
    return upcoming


def schedule_digest(store: Store, mentor: User, now: datetime) -> datetime | None:
    upcoming = (next_weekly(now, mentor.tz, mentor.digest_weekday, mentor.digest_time)
                if store.links_of_mentor(mentor.id) else None)
    store.update_user(mentor.id, now, next_digest_at=upcoming)
    return upcoming
