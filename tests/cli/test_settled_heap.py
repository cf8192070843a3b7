"""Once `coach run` is up, what it built is exempt from later garbage collections: each
full collection would otherwise scan ~100,000 objects that live as long as the process,
with the interpreter lock held, and the event loop would stand still meanwhile."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

AFTER_START = """
import asyncio, gc, types
from bot.cli import _settings
from bot.content import load_programmes
from bot.startup import open_store
import bot.telegram.app as app_module
settings = _settings()
store = open_store(settings.database_path)
app = app_module.build_application(settings, store, load_programmes(settings.content_dir))
before = gc.get_freeze_count()
async def announced(app): pass
app_module._announce = announced  # the command menu needs Telegram; not what is tested
asyncio.run(app_module._after_start(types.SimpleNamespace(application=app)))
print(before, gc.get_freeze_count())
"""


def test_the_objects_alive_after_the_start_are_left_out_of_later_collections(
        tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "TELEGRAM_BOT_TOKEN": "1:abc",
           "DATABASE_PATH": str(tmp_path / "coach.db"), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", AFTER_START], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path, check=True)
    before, after = (int(n) for n in done.stdout.split())
    assert before == 0
    assert after > 50_000  # modules, programmes, the application: all of it
