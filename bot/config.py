"""Settings from the environment and ``.env``, validated once at start-up.

A wrong setting must stop the program with one line that names it, because the
person starting the bot is often not the person who wrote it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

FREE_RATE = 30.0  # Telegram's broadcast limit without paid broadcast, messages per second
DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "programmes"


class Settings(BaseSettings):
    """Every field is documented with its default in ``.env.example``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    database_path: Path = Path("data/coach.db")
    default_timezone: str = "Europe/Amsterdam"
    default_language: str = "nl"
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str = "https://api.telegram.org/file/bot"
    tick_seconds: float = Field(default=30.0, ge=1.0, le=600.0)
    # Messages per second to different chats; 0 lifts every limit (local emulator only).
    telegram_rate_limit: float = Field(default=30.0, ge=0.0, le=1000.0)
    # Telegram's paid broadcast: scheduled messages above 30/s cost Stars (see README).
    telegram_paid_broadcast: bool = False
    # HTTP client for the Bot API: aiohttp (measured faster) or PTB's default httpx.
    telegram_http_client: Literal["aiohttp", "httpx"] = "aiohttp"
    # An http(s) proxy for the Bot API, e.g. http://proxy.example:3128. Default: none.
    telegram_proxy: str | None = None
    log_level: str = "INFO"
    content_dir: Path = DEFAULT_CONTENT_DIR
    retention_months: int = Field(default=24, ge=1, le=120)  # answers and message bodies
    # Seconds a store job waits for another process's lock before it gives up (and the
    # sender is told the message did not arrive).
    database_lock_patience: float = Field(default=120.0, ge=0.0, le=3600.0)
    operator_name: str = ""  # who runs this bot: named in the privacy notice
    log_message_texts: bool = False  # only for debugging: message texts in the log
    reminder_hours: float = Field(default=3.0, ge=0.0, le=12.0)  # 0: no reminders
    quiet_hours: str = "21:00-07:00"
    self_pause_after: int = Field(default=5, ge=0, le=30)  # 0: never pause by itself
    health_port: int | None = Field(default=None, ge=1, le=65535)
    health_host: str = "127.0.0.1"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}' (example: Europe/Amsterdam)") from exc
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("nl", "en"):
            raise ValueError("must be nl or en")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            try:
                return tuple(int(p) for p in parts)
            except ValueError as exc:
                raise ValueError("must be Telegram user ids separated by commas") from exc
        return value

    @model_validator(mode="after")
    def _paid_above_free_rate(self) -> Settings:
        if self.telegram_rate_limit > FREE_RATE and not self.telegram_paid_broadcast:
            raise ValueError(
                f"TELEGRAM_RATE_LIMIT above {FREE_RATE:g} needs TELEGRAM_PAID_BROADCAST=true"
                " (Telegram refuses more than 30 messages a second without it)")
        return self

    @field_validator("telegram_base_url", "telegram_base_file_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http:// or https:// address with a host, like "
                             "https://api.telegram.org/bot")
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        from bot.core.nudges import parse_quiet

        try:
            parse_quiet(value)
        except ValueError as exc:
            raise ValueError("must look like 21:00-07:00") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level


def send_rate(settings: Settings) -> float:
    """Messages per second the bot will send: the limit, or the paid cap when lifted (0)."""
    return settings.telegram_rate_limit or 1000.0


class ConfigError(Exception):
    """One line for the operator, naming the setting."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "settings"
        message = str(err["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"Invalid setting {name}: {message} (see .env.example)") from None
