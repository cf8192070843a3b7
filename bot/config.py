"""Settings from the environment and ``.env``, validated once at start-up.

A wrong setting must stop the program with one line that names it, because the
person starting the bot is often not the person who wrote it. The settings are a plain
dataclass read by ``bot.settings_env`` (not pydantic, which would be most of the
memory and a good part of the time of every start).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.settings_env import Secret, SettingError, read_settings, setting

__all__ = ["DEFAULT_CONTENT_DIR", "FREE_RATE", "ConfigError", "Secret", "Settings",
           "load_settings", "send_rate"]

FREE_RATE = 30.0  # Telegram's broadcast limit without paid broadcast, messages per second
DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "programmes"


def _known_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone '{value}' (example: Europe/Amsterdam)") from exc
    return value


def _known_language(value: str) -> str:
    if value not in ("nl", "en"):
        raise ValueError("must be nl or en")
    return value


def _split_ids(value: object) -> object:
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
        try:
            return tuple(int(p) for p in parts)
        except ValueError as exc:
            raise ValueError("must be Telegram user ids separated by commas") from exc
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// address with a host, like "
                         "https://api.telegram.org/bot")
    return value


def _quiet(value: str) -> str:
    from bot.core.nudges import parse_quiet

    try:
        parse_quiet(value)
    except ValueError as exc:
        raise ValueError("must look like 21:00-07:00") from exc
    return value


def _known_level(value: str) -> str:
    level = value.upper()
    if level not in logging.getLevelNamesMapping():
        raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
    return level


@dataclass
class Settings:
    """Every field is documented with its default in ``.env.example``; each is read from
    the environment variable of its name in capitals (or ``.env``) by ``load_settings``."""

    telegram_bot_token: Secret | None = None
    database_path: Path = Path("data/coach.db")
    default_timezone: str = setting("Europe/Amsterdam", after=_known_zone)
    default_language: str = setting("nl", after=_known_language)
    admin_ids: tuple[int, ...] = setting((), before=_split_ids)
    telegram_base_url: str = setting("https://api.telegram.org/bot", after=_http_url)
    telegram_base_file_url: str = setting("https://api.telegram.org/file/bot", after=_http_url)
    tick_seconds: float = setting(30.0, ge=1.0, le=600.0)
    # Messages per second to different chats; 0 lifts every limit (local emulator only).
    telegram_rate_limit: float = setting(30.0, ge=0.0, le=1000.0)
    # Telegram's paid broadcast: scheduled messages above 30/s cost Stars (see README).
    telegram_paid_broadcast: bool = False
    # HTTP client for the Bot API: aiohttp (measured faster) or PTB's default httpx.
    telegram_http_client: Literal["aiohttp", "httpx"] = "aiohttp"
    # An http(s) proxy for the Bot API, e.g. http://proxy.example:3128. Default: none.
    telegram_proxy: str | None = None
    log_level: str = setting("INFO", after=_known_level)
    content_dir: Path = DEFAULT_CONTENT_DIR
    retention_months: int = setting(24, ge=1, le=120)  # answers and message bodies
    # Seconds a store job waits for another process's lock before it gives up (and the
    # sender is told the message did not arrive).
    database_lock_patience: float = setting(120.0, ge=0.0, le=3600.0)
    operator_name: str = ""  # who runs this bot: named in the privacy notice
    log_message_texts: bool = False  # only for debugging: message texts in the log
    reminder_hours: float = setting(3.0, ge=0.0, le=12.0)  # 0: no reminders
    quiet_hours: str = setting("21:00-07:00", after=_quiet)
    self_pause_after: int = setting(5, ge=0, le=30)  # 0: never pause by itself
    health_port: int | None = setting(None, ge=1, le=65535)
    health_host: str = "127.0.0.1"
    webhook_url: str | None = None
    webhook_secret: Secret | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = setting(8443, ge=1, le=65535)


def _paid_above_free_rate(settings: Settings) -> None:
    if settings.telegram_rate_limit > FREE_RATE and not settings.telegram_paid_broadcast:
        raise ValueError(
            f"TELEGRAM_RATE_LIMIT above {FREE_RATE:g} needs TELEGRAM_PAID_BROADCAST=true"
            " (Telegram refuses more than 30 messages a second without it)")


def send_rate(settings: Settings) -> float:
    """Messages per second the bot will send: the limit, or the paid cap when lifted (0)."""
    return settings.telegram_rate_limit or 1000.0


class ConfigError(Exception):
    """One line for the operator, naming the setting."""


def load_settings(**overrides: object) -> Settings:
    """Keyword values first, then the environment, then ``.env``, then the defaults."""
    try:
        return read_settings(Settings, overrides, ".env", checks=(_paid_above_free_rate,))
    except SettingError as exc:
        name = exc.name.upper() if exc.name != "settings" else exc.name
        raise ConfigError(f"Invalid setting {name}: {exc.message} (see .env.example)") from None
