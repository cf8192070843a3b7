"""Planning in slices: a pass stops at its time budget, and the slices still plan everyone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.planning import daily
from bot.store import Store
from bot.telegram import services
from bot.telegram.services import plan_in_slices
from tests.e2e.harness import PROGRAMMES

MONDAY = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 16:00 in Amsterdam


def overdue_learners(tmp_path: Path, count: int) -> Store:
    store = Store.open(tmp_path / "coach.db")
    for uid in range(1, count + 1):
        store.create_user(uid, uid, f"L{uid}", "nl", "Europe/Amsterdam", MONDAY)
        store.ensure_progress(uid, "starter", MONDAY)
        store.update_user(uid, MONDAY, state="ready", programme_id="starter",
                          onboarded_at=MONDAY, prompt_time=time(16, 0),
                          next_plan_at=MONDAY - timedelta(hours=20))
    return store


def prompts(store: Store) -> int:
    return sum(1 for item in store.outbox_counts().values() for _ in range(item))


async def test_a_spent_budget_ends_the_pass_after_one_learner(tmp_path: Path) -> None:
    store = overdue_learners(tmp_path, 5)
    assert daily.plan_due(store, PROGRAMMES, MONDAY, budget=0.0) == 1
    assert len(store.users_to_plan(MONDAY, 10)) == 4
    assert prompts(store) == 1


async def test_slices_plan_the_whole_backlog(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store = overdue_learners(tmp_path, 5)
    monkeypatch.setattr(services, "PLAN_BUDGET", 0.0)  # one learner per slice
    looked = await plan_in_slices(
        lambda budget: daily.plan_due(store, PROGRAMMES, MONDAY, budget),
        lambda: bool(store.users_to_plan(MONDAY, 1)))
    assert looked == 5
    assert not store.users_to_plan(MONDAY, 1)
    assert prompts(store) == 5
