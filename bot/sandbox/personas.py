"""Who you can be in the sandbox, and what the sandbox remembers beside the bot's database.

The bot's own data lives in its SQLite file. The sandbox adds a small JSON file next to
it: the personas (name, language, time zone), the sandbox clock and how far each persona
has read, so a restart continues where you were.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

GROUP_ID = -1001000000001
ROLES = ("learner", "mentor", "lead", "member", "other")


@dataclass
class Persona:
    key: str
    user_id: int
    name: str
    lang: str = "nl"
    tz: str = "Europe/Amsterdam"
    role: str = "other"


def default_personas() -> list[Persona]:
    return [
        Persona("sanne", 1001, "Sanne", "nl", "Europe/Amsterdam", "learner"),
        Persona("joost", 2001, "Joost", "nl", "Europe/Amsterdam", "mentor"),
        Persona("lotte", 3001, "Lotte", "nl", "Europe/Amsterdam", "lead"),
    ]


class PersonaError(ValueError):
    """An invalid new persona; ``str()`` is a catalog key."""


@dataclass
class SandboxState:
    """Personas, clock and read markers; saved as JSON beside the database."""

    clock: datetime
    personas: list[Persona] = field(default_factory=default_personas)
    seen: dict[str, int] = field(default_factory=dict)
    group_title: str = "Team sandbox"

    def persona(self, key: str) -> Persona | None:
        return next((p for p in self.personas if p.key == key), None)

    def by_user(self, user_id: int) -> Persona | None:
        return next((p for p in self.personas if p.user_id == user_id), None)

    def add(self, name: str, lang: str, tz: str, role: str = "other") -> Persona:
        name = " ".join(name.split())[:32]
        if not name:
            raise PersonaError("sandbox.persona_name_missing")
        if lang not in ("nl", "en"):
            raise PersonaError("sandbox.persona_lang_invalid")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise PersonaError("sandbox.persona_tz_invalid") from None
        base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "persona"
        key, n = base, 2
        while self.persona(key) is not None:
            key, n = f"{base}-{n}", n + 1
        user_id = max([p.user_id for p in self.personas] + [4000]) + 1
        persona = Persona(key, user_id, name, lang, tz, role if role in ROLES else "other")
        self.personas.append(persona)
        return persona

    def to_json(self) -> str:
        return json.dumps({
            "clock": self.clock.astimezone(UTC).isoformat(),
            "personas": [asdict(p) for p in self.personas],
            "seen": self.seen,
            "group_title": self.group_title,
        }, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SandboxState:
        data = json.loads(text)
        return cls(
            clock=datetime.fromisoformat(data["clock"]),
            personas=[Persona(**p) for p in data["personas"]],
            seen={str(k): int(v) for k, v in data.get("seen", {}).items()},
            group_title=str(data.get("group_title", "Team sandbox")),
        )


def state_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".sandbox.json")


def load_state(db_path: Path, fresh_clock: datetime) -> SandboxState:
    """The saved state, or a new one when there is none (or it cannot be read)."""
    path = state_path(db_path)
    if path.exists():
        try:
            return SandboxState.from_json(path.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError):
            pass
    return SandboxState(clock=fresh_clock)


def save_state(db_path: Path, state: SandboxState) -> None:
    path = state_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(state.to_json(), encoding="utf-8")
    tmp.replace(path)
