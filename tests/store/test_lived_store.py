"""The learner's own trend: one question's earlier answers, private ones included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from bot.core.weekly import TrendPoint
from bot.store import Store


def test_trend_points_follow_one_question_across_programmes_and_keep_private_ones(
        tmp_path: Path) -> None:
    store = Store.open(tmp_path / "coach.db")
    store.create_user(1, 1, "Daan", "nl", "Europe/Amsterdam", datetime(2026, 11, 1, tzinfo=UTC))
    for day, programme, prompt, value, private, skipped in (
            ("2026-11-16", "starter", "w2-zeker", 2, 0, 0),
            ("2026-11-23", "leren", "w1-zeker", 3, 1, 0),  # private: still the learner's own
            ("2026-11-24", "leren", "w1-di", 5, 0, 0),  # another scale question
            ("2026-11-25", "other", "w1-zeker", 1, 0, 0),  # same id, other programme
            ("2026-11-26", "leren", "w2-zeker", 4, 0, 1),  # skipped
            ("2026-12-01", "leren", "w2-zeker", 4, 0, 0)):  # this week: not "before"
        store.db["answers"].insert({"user_id": 1, "local_date": day, "kind": "scale",
                                    "programme_id": programme, "prompt_id": prompt,
                                    "value": value, "private": private, "skipped": skipped,
                                    "created_at": day + "T16:00:00Z",
                                    "updated_at": day + "T16:00:00Z"})
    monday = date(2026, 11, 30)
    prompts = {("starter", "w2-zeker"), ("leren", "w1-zeker"), ("leren", "w2-zeker")}
    found = store.trend_points_before({1: (monday, prompts), 2: (monday, prompts)})
    assert found == {1: [TrendPoint(date(2026, 11, 16), 2), TrendPoint(date(2026, 11, 23), 3)]}
    assert store.trend_points_before({1: (monday, {("leren", "w1-di")})}, limit=5) == {
        1: [TrendPoint(date(2026, 11, 24), 5)]}
    assert store.trend_points_before({1: (date(2026, 11, 20), prompts)}, limit=1) == {
        1: [TrendPoint(date(2026, 11, 16), 2)]}
    assert store.trend_points_before({}) == {}
    store.close()
