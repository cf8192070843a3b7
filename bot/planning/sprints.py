"""Learning sprints: plan each member's prompt of the sprint day, and the sprint's events
(Monday theme post, Friday digest and group aggregate, the final report).

Members are planned like learners, by an indexed ``next_plan_at`` per membership; a
sprint has one ``next_event_at``. Nothing is loaded for all sprints or members at once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.core.programme import Programme, Prompt, pick
from bot.core.records import Button, Outgoing, Sprint, SprintMember, User
from bot.core.schedule import (
    at_local,
    due_today,
    end_of_local_day,
    local_date,
    next_occurrence,
)
from bot.core.sprint import (
    QUIET_FROM,
    REPORT_DEADLINE,
    awake,
    current_week_theme,
    first_day_from,
    prompt_for,
    report_wait,
    sprint_day,
    sprint_end,
)
from bot.core.team import TeamAnswer, TeamPrompt, TeamWeekInput, build_team_digest
from bot.messages.i18n import Raw, plain, t
from bot.messages.render import next_day_after, render_prompt, when_text
from bot.messages.team import (
    render_final_report_member,
    render_group_week_end,
    render_group_week_start,
    render_team_digest,
    retro_prompt_text,
    team_chart_spec,
)
from bot.messages.teamweek import own_programme_line
from bot.planning.daily import checkback_quote
from bot.store import Store

log = logging.getLogger(__name__)

BATCH = 500
LATE_LIMIT = timedelta(hours=24)
WEEK_START_POST = time(8, 0)
WEEK_END_POST = time(17, 0)
RETRO_ID = "retro"


# -- member prompts ----------------------------------------------------------------------


def plan_members(store: Store, programmes: Mapping[str, Programme], now: datetime) -> int:
    total = 0
    while members := store.members_to_plan(now, BATCH):
        for member in members:
            try:
                plan_member(store, programmes, member, now)
            except Exception:  # one member's failure never stops the others
                log.exception("sprint %s: planning failed for user %s", member.sprint_id,
                              member.user_id)
                store.update_member(member.sprint_id, member.user_id,
                                    next_plan_at=now + timedelta(hours=1))
        total += len(members)
        if len(members) < BATCH:
            break
    return total


def schedule_member(store: Store, sprint: Sprint, user: User, now: datetime) -> datetime | None:
    """The member's next sprint prompt: their own time and work days, within the sprint."""
    if sprint.start_date is None or sprint.status != "active":
        store.update_member(sprint.id, user.id, next_plan_at=None)
        return None
    after = max(now, at_local(sprint.start_date, time(0, 0), user.tz) - timedelta(seconds=1))
    upcoming = next_occurrence(after, user.schedule)
    if upcoming is not None and local_date(upcoming, user.tz) > sprint_end(
            sprint.start_date, sprint.weeks):
        upcoming = None
    store.update_member(sprint.id, user.id, next_plan_at=upcoming)
    return upcoming


def plan_member(store: Store, programmes: Mapping[str, Programme], member: SprintMember,
                now: datetime) -> None:
    sprint = store.get_sprint(member.sprint_id)
    user = store.get_user(member.user_id)
    if sprint is None or user is None or member.status != "active" or not user.active \
            or sprint.status != "active" or sprint.start_date is None:
        store.update_member(member.sprint_id, member.user_id, next_plan_at=None)
        return
    occurrence = due_today(now, user.schedule)
    if occurrence is not None:
        enqueue_sprint_prompt(store, programmes, sprint, user, occurrence, now)
    schedule_member(store, sprint, user, max(now, occurrence or now))


def enqueue_sprint_prompt(store: Store, programmes: Mapping[str, Programme], sprint: Sprint,
                          user: User, due_at: datetime, now: datetime) -> bool:
    """Today's sprint prompt for this member, once; the last day is the retrospective."""
    assert sprint.start_date is not None
    day = local_date(due_at, user.tz)
    today = sprint_day(sprint.start_date, sprint.weeks, day)
    programme = programmes.get(sprint.programme_id or "")
    if today is None or programme is None:
        return False
    prompt = None if today.is_last else prompt_for(programme, sprint.start_date, sprint.weeks, day)
    if prompt is None and not today.is_last:
        return False  # extended beyond the programme's days: nothing to ask that day
    with store.atomic():
        outbox_id = store.enqueue(
            chat_id=user.chat_id, user_id=user.id, kind="sprint_prompt", message=Outgoing(""),
            due_at=due_at, now=now, dedupe_key=f"sprint:{sprint.id}:{user.id}:{day.isoformat()}",
            expires_at=end_of_local_day(day, user.tz), programme_id=programme.id,
            prompt_id=prompt.id if prompt else RETRO_ID, local_date=day, sprint_id=sprint.id,
        )
        if outbox_id is None:
            return True
        header = t(user.language, "sprint.header", team=sprint.team_name,
                   day=today.index + 1, total=sprint.weeks * 5)
        if prompt is None:
            body = retro_prompt_text(user.language)
            message = Outgoing(
                t(user.language, "prompt.layout", header=Raw(header), body=body,
                  how=Raw(t(user.language, "prompt.how_text"))),
                ((Button(plain(user.language, "prompt.skip"), f"a:{outbox_id}:x"),),),
            )
        else:
            earlier, earlier_on = checkback_quote(store, programme, user, prompt)
            message = render_prompt(programme, today.index, prompt, user.language, outbox_id,
                                    earlier, header=header, earlier_on=earlier_on, today=day,
                                    next_day=next_day_after(user.language, user.schedule, day,
                                                            day))
        store.set_message(outbox_id, message)
    return True


# -- sprint events -------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str  # week_start | week_end | final
    week: int  # 0-based


def events(sprint: Sprint) -> list[Event]:
    """Monday 08:00 theme post and Friday 17:00 digest of every week; the last is final."""
    assert sprint.start_date is not None
    found = []
    for week in range(sprint.weeks):
        monday = sprint.start_date + timedelta(days=7 * week)
        found.append(Event(at_local(monday, WEEK_START_POST, sprint.tz), "week_start", week))
        kind = "final" if week == sprint.weeks - 1 else "week_end"
        found.append(Event(at_local(monday + timedelta(days=4), WEEK_END_POST, sprint.tz),
                           kind, week))
    return found


def next_event(sprint: Sprint, after: datetime) -> datetime | None:
    return next((e.at for e in events(sprint) if e.at > after), None)


def plan_events(store: Store, programmes: Mapping[str, Programme], now: datetime) -> int:
    handled = 0
    while sprints := store.sprints_due(now, BATCH):
        for sprint in sprints:
            try:
                handle_event(store, programmes, sprint, now)
            except Exception:
                log.exception("sprint %s: event failed", sprint.id)
                again = store.get_sprint(sprint.id)
                if again is not None and again.next_event_at is not None \
                        and again.next_event_at <= now:  # failed before moving on: not in a loop
                    store.update_sprint(sprint.id, next_event_at=now + timedelta(hours=1))
        handled += len(sprints)
        if len(sprints) < BATCH:
            break
    return handled


def handle_event(store: Store, programmes: Mapping[str, Programme], sprint: Sprint,
                 now: datetime) -> None:
    due = sprint.next_event_at
    assert due is not None
    # the event due, or the Friday report that is waiting for members' last prompts
    event = next((e for e in reversed(events(sprint)) if e.at <= due), None)
    if event is not None and event.kind != "week_start" and sprint.status == "active" \
            and now - event.at <= LATE_LIMIT:
        again = _report_wait(store, sprint, event, now)
        if again is not None:
            store.update_sprint(sprint.id, next_event_at=again)
            return
    store.update_sprint(sprint.id, next_event_at=next_event(sprint, max(now, due)))
    if event is None or sprint.status != "active":
        return
    late = now - due > LATE_LIMIT
    if late:
        log.warning("sprint %s: %s of week %d was due %s; skipped", sprint.id, event.kind,
                    event.week + 1, due.isoformat())
    elif event.kind == "week_start":
        _post_week_start(store, programmes, sprint, event, now)
    else:
        _post_week_end(store, programmes, sprint, event, now)
    if event.kind == "final":
        finish(store, sprint, now)


def _report_wait(store: Store, sprint: Sprint, event: Event, now: datetime) -> datetime | None:
    """When to look again at this Friday's report (None: now): see ``core.sprint.report_wait``."""
    friday = local_date(event.at, sprint.tz)
    waiting = store.open_sprint_prompts(sprint.id, friday, now) > 0
    for member in store.members_of(sprint.id):
        user = store.get_user(member.user_id)
        if user is not None and member.next_plan_at is not None \
                and local_date(member.next_plan_at, user.tz) <= friday:
            waiting = True  # this week's last prompt is still to come (another time zone)
    return report_wait(now, waiting, at_local(friday, QUIET_FROM, sprint.tz),
                       at_local(friday + timedelta(days=1), REPORT_DEADLINE, sprint.tz))


def finish(store: Store, sprint: Sprint, now: datetime) -> None:
    """The sprint is over: no more prompts or events; members keep their answers."""
    store.update_sprint(sprint.id, status="ended", ended_at=now, next_event_at=None)
    for member in store.members_of(sprint.id):
        store.update_member(sprint.id, member.user_id, next_plan_at=None)
    log.info("sprint %s ended", sprint.id)


def _lead(store: Store, sprint: Sprint) -> User | None:
    return store.get_user(sprint.lead_id) if sprint.lead_id else None


def _post_week_start(store: Store, programmes: Mapping[str, Programme], sprint: Sprint,
                     event: Event, now: datetime) -> None:
    programme = programmes.get(sprint.programme_id or "")
    lead = _lead(store, sprint)
    if sprint.group_chat_id is None or programme is None or sprint.start_date is None:
        return
    lang = lead.language if lead else "nl"
    monday = sprint.start_date + timedelta(days=7 * event.week)
    theme = current_week_theme(programme, sprint.start_date, sprint.weeks, monday)
    store.enqueue(
        chat_id=sprint.group_chat_id, user_id=None, kind="group_post",
        message=render_group_week_start(sprint.team_name, event.week + 1, sprint.weeks,
                                        pick(theme, lang) if theme else "", lang),
        due_at=event.at, now=now, expires_at=event.at + LATE_LIMIT, sprint_id=sprint.id,
        dedupe_key=f"group:{sprint.id}:start:{event.week}",
    )


def team_week(store: Store, programmes: Mapping[str, Programme], sprint: Sprint, week: int,
              lang: str, final: bool = False, until: date | None = None) -> TeamWeekInput:
    """The team's week (or, for the final report, the whole sprint) as plain data."""
    assert sprint.start_date is not None
    programme = programmes.get(sprint.programme_id or "")
    first = sprint.start_date if final else sprint.start_date + timedelta(days=7 * week)
    last = min(sprint.start_date + timedelta(days=7 * week + 4), until or date.max)
    prompts = []
    day = first
    while day <= last:
        today = sprint_day(sprint.start_date, sprint.weeks, day)
        if today is not None and programme is not None:
            prompt = None if today.is_last else prompt_for(
                programme, sprint.start_date, sprint.weeks, day)
            if prompt is not None:
                prompts.append(TeamPrompt(
                    prompt.id, day, prompt_text_plain(prompt, lang), prompt.kind.value,
                    tuple(pick(o.label, lang) for o in prompt.options)))
            elif today.is_last:
                prompts.append(TeamPrompt(RETRO_ID, day, retro_prompt_text(lang), "open"))
        day += timedelta(days=1)
    answers = []
    for answer in store.sprint_answers(sprint.id, first, last):
        prompt = programme.prompt(answer.prompt_id or "") if programme else None
        option = prompt.option(answer.choice) if prompt and answer.choice else None
        answers.append(TeamAnswer(
            member_id=answer.user_id, day=answer.local_date, prompt_id=answer.prompt_id or "",
            kind=answer.kind, value=answer.value,
            choice_label=pick(option.label, lang) if option else None,
            text=answer.text, skipped=answer.skipped, private=answer.private,
            share_team=answer.share_team, media=answer.media,
        ))
    members = store.members_of(sprint.id)
    names: dict[int, str] = {}
    joined: dict[int, date] = {}
    for member in members:
        user = store.get_user(member.user_id)
        names[member.user_id] = user.first_name if user else ""
        if user is not None and member.joined_at is not None:  # a late joiner's first day
            first_day = first_day_from(sprint.start_date, sprint.weeks,
                                       local_date(member.joined_at, user.tz))
            if first_day is not None:
                joined[member.user_id] = first_day[0]
    theme = None
    if programme is not None and final:
        theme = pick(programme.title, lang)  # the final report is about the whole sprint
    elif programme is not None:
        found = current_week_theme(programme, sprint.start_date, sprint.weeks, first)
        theme = pick(found, lang) if found else None
    lead = _lead(store, sprint)
    return TeamWeekInput(
        team_name=sprint.team_name, lead_name=lead.first_name if lead else "",
        lang=lang, week_start=first, week_number=week + 1, weeks=sprint.weeks, theme=theme,
        members=len(members), prompts=tuple(prompts), answers=tuple(answers), names=names,
        final=final, joined=joined,
    )


def summary_heading(store: Store, programmes: Mapping[str, Programme], user: User, monday: date,
                    last: date, own_title: str | None) -> tuple[str, str | None] | None:
    """The title and next theme of a member's weekly summary in a sprint week; None when no
    sprint prompt reached them that week. During a sprint the sprint's questions are the
    member's questions, so the summary is named after the sprint, not a paused programme."""
    asked = store.sprints_asked(user.id, monday, last)
    sprint = store.get_sprint(asked[0]) if asked else None
    if sprint is None or sprint.start_date is None:
        return None
    lang = user.language
    title = t(lang, "teamweek.summary_title", team=sprint.team_name)
    member = store.member(sprint.id, user.id)
    if member is not None and member.mode == "both" and own_title:
        return t(lang, "teamweek.summary_title_both", own=own_title, team=sprint.team_name), None
    programme = programmes.get(sprint.programme_id or "")
    coming = monday + timedelta(days=7)
    theme = current_week_theme(programme, sprint.start_date, sprint.weeks, coming) \
        if programme is not None else None
    return title, pick(theme, lang) if theme else None


def prompt_text_plain(prompt: Prompt, lang: str) -> str:
    """A prompt's text for a digest: plain, a check-back without anyone's quote."""
    if prompt.quotes:
        return pick(prompt.fallback or prompt.text, lang)
    return pick(prompt.text, lang)


def _post_week_end(store: Store, programmes: Mapping[str, Programme], sprint: Sprint,
                   event: Event, now: datetime) -> None:
    """Friday: the lead's digest (or final report), the group aggregate, member reports."""
    lead = _lead(store, sprint)
    final = event.kind == "final"
    key = f"{sprint.id}:{event.week}"
    expires = event.at + LATE_LIMIT
    with store.atomic():
        if lead is not None:
            data = team_week(store, programmes, sprint, event.week, lead.language, final)
            digest = build_team_digest(data)
            store.enqueue(chat_id=lead.chat_id, user_id=lead.id, kind="team_digest",
                          message=render_team_digest(
                              digest, data, f"td:{sprint.id}:{'f' if final else event.week}"),
                          due_at=event.at, now=now,
                          expires_at=expires, dedupe_key=f"team_digest:{key}",
                          sprint_id=sprint.id)
            chart = team_chart_spec(digest, data)
            if chart is not None:
                spec, caption = chart
                store.enqueue(chat_id=lead.chat_id, user_id=lead.id, kind="chart",
                              message=Outgoing(caption), due_at=event.at, now=now,
                              expires_at=expires, dedupe_key=f"team_chart:{key}",
                              payload={"team_chart": spec}, sprint_id=sprint.id)
        if sprint.group_chat_id is not None:
            lang = lead.language if lead else "nl"
            data = team_week(store, programmes, sprint, event.week, lang)
            store.enqueue(chat_id=sprint.group_chat_id, user_id=None, kind="group_post",
                          message=render_group_week_end(build_team_digest(data), data),
                          due_at=event.at, now=now, expires_at=expires, sprint_id=sprint.id,
                          dedupe_key=f"group:{key}:end")
        if final:
            for member in store.members_of(sprint.id):
                user = store.get_user(member.user_id)
                if user is None or (lead is not None and user.id == lead.id):
                    continue
                data = team_week(store, programmes, sprint, event.week, user.language, True)
                report = render_final_report_member(
                    build_team_digest(data), data, f"td:{sprint.id}:f",
                    own_programme_after(programmes, member, user, now))
                due = awake(now, user.tz)  # in the member's own day, not at 02:00 in New York
                store.enqueue(chat_id=user.chat_id, user_id=user.id, kind="sprint_report",
                              message=report, due_at=due, now=now, expires_at=due + LATE_LIMIT,
                              sprint_id=sprint.id, dedupe_key=f"sprint_report:{key}:{user.id}")


def own_programme_after(programmes: Mapping[str, Programme], member: SprintMember, user: User,
                        now: datetime) -> str:
    """For a member who paused their own programme for the sprint: one line saying it
    picks up again (and when); for one without a programme of their own: where to go on;
    empty for everyone else (their programme simply goes on)."""
    programme = programmes.get(user.programme_id or "")
    if programme is None and user.onboarded:  # nothing of their own: where to go on
        return t(user.language, "teamweek.own_none")
    if member.mode != "pause_own" or programme is None:
        return ""
    upcoming = next_occurrence(now, user.schedule) if user.onboarded else None
    when = when_text(upcoming, user.tz, now, user.language) if upcoming else None
    return own_programme_line(user.language, pick(programme.title, user.language), when)
