"""The house rules of ``bot/``, checked from the source so that a change that breaks one fails here.

Imports are read with ``ast`` (late imports inside functions count too), so a circle
cannot hide behind an import made at call time.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "bot"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 450
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
                 r"|CREATE\s+(TABLE|INDEX|UNIQUE))\b", re.DOTALL)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


NAMES = {module_name(p): p for p in MODULES}


def imports_of(path: Path) -> set[str]:
    """Every module this file imports, resolved to full names (relative imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # ``from bot import planner`` imports the module bot.planner
            found |= {f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in NAMES}
    return found


def internal_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in NAMES.items():
        targets = {m for m in imports_of(path) if m in NAMES and m != name}
        # importing bot.x.y runs bot.x's __init__, but that is no edge of ours to follow
        graph[name] = targets
    return graph


def test_there_is_no_import_circle() -> None:
    graph = internal_graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not circles, "import circles: " + "; ".join(" -> ".join(c) for c in circles)


def test_the_circle_check_finds_a_circle() -> None:
    """The check itself can fail: a late import back is seen as an edge."""
    graph = internal_graph()
    assert "bot.telegram.handlers.sprints" in graph["bot.telegram.handlers.onboarding"]
    late = ast.parse("def f():\n    from bot.telegram.handlers.onboarding import start\n")
    found = {n.module for n in ast.walk(late) if isinstance(n, ast.ImportFrom)}
    assert "bot.telegram.handlers.onboarding" in found


def _layer(prefix: str) -> list[Path]:
    return [p for name, p in NAMES.items() if name == prefix or name.startswith(prefix + ".")]


@pytest.mark.parametrize("path", _layer("bot.core"), ids=lambda p: p.name)
def test_the_core_imports_no_edge_no_store_and_no_clock(path: Path) -> None:
    forbidden = ("telegram", "sqlite_utils", "sqlite3", "bot.store", "bot.messages", "bot.planning",
                 "bot.clock", "bot.telegram", "time")
    bad = {m for m in imports_of(path) if m in forbidden or m.startswith(tuple(f + "." for f in forbidden))}
    assert not bad, f"{path.name} imports {sorted(bad)}"
    source = path.read_text(encoding="utf-8")
    assert ".now(" not in source and ".today(" not in source, "the core reads no clock: pass `now` in"


@pytest.mark.parametrize("path", _layer("bot.messages"), ids=lambda p: p.name)
def test_messages_build_text_without_telegram(path: Path) -> None:
    bad = {m for m in imports_of(path) if m == "telegram" or m.startswith(("telegram.", "bot.telegram"))}
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_sql_appears_only_in_the_store(path: Path) -> None:
    if module_name(path).startswith("bot.store"):
        return
    strings = [
        node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert not [s for s in strings if SQL.search(s)], f"SQL outside bot/store: {path}"


def test_the_sql_check_recognises_sql() -> None:
    assert SQL.search("SELECT id FROM users WHERE x = ?")
    assert SQL.search("INSERT OR IGNORE INTO processed_updates")
    assert not SQL.search("Select the day you work from the list")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small_and_say_what_they_are_for(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_LINES, f"{path} has {len(lines)} lines (at most {MAX_LINES})"
    docstring = ast.get_docstring(ast.parse("\n".join(lines)))
    assert docstring, f"{path} has no module docstring"


@pytest.mark.parametrize("path", _layer("bot.planning") + _layer("bot.store"), ids=lambda p: module_name(p))
def test_planning_and_store_never_reach_the_edge(path: Path) -> None:
    bad = {m for m in imports_of(path) if m == "telegram" or m.startswith(("telegram.", "bot.telegram"))}
    if module_name(path).startswith("bot.store"):
        bad |= {m for m in imports_of(path) if m.startswith(("bot.planning", "bot.messages"))}
    assert not bad, f"{path.name} imports {sorted(bad)}"
