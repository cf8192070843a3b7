"""The Bot API emulator in its own process, with a small control API for the benchmarks.

The benchmark process talks to it like Telegram (bot API port) and drives it through a
second port: create users, queue their messages, set the emulated network latency,
read what was sent and when, and how much CPU the emulator itself used. Keeping it in
its own process means its CPU is not counted as the bot's.

Run: ``python -m bench.emu`` prints ``<api port> <control port>`` on its first line.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sys
import time
from typing import Any

from aiohttp import web

from bot.emulator import BotApiEmulator
from bot.emulator.state import Chat

SENDS = ("sendmessage", "sendphoto", "senddocument")


class BenchEmulator(BotApiEmulator):
    """The test emulator plus network latency on sends, and a record of pushes."""

    def __init__(self) -> None:
        super().__init__()
        self.latency: tuple[float, float] = (0.0, 0.0)
        self.before = 1.0  # share of the latency spent before the request is handled
        self.pushes: list[tuple[int, float]] = []  # (chat id, time) per queued message
        self.ok_sends = 0
        self.first_poll: float | None = None

    def _record(self, request: web.Request, method: str, params: Any, status: int,
                body: Any) -> None:
        if status == 200 and method.lower() in SENDS:
            self.ok_sends += 1
        super()._record(request, method, params, status, body)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if self.first_poll is None and request.path.lower().endswith("/getupdates"):
            self.first_poll = time.time()
        low, high = self.latency
        if high > 0 and request.path.rsplit("/", 1)[-1].lower() in SENDS:
            # ``before`` of the round trip passes before Telegram handles the request, the
            # rest after it (the answer travelling back): a client that dies then has a
            # message delivered that it never heard about.
            delay = random.uniform(low, high)
            await asyncio.sleep(delay * self.before)
            response = await super()._handle(request)
            await asyncio.sleep(delay * (1 - self.before))
            return response
        return await super()._handle(request)

    def add_users(self, ids: list[int]) -> None:
        """Bare private chats, cheaper than ``user()`` for 100,000 of them."""
        for uid in ids:
            user = {"id": uid, "is_bot": False, "first_name": f"L{uid}", "language_code": "nl"}
            self.world.users[uid] = user
            self.world.chats[uid] = Chat(id=uid, type="private", first_name=f"L{uid}")

    def push_texts(self, items: list[list[Any]]) -> None:
        """Queue text messages from users without storing them in the chat (cheap)."""
        now = time.time()
        for uid, text in items:
            chat = self.world.chats[uid]
            message = {
                "message_id": chat.next_message_id(),
                "from": self.world.users[uid],
                "chat": chat.to_json(),
                "date": int(now),
                "text": text,
            }
            if text.startswith("/"):
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
            self.world.updates.pending.append({"update_id": next(self.world.updates._ids),
                                               "message": message})
            self.pushes.append((uid, now))
        self.world.signal.notify()

    def reset(self) -> None:
        self.world.calls.clear()
        self.pushes.clear()
        self.ok_sends = 0
        self.first_poll = None
        for chat in self.world.chats.values():
            chat.bot_messages.clear()
            chat.messages.clear()

    def stats(self, detail: bool) -> dict[str, Any]:
        sends: list[list[Any]] = []
        per_method: dict[str, int] = {}
        for call in self.world.calls if detail else ():
            name = call.method.lower()
            per_method[name] = per_method.get(name, 0) + 1
            if name in SENDS and call.ok and detail:
                sends.append([call.params.get("chat_id"), call.time])
        return {
            "cpu": time.process_time(),
            "calls": per_method,
            "ok_sends": self.ok_sends,
            "first_get_updates": self.first_poll,
            "pending_updates": len(self.world.updates.pending),
            "sends": sends,
            "pushes": [list(p) for p in self.pushes] if detail else [],
        }


async def main() -> None:
    # A bot that stops mid-request is normal here, not worth a traceback.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    emu = BenchEmulator()
    await emu.start()

    async def users(request: web.Request) -> web.Response:
        emu.add_users((await request.json())["ids"])
        return web.json_response(True)

    async def send(request: web.Request) -> web.Response:
        emu.push_texts((await request.json())["items"])
        return web.json_response(True)

    async def config(request: web.Request) -> web.Response:
        body = await request.json()
        emu.latency = (float(body["latency"][0]), float(body["latency"][1]))
        emu.before = float(body.get("before", 1.0))
        return web.json_response(True)

    async def reset(_: web.Request) -> web.Response:
        emu.reset()
        return web.json_response(True)

    async def stats(request: web.Request) -> web.Response:
        return web.json_response(emu.stats(request.query.get("detail") == "1"))

    control = web.Application(client_max_size=256 * 1024 * 1024)
    control.router.add_post("/users", users)
    control.router.add_post("/send", send)
    control.router.add_post("/config", config)
    control.router.add_post("/reset", reset)
    control.router.add_get("/stats", stats)
    runner = web.AppRunner(control, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    control_port = int(runner.addresses[0][1])
    print(emu.port, control_port, flush=True)
    # Runs until the parent closes our stdin.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await emu.stop()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
