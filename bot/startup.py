"""Checks before ``coach run`` starts serving, each failing with one line for the operator.

The person starting the bot is often not the one who configured it: a wrong token, a
network that is down or a database folder that cannot be written must say so in one
sentence that names the setting — never a traceback, and never the token.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.clock import system_clock
from bot.config import Settings
from bot.store import Store


class StartError(Exception):
    """One line that says what is wrong and which setting to look at."""


def open_store(path: Path) -> Store:
    """The store, or a StartError naming DATABASE_PATH when it cannot be created or written."""
    try:
        store = Store.open(path)
    except (sqlite3.Error, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StartError(f"Cannot open or write the database {path} (DATABASE_PATH): {reason}. "
                         "Check that its folder exists and this user may write there.") from None
    if not store.writable(system_clock()):
        store.close()
        raise StartError(f"Cannot write the database {path} (DATABASE_PATH): it is read-only "
                         "or the disk is full.")
    return store


def preflight(settings: Settings) -> None:
    """Ask Telegram who we are (getMe) once, so a bad token or no network is one line."""
    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    host = urlsplit(settings.telegram_base_url)
    where = f"{host.scheme}://{host.netloc}"

    async def check() -> None:
        requests: dict[str, Any] = {}
        if settings.telegram_http_client == "aiohttp":  # the client the bot then uses
            from bot.telegram.request import AiohttpRequest

            requests = {"request": AiohttpRequest(1, proxy=settings.telegram_proxy),
                        "get_updates_request": AiohttpRequest(1, proxy=settings.telegram_proxy)}
        async with Bot(token, base_url=settings.telegram_base_url,
                       base_file_url=settings.telegram_base_file_url, **requests):
            pass  # entering calls getMe

    try:
        asyncio.run(check())
    except InvalidToken:
        raise StartError("Telegram rejected the token (TELEGRAM_BOT_TOKEN): check it with "
                         "@BotFather (/mybots → API Token) and put it in .env.") from None
    except NetworkError as exc:
        reason = exc.message.replace(token, "<token>")
        raise StartError(f"Cannot reach Telegram at {where}: {reason}. Check the network "
                         "connection, or TELEGRAM_BASE_URL.") from None
    except TelegramError as exc:
        raise StartError(f"Telegram at {where} refused to start the bot: "
                         f"{exc.message.replace(token, '<token>')}.") from None
    finally:
        asyncio.set_event_loop(asyncio.new_event_loop())  # a fresh loop for the bot itself
