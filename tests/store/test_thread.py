"""The store thread: jobs run off the loop, one transaction each, and wait out a lock.

A second connection plays the other process that holds the write lock; time is fake
(the thread's pause and clock are handed in), so a two-minute lock takes no time.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.guard import ConcurrentUse, SharedConnection
from bot.store.thread import StoreThread


class FakeTime:
    """The thread's clock and pause: a pause moves the clock; ``on_pause`` can act."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []
        self.on_pause = lambda: None

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds
        self.on_pause()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "coach.db")


def other_process(tmp_path: Path) -> sqlite3.Connection:
    """Holds the write lock the way an operator's ``sqlite3`` with BEGIN IMMEDIATE does."""
    conn = sqlite3.connect(tmp_path / "coach.db", isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def names(store: Store) -> list[str]:
    return [r["first_name"] for r in store.db.query("SELECT first_name FROM users")]


def add_user(store: Store, name: str, fail: bool = False) -> str:
    store.db.execute("INSERT INTO users (id, chat_id, first_name, tz, created_at, updated_at)"
                     " VALUES (?, ?, ?, 'Europe/Amsterdam', '', '')",
                     [len(name), len(name), name])
    if fail:
        raise ValueError("a bug after the write")
    return threading.current_thread().name


async def test_a_job_runs_in_the_store_thread_and_returns_its_result(store: Store) -> None:
    thread = StoreThread(store)
    try:
        where = await thread.call(add_user, store, "Sanne")
    finally:
        thread.close()
    assert where.startswith("store")
    assert names(store) == ["Sanne"]


async def test_a_failing_job_leaves_nothing_half_written(store: Store) -> None:
    thread = StoreThread(store)
    try:
        with pytest.raises(ValueError):
            await thread.call(add_user, store, "Sanne", fail=True)
    finally:
        thread.close()
    assert names(store) == []


async def test_a_lock_of_another_process_is_waited_out_and_the_write_kept(
        store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeTime()
    holder = other_process(tmp_path)

    def release_after_90_s() -> None:
        if clock.now >= 90 and holder.in_transaction:
            holder.execute("COMMIT")

    clock.on_pause = release_after_90_s
    thread = StoreThread(store, patience=120, busy_timeout_ms=0, sleep=clock.sleep,
                         monotonic=clock.monotonic)
    try:
        with caplog.at_level(logging.INFO, logger="bot.store.thread"):
            await thread.call(add_user, store, "Sanne")
    finally:
        thread.close()
        holder.close()
    assert names(store) == ["Sanne"]
    assert max(clock.pauses) == 1.0  # growing pauses, capped
    waiting = [r for r in caplog.records if "locked by another process" in r.message]
    assert len(waiting) == 2  # one line a minute (at 0 s and at 60 s), not one per try
    assert any("lock gone" in r.message for r in caplog.records)
    assert thread.waited() == 0


async def test_a_lock_longer_than_the_patience_gives_up_with_the_error(
        store: Store, tmp_path: Path) -> None:
    clock = FakeTime()
    holder = other_process(tmp_path)
    thread = StoreThread(store, patience=120, busy_timeout_ms=0, sleep=clock.sleep,
                         monotonic=clock.monotonic)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await thread.call(add_user, store, "Sanne")
    finally:
        thread.close()
        holder.close()
    assert 120 <= clock.now < 122
    assert names(store) == []


async def test_the_loop_meeting_a_job_fails_loudly_in_code_that_promised_the_thread(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A leftover direct call in a converted module, while a job runs: an error in
    tests (in production it waits), never a statement inside the job's transaction."""
    monkeypatch.setattr(SharedConnection, "strict", True)
    inside, leave = threading.Event(), threading.Event()

    def job() -> None:
        store.db.execute("SELECT 1")
        inside.set()
        leave.wait(5)

    converted = {"STORE_THREAD_ONLY": True, "__name__": "bot.telegram.converted"}
    exec("def leftover(store):\n    return store.get_user(1)\n", converted)
    thread = StoreThread(store)
    try:
        running = asyncio.ensure_future(thread.call(job))
        await asyncio.get_running_loop().run_in_executor(None, inside.wait, 5)
        with pytest.raises(ConcurrentUse, match="store thread"):
            converted["leftover"](store)
        leave.set()
        await running
        assert store.get_user(1) is None  # after the job, a direct call is fine again
    finally:
        leave.set()
        thread.close()
