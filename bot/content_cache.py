"""A checked copy of the programmes, so that ``coach run`` starts without the validator.

Checking the programmes needs pydantic and the schema: at every start ~10 MB of memory
and ~0.2 s, for a result that depends only on the programme files and on the code that
checks and holds them. So after a start has checked every file without a problem, the
plain programme objects are written as JSON next to the database, under a key made from
the bytes of every programme file (names included) and of that code. A start whose key
matches reads the copy; any other start (a file changed, added or removed, the code
changed, the copy missing, unreadable or damaged) checks the files as before and writes
the copy again. Problems are never copied: a file with a problem stops the bot with the
same messages as without the copy. JSON rather than pickle, so a copy someone changed
can at worst give wrong texts, never run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.core.programme import (
    Audience,
    Kind,
    LowIs,
    Option,
    Programme,
    Prompt,
    Story,
    StoryPart,
    Week,
)

log = logging.getLogger(__name__)

FORMAT = 1
"""Raised when the layout of the copy changes in a way the code hash would not show."""

_BOT = Path(__file__).resolve().parent
CODE = ("content.py", "content_cache.py", "content_problems.py", "content_schema.py",
        "content_trend.py", "content_yaml.py", "core/programme.py")
"""The code a checked programme depends on: how files are read, checked and held."""


def cache_path(database: Path) -> Path:
    """Where the copy lives: next to the database, the one place a running bot may write."""
    return database.with_name(database.name + ".programmes.json")


def content_key(directory: Path) -> str | None:
    """The key of the programme files in ``directory`` with this code; None when a file
    cannot be read (the check then says why)."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    try:
        for name in CODE:
            _add(digest, f"code {name}", (_BOT / name).read_bytes())
        for file in sorted(directory.glob("*.yaml")):
            _add(digest, f"file {file.name}", file.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _add(digest: Any, label: str, data: bytes) -> None:
    """Label and length first, so no two different sets of files give the same bytes."""
    digest.update(f"{label}\n{len(data)}\n".encode())
    digest.update(data)


def load_programmes_cached(directory: Path, cache: Path) -> dict[str, Programme]:
    """Every programme in ``directory``, from the checked copy at ``cache`` when it belongs
    to exactly these files and this code; otherwise checked (raising ``ContentError``
    with every problem, as ``bot.content.load_programmes``) and copied for the next start."""
    key = content_key(directory)
    if key is not None:
        programmes = read_cache(cache, key)
        if programmes is not None:
            return programmes
    from bot.content import load_programmes  # imports pydantic: only when checking

    programmes = load_programmes(directory)
    if key is not None:
        write_cache(cache, key, programmes)
    return programmes


def read_cache(cache: Path, key: str) -> dict[str, Programme] | None:
    """The programmes in the copy, or None when it is missing, for other files or damaged."""
    try:
        data = json.loads(cache.read_bytes())
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        programmes = [_programme(p) for p in data["programmes"]]
    except OSError:  # none yet, or no folder yet: the start that checks writes one
        return None
    except Exception as exc:  # any damage at all means: check the files instead
        log.info("the checked copy of the programmes (%s) is damaged (%s); checking the files",
                 cache, type(exc).__name__)
        return None
    return {p.id: p for p in programmes}


def write_cache(cache: Path, key: str, programmes: dict[str, Programme]) -> None:
    """Write the copy whole or not at all (a new file renamed over the old); a folder
    that does not exist yet or cannot be written only means the next start checks again."""
    if not cache.parent.is_dir():
        return
    body = json.dumps({"key": key, "programmes": [asdict(p) for p in programmes.values()]},
                      ensure_ascii=False, separators=(",", ":"))
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
    try:
        partial.write_text(body, encoding="utf-8")
        os.replace(partial, cache)
    except OSError as exc:
        log.info("cannot write the checked copy of the programmes (%s): %s", cache, exc)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _programme(d: dict[str, Any]) -> Programme:
    """Every field as written; the nested objects and enums rebuilt. A field this code
    does not know (or misses) fails, so a damaged copy is never half used."""
    return Programme(**{**d, "audience": Audience(d["audience"]),
                        "weeks": tuple(_week(w) for w in d["weeks"])})


def _week(d: dict[str, Any]) -> Week:
    return Week(**{**d, "days": tuple(_prompt(p) for p in d["days"])})


def _prompt(d: dict[str, Any]) -> Prompt:
    story = d["story"]
    return Prompt(**{
        **d,
        "kind": Kind(d["kind"]),
        "low_is": LowIs(d["low_is"]),
        "options": tuple(Option(**o) for o in d["options"]),
        "story": None if story is None else Story(**{
            **story, "parts": tuple(StoryPart(**part) for part in story["parts"])}),
    })
