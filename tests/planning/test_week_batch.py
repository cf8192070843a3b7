"""Weeks read together: a batch gives every learner the same week as reading it alone,
and planning a batch of summaries costs a few statements per learner, not dozens."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.core.records import Outgoing
from bot.planning import weekly
from bot.planning.weekdata import learner_week, read_week, read_weeks, span_for
from bot.store import Store
from tests.e2e.harness import PROGRAMMES

MONDAY = date(2026, 11, 30)
FRIDAY_LATE = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)  # 18:00 in Amsterdam, summaries due
PROGRAMME = "starter"


def _prompt(store: Store, uid: int, day: date, prompt_id: str, n: int) -> int:
    at = datetime.combine(day, time(8, 0), tzinfo=UTC)
    oid = store.enqueue(chat_id=uid, user_id=uid, kind="prompt", message=Outgoing("Vraag"),
                        due_at=at, now=at, dedupe_key=f"prompt:{uid}:{day}",
                        programme_id=PROGRAMME, prompt_id=prompt_id, local_date=day)
    assert oid is not None
    store.mark_sent(oid, n, at)
    return oid


def _learners(tmp_path: Path, count: int, mentors: bool = True) -> Store:
    """Learners with a different week each: answered or skipped days, a voice note, a
    discuss flag, a check-back, earlier answers to the trend question, feedback and a goal."""
    store = Store.open(tmp_path / "coach.db")
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    store.create_user(999, 999, "Mentor", "nl", "Europe/Amsterdam", start)
    for uid in range(1, count + 1):
        store.create_user(uid, uid, f"L{uid}", "nl", "Europe/Amsterdam", start)
        store.ensure_progress(uid, PROGRAMME, start)
        store.update_user(uid, start, state="ready", programme_id=PROGRAMME,
                          onboarded_at=start, next_summary_at=FRIDAY_LATE - timedelta(hours=1))
        days = [MONDAY - timedelta(days=7 * (uid % 3 + 1) - k) for k in range(5)]
        days += [MONDAY + timedelta(days=k) for k in range(5)] if uid % 3 else []
        for n, day in enumerate(days):
            prompt_id = ("w1-ma", "w2-wo", "w1-wo", "w1-do", "w1-vr")[day.weekday() % 5]
            oid = _prompt(store, uid, day, prompt_id, n + 1)
            item = store.get_outbox(oid)
            assert item is not None
            moment = datetime.combine(day, time(9, 0), tzinfo=UTC)
            if (uid + n) % 4 == 0:
                store.save_answer(item, uid, "open", moment, skipped=True)
            elif prompt_id == "w2-wo":  # the weekly trend question "Hoe zeker was je…"
                store.save_answer(item, uid, "scale", moment, value=(uid + n) % 5 + 1)
            elif uid % 2 and prompt_id == "w1-wo":
                answer = store.save_answer(item, uid, "open", moment,
                                           media=("voice", f"v{uid}{n}", None, None))
                store.set_media_length(answer.id, f"v{uid}{n}", 40 + uid)
            else:
                answer = store.save_answer(item, uid, "open", moment, text=f"Geleerd {uid} {n}")
                if uid % 5 == 0:
                    store.set_answer_flag(answer.id, "discuss", True, moment)
                    goal = store.draft_goal(uid, "Beter plannen", moment)
                    store.activate_goal(goal.id, "minder haast", moment)
                    store.tie_answer(answer.id, goal.id, moment)
        if mentors and uid % 4 == 1:
            link = store.get_link(store.create_link(uid, 999, "answers", start))
            assert link is not None
            store.add_feedback(link, f"Goed bezig {uid}", datetime(2026, 12, 2, 12, 0, tzinfo=UTC))
    return store


def test_a_batch_reads_every_week_as_it_reads_alone(tmp_path: Path) -> None:
    store = _learners(tmp_path, 13)
    users = [u for uid in range(1, 14) if (u := store.get_user(uid)) is not None]
    friday = MONDAY + timedelta(days=4)
    together = read_weeks(store, PROGRAMMES, [span_for(u, MONDAY, friday) for u in users])
    for user in users:
        alone = read_week(store, PROGRAMMES, user, MONDAY, friday)
        assert together[user.id] == alone
        assert learner_week(store, PROGRAMMES, user, MONDAY, friday,
                            stored=together[user.id]) == learner_week(
            store, PROGRAMMES, user, MONDAY, friday)
    weeks = {u.id: learner_week(store, PROGRAMMES, u, MONDAY, friday) for u in users}
    assert weeks[3].answers == () and weeks[3].days_asked == ()  # nothing this week
    assert weeks[1].streak_days == 2  # Wednesday skipped: Thursday and Friday count
    assert weeks[7].streak_days == 0  # Friday skipped
    assert weeks[3].streak_days == 3  # weeks ago, still within the lookback
    assert [a.voice_seconds for a in weeks[7].answers if a.media] == [47]
    assert any(a.discuss for a in weeks[5].answers)
    assert weeks[1].feedback[0].mentor_name == "Mentor"
    assert weeks[4].earlier_trend  # an earlier week's trend answer draws this week's line
    assert weeks[4].answers[1].trend == "zeker"
    checkback = [a for a in weeks[1].answers if a.prompt_id == "w1-vr"]
    assert checkback and checkback[0].refers_to_text is not None


def _statements(store: Store, action: object) -> int:
    count = 0

    def seen(_: str) -> None:
        nonlocal count
        count += 1

    store.db.conn.set_trace_callback(seen)
    try:
        assert callable(action)
        action()
    finally:
        store.db.conn.set_trace_callback(None)
    return count


def test_planning_summaries_reads_per_batch_not_per_learner(tmp_path: Path) -> None:
    few = _learners(tmp_path / "few", 6, mentors=False)
    many = _learners(tmp_path / "many", 36, mentors=False)
    cost = {}
    for name, store in (("few", few), ("many", many)):
        cost[name] = _statements(
            store, lambda s=store: weekly.plan_weekly(s, PROGRAMMES, FRIDAY_LATE))
    # Each learner's own writes (the next summary moment, the summary and chart rows in
    # one transaction) and nothing of the week read learner by learner (that was ~100).
    assert (cost["many"] - cost["few"]) / 30 <= 6, cost
