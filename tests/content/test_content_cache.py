"""The checked copy of the programmes that ``coach run`` starts from: used only for exactly
the files and code it was made from, never trusted when damaged, and a file with a
problem stops the bot with the same messages as without it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bot.content
from bot import content_cache
from bot.config import DEFAULT_CONTENT_DIR
from bot.content import load_programmes
from bot.content_cache import cache_path, content_key, load_programmes_cached
from bot.content_problems import ContentError

SHIPPED = load_programmes(DEFAULT_CONTENT_DIR)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    directory = tmp_path / "programmes"
    shutil.copytree(DEFAULT_CONTENT_DIR, directory)
    return directory


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return cache_path(tmp_path / "coach.db")


def _no_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(directory: Path) -> object:
        raise AssertionError("the files were checked although the copy was valid")

    monkeypatch.setattr(bot.content, "load_programmes", refuse)


def test_the_copy_gives_the_same_programmes_without_checking(
        content: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_programmes_cached(content, cache) == SHIPPED
    assert cache.exists() and cache.name == "coach.db.programmes.json"
    _no_checking(monkeypatch)
    again = load_programmes_cached(content, cache)
    assert again == SHIPPED
    assert [p.id for p in again.values()] == list(SHIPPED)  # the order learners see
    first = next(iter(again.values()))
    assert first.days == SHIPPED[first.id].days and first.prompt(first.days[0].id)


def test_the_shipped_content_uses_every_kind_of_field_the_copy_rebuilds() -> None:
    """Otherwise the round trip above would not show that stories, options and scales
    come back as the same objects."""
    prompts = [p for programme in SHIPPED.values() for p in programme.days]
    assert any(p.story and p.story.closing for p in prompts)
    assert any(p.options for p in prompts) and any(p.scale_low for p in prompts)
    assert any(p.trend for p in prompts) and any(p.fallback for p in prompts)
    assert any(w.mentor_note for programme in SHIPPED.values() for w in programme.weeks)


def test_a_changed_file_is_checked_again_and_copied_anew(content: Path, cache: Path) -> None:
    load_programmes_cached(content, cache)
    file = content / "starter.yaml"
    first = SHIPPED["starter"].days[0].text["nl"]
    file.write_text(file.read_text(encoding="utf-8").replace(first, "Een nieuwe vraag?", 1),
                    encoding="utf-8")
    changed = load_programmes_cached(content, cache)
    assert changed["starter"].days[0].text["nl"] == "Een nieuwe vraag?"
    key = content_key(content)
    assert key is not None and content_cache.read_cache(cache, key) == changed


def test_a_removed_file_is_not_served_from_the_copy(content: Path, cache: Path) -> None:
    load_programmes_cached(content, cache)
    (content / "feedback.yaml").unlink()
    assert "feedback" not in load_programmes_cached(content, cache)


def test_other_code_makes_another_key(content: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    before = content_key(content)
    code = tmp_path / "code"
    shutil.copytree(Path(content_cache.__file__).parent, code,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(content_cache, "_BOT", code)
    assert content_key(content) == before
    schema = code / "content_schema.py"
    schema.write_text(schema.read_text().replace("MAX_PROMPT_CHARS = 300", "MAX_PROMPT_CHARS = 30"))
    assert content_key(content) != before


@pytest.mark.parametrize("damage", [b"", b"\x00\xff not json", b'{"key": "', b"[1, 2]",
                                    b'{"programmes": []}', "KEY"])
def test_a_damaged_copy_means_checking_the_files(content: Path, cache: Path,
                                                 damage: bytes | str) -> None:
    key = content_key(content)
    assert key is not None
    if damage == "KEY":  # the right key, but programmes that are not programmes
        cache.write_text(f'{{"key": "{key}", "programmes": [{{"id": "x"}}]}}')
    else:
        assert isinstance(damage, bytes)
        cache.write_bytes(damage)
    assert load_programmes_cached(content, cache) == SHIPPED
    assert content_cache.read_cache(cache, key) == SHIPPED  # and written whole again


def test_a_broken_file_stops_with_the_same_problems_despite_a_copy(content: Path,
                                                                   cache: Path) -> None:
    load_programmes_cached(content, cache)
    file = content / "starter.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("kind: open", "kind: opne", 1),
                    encoding="utf-8")
    with pytest.raises(ContentError) as without:
        load_programmes(content)
    with pytest.raises(ContentError) as with_copy:
        load_programmes_cached(content, cache)
    assert str(with_copy.value) == str(without.value) and "kind" in str(without.value)


def test_no_folder_yet_means_no_copy_and_no_error(content: Path, tmp_path: Path) -> None:
    cache = cache_path(tmp_path / "not-yet" / "coach.db")
    assert load_programmes_cached(content, cache) == SHIPPED
    assert not cache.parent.exists()


def test_coach_run_reports_content_problems_as_before(content: Path, tmp_path: Path) -> None:
    """The copy from a clean start does not hide a file broken since."""
    load_programmes_cached(content, cache_path(tmp_path / "coach.db"))
    (content / "starter.yaml").write_text("id: starter\ntitle: [\n", encoding="utf-8")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "1:abc", "DATABASE_PATH": str(tmp_path / "coach.db"),
           "CONTENT_DIR": str(content)}
    done = subprocess.run([sys.executable, "-m", "bot", "run"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("The learning programmes have errors (run `coach content check`):")
    assert f"{content / 'starter.yaml'}:" in done.stderr and "not valid YAML" in done.stderr
