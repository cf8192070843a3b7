"""The sandbox over the real bot: time jumps deliver everything in order, the page is safe."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.sandbox.page import page_html
from bot.sandbox.runner import Sandbox
from bot.sandbox.web import _view


async def onboard(sb: Sandbox, key: str = "sanne") -> None:
    user = sb.sim(key)
    await sb.send(key, "/start")
    for data in ("ob:join", "ob:days"):
        await sb.press(key, user.last.message_id, data)
    await sb.send(key, "16:45")
    await sb.press(key, user.last.message_id, "ob:tz:ok")
    await sb.press(key, user.last.message_id, "ob:prog:starter")
    assert "16:45" in user.last.text


def texts(sb: Sandbox, chat_id: int) -> list[tuple[datetime, str]]:
    return [(datetime.fromtimestamp(m["date"], UTC), m.get("text") or m.get("caption") or "")
            for m in sb.messages(chat_id)]


async def test_a_week_ahead_delivers_every_prompt_and_the_summary_on_time(sandbox: Sandbox) -> None:
    await onboard(sandbox)
    await sandbox.jump("sanne", "next_prompt")
    assert sandbox.clock() == datetime(2026, 11, 30, 15, 45, tzinfo=UTC)
    await sandbox.send("sanne", "Storing aan lijn 2 gezocht met Ahmed")
    await sandbox.jump("sanne", "week")

    got = texts(sandbox, 1001)
    prompts = [when for when, text in got if "· dag " in text]
    assert [p.isoformat() for p in prompts] == [
        f"2026-{d}T15:45:00+00:00" for d in ("11-30", "12-01", "12-02", "12-03", "12-04", "12-07")]
    summary = next(i for i, (_, text) in enumerate(got) if "Je week in het kort" in text)
    # Friday: the summary (16:00) waits for Friday's prompt (16:45), three hours at most
    assert got[summary][0] == datetime(2026, 12, 4, 18, 45, tzinfo=UTC)
    friday = next(i for i, (_, text) in enumerate(got) if "dag 5 van" in text)
    assert friday < summary  # Friday's prompt (and its one reminder) come before the summary
    assert [d for d, _ in got] == sorted(d for d, _ in got)


async def test_a_users_script_is_shown_as_text(sandbox: Sandbox) -> None:
    await onboard(sandbox)
    await sandbox.jump("sanne", "next_prompt")
    evil = '<script>alert("x")</script> & <b>vet</b> <a href="javascript:alert(1)">klik</a>'
    await sandbox.send("sanne", evil)
    await sandbox.send("sanne", "/overzicht")  # the bot quotes the answer in its own HTML
    overview = sandbox.sim("sanne").last
    assert "&lt;script&gt;" in overview.html
    html = page_html(_view(sandbox, "nl", "sanne", None))
    assert "<script>alert" not in html and 'href="javascript' not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 2  # own + quoted
    assert "&lt;b&gt;vet&lt;/b&gt;" in html
    assert html.count("<script") == 1  # only the page's own script tag
