"""The sandbox page over HTTP: forms work without script, links ask who opens them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiohttp.test_utils import TestClient, TestServer

from bot.sandbox.runner import Sandbox
from bot.sandbox.web import make_app

FETCH = {"X-Requested-With": "fetch"}


async def test_chat_buttons_time_and_invitation_link_over_http(sandbox: Sandbox) -> None:
    async with TestClient(TestServer(make_app(sandbox))) as client:
        page = await client.get("/")
        assert page.status == 200 and "Gesprek van Sanne met de bot" in await page.text()
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]

        # Without script: POST and a redirect back to the chat.
        sent = await client.post("/p/sanne/send", data={"text": "/start"}, allow_redirects=False)
        assert sent.status == 303 and sent.headers["Location"] == "/p/sanne"
        html = await (await client.get("/p/sanne")).text()
        assert "Doe je mee?" in html
        message_id = re.search(r'name="message_id" value="(\d+)"', html)
        assert message_id
        for data in ("ob:join", "ob:days"):
            html = await (await client.get("/p/sanne")).text()
            mid = re.findall(r'name="message_id" value="(\d+)"><input type="hidden" name="data" '
                             rf'value="{data}"', html)[-1]
            answer = await client.post("/p/sanne/press", data={"message_id": mid, "data": data},
                                       headers=FETCH)
            assert answer.status == 204
        await client.post("/p/sanne/send", data={"text": "16:45"}, headers=FETCH)
        user = sandbox.sim("sanne")
        await client.post("/p/sanne/press", data={"message_id": str(user.last.message_id),
                                                  "data": "ob:tz:ok"}, headers=FETCH)
        await client.post("/p/sanne/press", data={"message_id": str(user.last.message_id),
                                                  "data": "ob:prog:starter"}, headers=FETCH)

        # A button that is gone (the message was edited since) says so.
        gone = await client.post("/p/sanne/press", data={"message_id": "2", "data": "ob:nope"})
        assert "Die knop is er niet meer." in await gone.text()

        # Joost gets no questions: "next question" does not send the clock two weeks ahead.
        idle = await client.post("/time", data={"persona": "joost", "jump": "next_prompt"})
        assert "Deze persona krijgt geen vragen" in await idle.text()
        assert sandbox.clock() == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)

        # Unread counter for another persona, and the time panel.
        moved = await client.post("/time", data={"persona": "sanne", "jump": "next_prompt"})
        text = await moved.text()
        assert "De tijd staat nu op maandag 30 november 2026, 16:45" in text
        assert "dag 1 van 10" in text
        bad = await client.post("/time", data={"persona": "sanne", "jump": "at",
                                               "at": "2026-11-01T10:00"})
        assert "De tijd kan alleen vooruit." in await bad.text()

        # The invitation link opens as "continue as …" for another persona.
        await client.post("/p/sanne/send", data={"text": "/mentor"}, headers=FETCH)
        await client.post("/p/sanne/press", data={"message_id": str(user.last.message_id),
                                                  "data": "mi:answers"}, headers=FETCH)
        html = await (await client.get("/p/sanne")).text()
        link = re.search(r'href="(/link\?start=m_[A-Za-z0-9_-]+)"', html)
        assert link, html[-3000:]
        choose = await (await client.get(link[1])).text()
        assert "Verder als Joost" in choose
        payload = link[1].split("=", 1)[1]
        opened = await client.post("/p/joost/start", data={"payload": payload})
        joost = await opened.text()
        assert "<b>Sanne</b> nodigt je uit als begeleider" in joost
        assert "Joost" in joost and 'aria-current="page"' in joost

        # Sanne has unread messages now? Joost's page shows the counter on Sanne's tab.
        await client.post("/p/joost/press", data={
            "message_id": str(sandbox.sim("joost").last.message_id),
            "data": next(d for d in sandbox.sim("joost").last.callback_data()
                         if d.startswith("inv:acc:"))}, headers=FETCH)
        joost = await (await client.get("/p/joost")).text()
        assert re.search(r'href="/p/sanne"><span class="name">Sanne</span> <span class="role">'
                         r'in opleiding</span> <span class="badge" aria-label="\d+ ongelezen">', joost)

        # A new persona with a role of its own.
        added = await client.post("/personas", data={"name": "Chris <b>", "lang": "en",
                                                     "tz": "America/New_York", "role": "member"})
        assert added.url.path == "/p/chris-b"
        text = await added.text()
        assert "Chris &lt;b&gt; · teamlid · en · America/New_York" in text, text[text.find("hint"):][:300]
        bad = await client.post("/personas", data={"name": "X", "lang": "nl", "tz": "Mars/Base"})
        assert "Die tijdzone ken ik niet" in await bad.text()

        # English page chrome.
        english = await client.get("/lang/en?next=/p/joost")
        assert "Chat of Joost with the bot" in await english.text()
        assert (await client.get("/lang/en?next=//evil.example")).url.path == "/p/sanne"


async def test_files_and_events(sandbox: Sandbox) -> None:
    async with TestClient(TestServer(make_app(sandbox))) as client:
        await client.post("/p/sanne/voice", headers=FETCH)
        html = await (await client.get("/p/sanne")).text()
        assert "🎤 Spraakbericht (7 s)" in html
        stored = next(iter(sandbox.emu.world.files.values()))
        got = await client.get(f"/file/{stored.file_id}")
        assert got.status == 200 and await got.read() == stored.data
        assert "attachment" in got.headers["Content-Disposition"]
        assert (await client.get("/file/nope")).status == 404
        assert (await client.get("/static/sandbox.js")).status == 200
        assert (await client.get("/static/..%2Fweb.py")).status == 404
        # Reply to a message: the composer says to which, and the bot gets a reply.
        target = sandbox.messages(1001)[0]["message_id"]
        html = await (await client.get(f"/p/sanne?reply={target}")).text()
        assert "Antwoord op: 🎤" not in html and 'name="reply_to"' in html
        await client.post("/p/sanne/send", data={"text": "hallo", "reply_to": str(target)},
                          headers=FETCH)
        mine = [m for m in sandbox.messages(1001) if m.get("text") == "hallo"]
        assert mine and mine[0]["reply_to_message"]["message_id"] == target

        # A group link: the bot is added to the sandbox group by the persona you pick.
        choose = await (await client.get("/link?startgroup=s_abc")).text()
        assert "Bot toevoegen aan de groep als Lotte" in choose
        assert not sandbox.bot_in_group()
        await client.post("/group/add", data={"by": "lotte"}, headers=FETCH)
        group = await (await client.get("/g")).text()
        assert 'aria-current="page"' in group and 'class="msg bot"' in group
        assert not sandbox.bot_in_group()  # Lotte leads no sprint yet: the bot says so and leaves

        events = await client.get("/events")
        first = await events.content.readline()
        assert first.decode().startswith("data: ")
        events.close()
