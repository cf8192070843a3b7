"""The learner's own trend: one question's earlier answers, private ones included."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from bot.store import Store


def test_earlier_scale_values_follow_one_question_and_keep_private_ones(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "coach.db")
    store.create_user(1, 1, "Daan", "nl", "Europe/Amsterdam", datetime(2026, 11, 1, tzinfo=UTC))
    for day, prompt, value, private in (("2026-11-23", "mood", 2, 0), ("2026-11-24", "often", 5, 0),
                                        ("2026-11-25", "mood", 3, 1), ("2026-11-26", "mood", 4, 0)):
        store.db["answers"].insert({"user_id": 1, "local_date": day, "kind": "scale",
                                    "prompt_id": prompt, "value": value, "private": private,
                                    "created_at": day + "T16:00:00Z", "updated_at": day + "T16:00:00Z"})
    monday = date(2026, 11, 30)
    assert store.scale_values_before(1, monday, prompt_id="mood") == [2, 3, 4]  # private 3 too
    assert store.scale_values_before(1, monday, prompt_id="often") == [5]
    store.close()
