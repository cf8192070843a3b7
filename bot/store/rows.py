"""Rows to core objects and back; times as UTC text so indexed comparisons are text ones."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from bot.core.records import Button, Feedback, MentorLink, OutboxItem, Sprint, SprintMember, User
from bot.core.shifts import ShiftPlan

OPEN_STATUSES = ("pending", "retry")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str | None) -> datetime | None:
    """The text ``iso`` wrote, as a UTC moment. ``fromisoformat`` reads that fixed form
    about twenty times faster than ``strptime``, which was the largest part of turning
    rows into objects; anything else is still refused."""
    if text is None:
        return None
    if len(text) != 20 or text[-1] != "Z":
        raise ValueError(f"not a stored UTC time: {text!r}")
    return datetime.fromisoformat(text)


def buttons_json(buttons: tuple[tuple[Button, ...], ...]) -> str | None:
    if not buttons:
        return None
    return json.dumps([[[b.label, b.data] for b in row] for row in buttons], ensure_ascii=False)


def buttons_from(text: str | None) -> tuple[tuple[Button, ...], ...]:
    if not text:
        return ()
    return tuple(tuple(Button(label, data) for label, data in row) for row in json.loads(text))


def days_text(days: frozenset[int]) -> str:
    return ",".join(str(d) for d in sorted(days))


def clock_time(text: str) -> time:
    hh, mm = text.split(":")
    return time(int(hh), int(mm))


def to_user(row: Mapping[str, Any]) -> User:
    hh, mm = row["prompt_time"].split(":")
    return User(
        id=row["id"],
        chat_id=row["chat_id"],
        first_name=row["first_name"],
        language=row["language"],
        tz=row["tz"],
        prompt_time=time(int(hh), int(mm)),
        work_days=frozenset(int(d) for d in row["work_days"].split(",") if d),
        state=row["state"],
        programme_id=row["programme_id"],
        onboarded=row["onboarded_at"] is not None,
        paused=bool(row["paused"]),
        resume_on=date.fromisoformat(row["resume_on"]) if row["resume_on"] else None,
        active=bool(row["active"]),
        next_plan_at=from_iso(row["next_plan_at"]),
        summary_weekday=row["summary_weekday"],
        summary_time=clock_time(row["summary_time"]),
        next_summary_at=from_iso(row["next_summary_at"]),
        digest_weekday=row["digest_weekday"],
        digest_time=clock_time(row["digest_time"]),
        next_digest_at=from_iso(row["next_digest_at"]),
        shifts=shifts_from(row["shifts"]) if "shifts" in row else None,
        reminders=bool(row["reminders"]) if "reminders" in row else True,
        auto_paused=row["auto_paused_at"] is not None if "auto_paused_at" in row else False,
    )


def to_outbox(row: Mapping[str, Any]) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        chat_id=row["chat_id"],
        user_id=row["user_id"],
        kind=row["kind"],
        status=row["status"],
        text=row["text"],
        buttons=buttons_from(row["buttons"]),
        programme_id=row["programme_id"],
        prompt_id=row["prompt_id"],
        local_date=date.fromisoformat(row["local_date"]) if row["local_date"] else None,
        reply_to=row["reply_to"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        due_at=from_iso(row["due_at"]),
        expires_at=from_iso(row["expires_at"]),
        sent_at=from_iso(row["sent_at"]),
        payload=json.loads(row["payload"]) if row["payload"] else {},
        sprint_id=row["sprint_id"],
    )


def to_link(row: Mapping[str, Any]) -> MentorLink:
    return MentorLink(row["id"], row["learner_id"], row["mentor_id"], row["share_mode"],
                      row["status"], from_iso(row["created_at"]))


def to_feedback(row: Mapping[str, Any]) -> Feedback:
    created = from_iso(row["created_at"])
    assert created is not None
    return Feedback(row["id"], row["link_id"], row["mentor_id"], row["learner_id"],
                    row["text"], created, row["reaction"], row["reply"])


def to_sprint(row: Mapping[str, Any]) -> Sprint:
    return Sprint(
        id=row["id"], team_id=row["team_id"], team_name=row["team_name"],
        lead_id=row["lead_id"], programme_id=row["programme_id"],
        start_date=date.fromisoformat(row["start_date"]) if row["start_date"] else None,
        weeks=row["weeks"], tz=row["tz"], join_token=row["join_token"], status=row["status"],
        group_chat_id=row["group_chat_id"], next_event_at=from_iso(row["next_event_at"]),
    )


def to_member(row: Mapping[str, Any]) -> SprintMember:
    return SprintMember(row["sprint_id"], row["user_id"], row["status"], row["mode"],
                        from_iso(row["next_plan_at"]), from_iso(row["joined_at"]))


def shifts_json(plan: ShiftPlan | None) -> str | None:
    if plan is None:
        return None
    return json.dumps({
        "cycle": plan.cycle,
        "first_day": plan.first_day.isoformat() if plan.first_day else None,
        "told": {d.isoformat(): code for d, code in sorted(plan.told.items())},
        "times": {code: [s.strftime("%H:%M"), e.strftime("%H:%M")] for code, (s, e) in plan.times.items()},
        "delay": plan.delay,
    })


def shifts_from(text: str | None) -> ShiftPlan | None:
    if not text:
        return None
    data = json.loads(text)
    return ShiftPlan(
        cycle=data.get("cycle", ""),
        first_day=date.fromisoformat(data["first_day"]) if data.get("first_day") else None,
        told={date.fromisoformat(d): code for d, code in data.get("told", {}).items()},
        times={code: (clock_time(s), clock_time(e)) for code, (s, e) in data.get("times", {}).items()},
        delay=int(data.get("delay", 15)),
    )
