"""``--demo`` is made by people using the bot: Friday brings a summary with the chart of
the weekly trend question, Monday the mentor's digest with the private answer left out
and the discuss flag shown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.sandbox.demo import build_demo
from bot.sandbox.personas import GROUP_ID
from bot.sandbox.runner import Sandbox
from tests.e2e.harness import PROGRAMMES

from .conftest import MONDAY_8_AMS


def summary_time(message: dict[str, object]) -> datetime:
    return datetime.fromtimestamp(int(str(message["date"])), UTC)


def texts(sb: Sandbox, chat_id: int) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in sb.messages(chat_id)]


async def test_demo_weeks_then_friday_and_monday(tmp_path: Path) -> None:
    sb = Sandbox(tmp_path / "sandbox.db", PROGRAMMES, demo=build_demo, start=MONDAY_8_AMS)
    await sb.open()
    try:
        store = sb.world.services.store
        sanne = store.get_user(1001)
        assert sanne is not None and sanne.programme_id == "leren-op-je-werk"
        answers = store.answers_of(1001)
        assert len({a.kind for a in answers}) >= 4  # open, plan, choice, scale, …
        assert any(a.private for a in answers)
        assert any(store.answer_flags(a.id).get("discuss") for a in answers)
        assert len([a for a in answers if a.kind == "scale"]) >= 3
        assert store.links_of_learner(1001)
        assert sum(t.startswith("📋 Overzicht") for t in texts(sb, 2001)) >= 3  # earlier Mondays
        assert sb.bot_in_group() and any("Team Lijn 3" in t or "Lijn 3" in t
                                         for t in texts(sb, GROUP_ID))
        for member in ("anna", "bram"):
            assert any("Sprint Lijn 3" in t for t in texts(sb, sb.persona(member).user_id))
        assert all(sb.unread(p.key, p.user_id) == 0 for p in sb.state.personas)

        before = len(sb.messages(1001))
        await sb.jump("sanne", "friday")
        friday = sb.messages(1001)[before:]
        summary = next(m for m in friday if "Je week in het kort" in (m.get("text") or ""))
        private = next(a for a in answers if a.private)
        assert "ruzie met de planner" in summary["text"]  # her own summary shows it all
        # Five weeks of the same question: the line in words, and its chart right after.
        assert "Je score, week na week (1 tot 5): 2 → 3 → 2 → 3 → 4" in summary["text"]
        after = friday[friday.index(summary) + 1]
        assert after.get("photo") and "Dezelfde vraag, week na week" in str(after.get("caption"))
        assert summary_time(after) >= summary_time(summary)
        charts = [r for r in store.outbox_for(1001) if r.kind == "chart" and r.status == "sent"]
        assert charts[-1].payload["chart"]["values"] == [2, 3, 2, 3, 4]  # type: ignore[index]

        await sb.jump("joost", "monday")
        digest = texts(sb, 2001)[-1]
        assert "📋 Overzicht" in digest and "Sanne" in digest
        assert "wil iets bespreken" in digest
        assert (private.text or "")[:30] not in digest and "ruzie" not in digest
        assert sb.unread("joost", 2001) >= 1
    finally:
        await sb.close()
    assert not sb.world_errors
