"""Webhook mode: Telegram's secret token is checked on every update, over real HTTP."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.clock import FakeClock
from bot.config import load_settings
from bot.emulator import BotApiEmulator
from bot.store import Store
from bot.telegram.app import build_application
from bot.telegram.serving import webhook_of
from tests.e2e.harness import PROGRAMMES

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def update(update_id: int, text: str) -> dict[str, Any]:
    person = {"id": 1001, "is_bot": False, "first_name": "Sanne", "language_code": "nl"}
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(NOW.timestamp()), "text": text, "from": person,
        "chat": {"id": 1001, "type": "private", "first_name": "Sanne"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
    }}


async def test_webhook_takes_updates_with_the_secret_and_refuses_others(tmp_path: Path) -> None:
    clock = FakeClock(NOW)
    port = free_port()
    async with BotApiEmulator(clock=lambda: clock().timestamp()) as emu:
        settings = load_settings(
            telegram_bot_token=emu.token, database_path=tmp_path / "coach.db",
            telegram_base_url=emu.base_url, telegram_base_file_url=emu.base_file_url,
            webhook_url="https://coach.example.org/tg/hook", webhook_secret="s3cret-token",
            webhook_port=port,
        )
        hook = webhook_of(settings)
        assert hook is not None and hook.url_path == "tg/hook"
        store = Store.open(settings.database_path)
        app = build_application(settings, store, PROGRAMMES, clock, run_ticks=False)
        user = emu.user(1001, first_name="Sanne", language_code="nl")
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path=hook.url_path,
                                        webhook_url=hook.url, secret_token=hook.secret,
                                        drop_pending_updates=False)
        url = f"http://127.0.0.1:{port}/tg/hook"
        try:
            async with aiohttp.ClientSession() as http:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                    async with http.post(url, json=update(1, "/help"), headers=headers) as r:
                        assert r.status == 403
                async with http.post(url, json=update(2, "/help"),
                                     headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}) as r:
                    assert r.status == 200
                reply = await user.next_message()
                assert "/vandaag" in reply.text
                assert len(user.messages) == 1  # the refused updates did nothing
            set_hook = emu.calls_to("setWebhook")[-1].params
            assert set_hook["url"] == "https://coach.example.org/tg/hook"
            assert set_hook["secret_token"] == "s3cret-token"
            assert set_hook.get("drop_pending_updates") in (None, False)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            store.close()


@pytest.mark.parametrize("url", ["http://coach.example.org/hook", "coach.example.org", "https://"])
def test_a_webhook_url_must_be_https(url: str, tmp_path: Path) -> None:
    settings = load_settings(database_path=tmp_path / "c.db", webhook_url=url)
    with pytest.raises(ValueError, match="https"):
        webhook_of(settings)


def test_without_a_secret_each_start_makes_a_random_one(tmp_path: Path) -> None:
    settings = load_settings(database_path=tmp_path / "c.db", webhook_url="https://h.example/x")
    first, second = webhook_of(settings), webhook_of(settings)
    assert first is not None and second is not None
    assert first.secret != second.secret and len(first.secret) >= 32
