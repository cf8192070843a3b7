"""The systemd units we ship: hardened as docs/deploy.md promises, and valid to systemd itself."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted(DEPLOY.glob("werkplekcoach*.service")) + sorted(DEPLOY.glob("*.timer"))


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_the_units_are_there() -> None:
    assert {p.name for p in UNITS} == {
        "werkplekcoach.service", "werkplekcoach-backup.service", "werkplekcoach-backup.timer"}


@pytest.mark.parametrize("name", ["werkplekcoach.service", "werkplekcoach-backup.service"])
def test_services_are_hardened(name: str) -> None:
    service = unit(DEPLOY / name)["Service"]
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"] == "/var/lib/werkplekcoach"
    assert service["PrivateTmp"] == "yes"
    assert service["UMask"] == "0077"
    assert service["User"] == "werkplekcoach"
    assert service["EnvironmentFile"] == "/etc/werkplekcoach/env"


def test_the_bot_migrates_before_it_runs_and_stops_gently() -> None:
    service = unit(DEPLOY / "werkplekcoach.service")["Service"]
    assert service["ExecStartPre"].endswith("coach migrate")
    assert service["ExecStart"].endswith("coach run")
    assert service["KillSignal"] == "SIGTERM" and service["Restart"] == "on-failure"


def test_the_timer_runs_the_backup_nightly_and_catches_up() -> None:
    timer = unit(DEPLOY / "werkplekcoach-backup.timer")["Timer"]
    assert timer["Unit"] == "werkplekcoach-backup.service"
    assert timer["Persistent"] == "true" and timer["OnCalendar"].endswith("03:15:00")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    """``systemd-analyze verify`` checks every key and that the commands exist: point them
    at this checkout's ``coach`` (the units name /opt/werkplekcoach/.venv/bin/coach)."""
    coach = Path(sys.executable).with_name("coach")
    assert coach.exists()
    for path in UNITS:
        text = path.read_text(encoding="utf-8").replace("/opt/werkplekcoach/.venv/bin/coach", str(coach))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / p.name) for p in UNITS)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
