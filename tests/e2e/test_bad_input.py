"""Bad input: tampered button data, and random valid updates of every kind, never break a
handler, never leave a tap unanswered and never lose a stored answer."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import FakeClock
from bot.emulator import BotApiEmulator, SimUser
from bot.planning import daily
from tests.e2e.harness import PROGRAMMES, World
from tests.e2e.steps import onboarded

MONDAY_PROMPT = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)

TAMPERED = ["a:²:s3", "lnk:end:²", "lnk:mode:٣", "sl:rmm:1:²", "fbr:²:up", "pv:²", "ds:١٢",
            "hold:²²²²²²²²", "sp:p:²:x", "a:" + "9" * 40 + ":s1", "wk:sum:day:٣", "md:²",
            "ob:day:²", "ob:tz:²", "sj:²:go", "sm:leave:²", "fb:²", "set:time:²²²²", "fw:²:y",
            "inv:acc:" + "é" * 20, "mi:answers²", "ñ", "x" * 64]


async def test_tampered_callback_data_is_answered_and_changes_nothing(world: World) -> None:
    user = await onboarded(world)
    await world.at(MONDAY_PROMPT)
    await world.tick()
    await user.next_message()
    before = world.rows("SELECT * FROM users")
    for data in TAMPERED:
        query = await user.tap(data)
        answer = await user.wait_answer(query)
        assert answer.show_alert, data
    await world.settle()
    assert world.rows("SELECT * FROM users") == before
    assert world.rows("SELECT count(*) AS n FROM answers") == [{"n": 0}]


# -- random valid updates of every kind -----------------------------------------------------

WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                max_size=60).filter(lambda s: s.strip() != "")
COMMANDS = st.sampled_from(["/start", "/help", "/vandaag", "/pauze", "/hervat", "/instellingen",
                            "/overzicht", "/mentor", "/leerlingen", "/sprint", "/mijngegevens",
                            "/today", "/onbekend", "/start m_" + "a" * 20, "/start s_x"])
TEMPLATES = st.sampled_from([
    "a:{}:s3", "a:{}:x", "lnk:end:{}", "lnk:mode:{}", "lnk:endok:{}", "sl:rmm:{}:{}", "sl:end:{}",
    "fbr:{}:up", "fbr:{}:re", "pv:{}", "ds:{}", "tm:{}", "hold:{}", "unhold:{}", "sp:p:{}:starter",
    "sp:w:{}:{}", "wk:sum:day:{}", "wk:dig:time:{}", "md:{}", "ob:day:{}", "ob:tz:{}",
    "ob:prog:{}", "set:time:{}", "sj:{}:go", "sm:leave:{}", "fb:{}", "fw:{}:y", "inv:acc:{}",
    "mi:{}", "my:{}", "zz:{}"])
FIELD = st.one_of(
    st.integers(0, 10**20).map(str), st.sampled_from(["²", "٣", "١٢", "²²²²²²²²", "9" * 20, "0"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=10))
DATA = st.builds(lambda template, a, b: template.format(a, b)[:64], TEMPLATES, FIELD, FIELD
                 ).filter(lambda d: 0 < len(d.encode()) <= 64)

ACTION = st.one_of(
    st.tuples(st.just("text"), WORDS),
    st.tuples(st.just("command"), COMMANDS),
    st.tuples(st.just("voice"), st.none()),
    st.tuples(st.just("photo"), st.one_of(st.none(), WORDS)),
    st.tuples(st.just("sticker"), st.none()),
    st.tuples(st.just("document"), st.none()),
    st.tuples(st.just("location"), st.none()),
    st.tuples(st.just("forward"), WORDS),
    st.tuples(st.just("edit"), WORDS),
    st.tuples(st.just("tap"), DATA),
    st.tuples(st.just("tap"), DATA),
    st.tuples(st.just("tap"), DATA),
    st.tuples(st.just("button"), st.integers(0, 20)),
    st.tuples(st.just("duplicate"), st.none()),
    st.tuples(st.just("block"), st.none()),
)


class Run:
    """One bot over the emulator for the whole property test, on its own event loop."""

    def __init__(self, tmp: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.clock = FakeClock(MONDAY_PROMPT)
        self.emu = BotApiEmulator(clock=lambda: self.clock().timestamp())
        self.loop.run_until_complete(self.emu.start())
        self.world = World(self.emu, tmp / "coach.db", self.clock)
        self.loop.run_until_complete(self.world.start())
        self.ids = itertools.count(50_001)
        self.stored_parts: set[tuple[int, int]] = set()

    def close(self) -> None:
        self.loop.run_until_complete(self.world.stop())
        self.loop.run_until_complete(self.emu.stop())
        self.loop.close()

    async def learner(self) -> SimUser:
        """A signed-up learner with today's first prompt on screen (set up directly)."""
        uid = next(self.ids)
        user = self.world.user(uid)
        store, now = self.world.services.store, self.clock()
        store.create_user(uid, uid, "Sanne", "nl", "Europe/Amsterdam", now)
        store.ensure_progress(uid, "starter", now)
        learner = store.update_user(uid, now, state="ready", onboarded_at=now,
                                    programme_id="starter")
        daily.enqueue_prompt(store, PROGRAMMES["starter"], learner, now, now)
        await self.world.services.dispatcher.send_due()
        await user.next_message()
        return user

    async def play(self, actions: list[tuple[str, Any]]) -> None:
        user = await self.learner()
        sent: list[int] = []
        queries: list[str] = []
        for kind, value in actions:
            await self.act(user, kind, value, sent, queries)
        await self.world.settle()
        await self.emu.wait_idle()
        await self.world.app.update_queue.join()  # type: ignore[union-attr]
        stored = {r["message_id"] for r in self.world.rows(
            "SELECT message_id FROM answer_parts WHERE chat_id = ?", [user.id])}
        assert not self.world.errors, self.world.errors
        for query in queries:
            assert self.emu.world.callbacks[query].answer is not None, f"tap {query} unanswered"
        open_rows = self.world.rows(
            "SELECT update_id, status FROM inbox WHERE user_id = ? AND status IN ('new', 'failed')",
            [user.id])
        assert open_rows == []
        # Every answer part stored stays stored (or was edited in place): nothing lost.
        self.stored_parts.update({(user.id, m) for m in stored})
        still = {(r["chat_id"], r["message_id"]) for r in self.world.rows(
            "SELECT chat_id, message_id FROM answer_parts")}
        assert self.stored_parts <= still

    async def act(self, user: SimUser, kind: str, value: Any, sent: list[int],
                  queries: list[str]) -> None:
        if kind in ("text", "command"):
            sent.append((await user.send(value))["message_id"])
        elif kind == "voice":
            await user.send_voice()
        elif kind == "photo":
            sent.append((await user.send_photo(value))["message_id"])
        elif kind == "sticker":
            await user.send_sticker()
        elif kind == "document":
            await user.send_document()
        elif kind == "location":
            await user.send_location()
        elif kind == "forward":
            await user.forward(value)
        elif kind == "edit" and sent:
            await self.world.settle()
            await user.edit(sent[len(value) % len(sent)], value)
        elif kind == "tap":
            queries.append(await user.tap(value))
        elif kind == "button":
            with_buttons = [m for m in user.messages if m.buttons() and not m.deleted]
            if with_buttons:
                message = with_buttons[-1]
                flat = [data for row in message.buttons() for _, data in row]
                if flat:
                    queries.append(await user.press(flat[value % len(flat)], message=message))
        elif kind == "duplicate":
            self.emu.duplicate_next_update()
        elif kind == "block":
            await user.block()
        await self.world.settle()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    r = Run(tmp_path_factory.mktemp("property"))
    yield r
    r.close()


@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(actions=st.lists(ACTION, min_size=1, max_size=8))
def test_random_updates_never_break_a_handler_or_lose_an_answer(
    run: Run, actions: list[tuple[str, Any]]
) -> None:
    run.loop.run_until_complete(run.play(actions))
