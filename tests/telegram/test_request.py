"""The aiohttp request against the emulator: results, uploads and PTB's error classes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.emulator import BotApiEmulator
from bot.telegram.ratelimit import retry_seconds
from bot.telegram.request import RAW_KEPT, AiohttpRequest, UpdatesRequest


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as server:
        yield server


def bot_for(emu: BotApiEmulator, **timeouts: float) -> Bot:
    return Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url,
               request=AiohttpRequest(8, **timeouts))


async def test_calls_and_uploads_arrive_as_telegram_answers(emu: BotApiEmulator) -> None:
    user = emu.user(1001, "Sanne")
    async with bot_for(emu) as bot:
        assert (await bot.get_me()).username == "werkplekcoach_bot"
        sent = await bot.send_message(user.id, "<b>Hoi</b> &amp; welkom", parse_mode="HTML")
        assert sent.text == "Hoi & welkom"
        photo = await bot.send_photo(user.id, b"\x89PNG fake", caption="Je week")
        assert photo.caption == "Je week" and photo.photo
    assert [m.text or m.caption for m in user.messages] == ["Hoi & welkom", "Je week"]
    upload = emu.calls_to("sendPhoto")[0].params["photo"]
    assert upload["size"] == len(b"\x89PNG fake")


async def test_status_codes_become_ptbs_errors(emu: BotApiEmulator) -> None:
    user = emu.user(1001)
    async with bot_for(emu) as bot:
        emu.fail_next("sendMessage", error_code=403)
        with pytest.raises(Forbidden):
            await bot.send_message(user.id, "x")
        emu.fail_next("sendMessage", error_code=429, retry_after=7)
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(user.id, "x")
        assert retry_seconds(flood.value) == 7
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(999, "x")
        emu.set_down(True)
        with pytest.raises(NetworkError):
            await bot.send_message(user.id, "x")


async def test_a_slow_answer_is_timed_out(emu: BotApiEmulator) -> None:
    user = emu.user(1001)
    emu.delay_next("sendMessage", 5.0)
    async with bot_for(emu, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(user.id, "x")


async def test_no_server_is_a_network_error() -> None:
    bot = Bot("1:x", base_url="http://127.0.0.1:9/bot", request=AiohttpRequest(1))
    async with bot.request:  # type: ignore[attr-defined]
        with pytest.raises(NetworkError) as failure:
            await bot.get_me()
    assert not isinstance(failure.value, TimedOut)


def test_the_updates_client_hands_over_each_update_json_once() -> None:
    request = UpdatesRequest(1)
    first = {"update_id": 7, "message": {"message_id": 1, "text": "Klaar"}}
    parsed = request.parse_json_payload(json.dumps({"ok": True, "result": [first]}).encode())
    assert parsed["result"] == [first]
    assert request.take(7) == first
    assert request.take(7) is None  # once: a retry reads the inbox row instead


def test_the_updates_client_keeps_a_bounded_number_of_updates() -> None:
    request = UpdatesRequest(1)
    many = [{"update_id": n} for n in range(RAW_KEPT + 5)]
    request.parse_json_payload(json.dumps({"ok": True, "result": many}).encode())
    assert request.take(0) is None  # the oldest went first
    assert request.take(RAW_KEPT + 4) == {"update_id": RAW_KEPT + 4}
