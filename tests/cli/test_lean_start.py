"""`coach run` starts without the heavy libraries it only needs later: charts
(matplotlib, numpy), PDFs (reportlab, pypdf), date formatting (babel), the health
server and its metrics (aiohttp's web part, prometheus_client: only with HEALTH_PORT),
test tools, pydantic (settings are read without it; the programmes come from their
checked copy once a start has checked them) and PyYAML (the texts are read at the first
text, after polling began), so the bot polls sooner and idles smaller. Checked in a
fresh interpreter, as a start sees it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

NEVER_AT_START = ("matplotlib", "numpy", "reportlab", "pypdf", "babel", "hypothesis",
                  "rich", "pygments", "aiohttp.web", "PIL", "pydantic", "pydantic_core",
                  "pydantic_settings", "prometheus_client", "yaml")

RUN_PATH = """
import json, sys
from pathlib import Path
from bot.cli import _settings
from bot.content_cache import cache_path, load_programmes_cached
from bot.startup import open_store
from bot.telegram.app import build_application
from bot.telegram.serving import webhook_of
settings = _settings()
webhook_of(settings)
store = open_store(settings.database_path)
programmes = load_programmes_cached(settings.content_dir, cache_path(settings.database_path))
app = build_application(settings, store, programmes)
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    env = {"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN": "1:abc",
           "DATABASE_PATH": str(tmp_path / "coach.db"), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules
                  if any(m == name or m.startswith(name + ".") for name in NEVER_AT_START))


def test_the_run_path_imports_nothing_heavy(tmp_path: Path) -> None:
    first = _modules_after(RUN_PATH, tmp_path)  # checks the programmes, copies them
    checking = {m for m in first if m.startswith(("pydantic", "yaml"))}  # content.py
    assert "pydantic" in first and _heavy(first - checking) == []
    modules = _modules_after(RUN_PATH, tmp_path)  # every later start
    assert "telegram.ext" in modules and "bot.telegram.handlers.answers" in modules
    assert _heavy(modules) == []


def test_importing_the_command_line_imports_nothing_heavy(tmp_path: Path) -> None:
    modules = _modules_after("import json, sys, bot.cli; print(json.dumps(sorted(sys.modules)))",
                             tmp_path)
    assert _heavy(modules) == []


SERVES_WITH_GC = """
import gc, sys
import bot.startup, bot.telegram.serving
from bot.cli import main
seen = []
bot.startup.preflight = lambda settings: seen.append(gc.isenabled())
bot.telegram.serving.run = lambda app, settings: seen.append(gc.isenabled())
code = main(["run"])
print(code, seen, gc.isenabled())
"""


def test_the_garbage_collector_pauses_only_while_the_bot_is_built(tmp_path: Path) -> None:
    """Paused for the start (fewer collections over the imports), never while serving."""
    env = {"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN": "1:abc",
           "DATABASE_PATH": str(tmp_path / "coach.db"), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SERVES_WITH_GC], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path, check=True)
    assert done.stdout.split() == ["0", "[False,", "True]", "True"]
