"""Settings are read as they always were: names in any case, a keyword before the
environment before ``.env`` before the default, and a wrong value named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Secret, Settings, load_settings

NAMES = list(Settings.__dataclass_fields__)


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting of the machine running the tests, and ``.env`` is the test's own."""
    import os

    for key in list(os.environ):
        if key.lower() in NAMES:
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


def test_defaults_without_anything() -> None:
    s = load_settings()
    assert (s.database_path, s.tick_seconds, s.admin_ids, s.telegram_bot_token,
            s.health_port) == (Path("data/coach.db"), 30.0, (), None, None)


def test_keyword_before_environment_before_dotenv(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "# a comment\nexport TICK_SECONDS=45\nretention_months='12'\nADMIN_IDS = 1; 2\n"
        'OPERATOR_NAME="Bakkerij De Korenschoof"\nHEALTH_PORT\nQUIET_HOURS=22:00-06:00 # late\n',
        encoding="utf-8")
    monkeypatch.setenv("Retention_Months", "6")
    s = load_settings(operator_name="Keyword")
    assert s.tick_seconds == 45.0 and s.retention_months == 6 and s.admin_ids == (1, 2)
    assert s.operator_name == "Keyword" and s.health_port is None  # a bare name is unset
    assert s.quiet_hours == "22:00-06:00"


def test_values_are_read_with_their_type(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"TELEGRAM_PAID_BROADCAST": "Yes", "TELEGRAM_RATE_LIMIT": "1_000",
                        "HEALTH_PORT": " 8081.0", "LOG_LEVEL": "debug", "DATABASE_PATH": "x/c.db",
                        "TELEGRAM_BOT_TOKEN": "1:Hush", "TELEGRAM_PROXY": ""}.items():
        monkeypatch.setenv(name, value)
    s = load_settings()
    assert s.telegram_paid_broadcast is True and s.telegram_rate_limit == 1000.0
    assert s.health_port == 8081 and s.log_level == "DEBUG" and s.database_path == Path("x/c.db")
    assert s.telegram_proxy == ""
    assert s.telegram_bot_token == Secret("1:Hush")
    assert "Hush" not in repr(s) and "Hush" not in str(s.telegram_bot_token)
    assert s.telegram_bot_token is not None and s.telegram_bot_token.get_secret_value() == "1:Hush"


@pytest.mark.parametrize(("name", "value", "message"), [
    ("TICK_SECONDS", "0", "Input should be greater than or equal to 1"),
    ("TICK_SECONDS", "soon", "Input should be a valid number, unable to parse string as a number"),
    ("HEALTH_PORT", "", "Input should be a valid integer, unable to parse string as an integer"),
    ("HEALTH_PORT", "70000", "Input should be less than or equal to 65535"),
    ("RETENTION_MONTHS", "1.5", "Input should be a valid integer, unable to parse string as an integer"),
    ("LOG_MESSAGE_TEXTS", "maybe", "Input should be a valid boolean, unable to interpret input"),
    ("TELEGRAM_HTTP_CLIENT", "curl", "Input should be 'aiohttp' or 'httpx'"),
    ("ADMIN_IDS", "1,x", "must be Telegram user ids separated by commas"),
    ("DEFAULT_LANGUAGE", "de", "must be nl or en"),
    ("QUIET_HOURS", "late", "must look like 21:00-07:00"),
])
def test_a_wrong_value_is_one_line_naming_it(monkeypatch: pytest.MonkeyPatch, name: str,
                                             value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as exc:
        load_settings()
    assert str(exc.value) == f"Invalid setting {name}: {message} (see .env.example)"


def test_the_first_wrong_setting_in_order_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_PORT", "0")
    monkeypatch.setenv("TICK_SECONDS", "0")
    with pytest.raises(ConfigError, match="TICK_SECONDS"):
        load_settings()


def test_a_rule_between_settings_runs_after_each_is_valid() -> None:
    with pytest.raises(ConfigError) as exc:
        load_settings(telegram_rate_limit=100)
    assert str(exc.value).startswith("Invalid setting settings: TELEGRAM_RATE_LIMIT above 30 "
                                     "needs TELEGRAM_PAID_BROADCAST=true")
