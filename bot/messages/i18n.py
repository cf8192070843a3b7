"""User-facing text: YAML catalogs per language in ``bot/locales/<lang>/*.yaml``.

The files of one language are merged (one file per part of the bot, so parts can be
written side by side); a key defined twice is an error.

Values are HTML templates with ``{name}`` fields. Every field value is escaped here,
so a learner's own words can never break Telegram's HTML parse mode; pass ``Raw``
for a value that is already safe HTML (for example a text built from the catalog).
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"


class Raw(str):
    """A value that is already safe HTML and must not be escaped again."""

    __slots__ = ()


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value).rstrip("\n")
    return flat


@cache
def catalog(lang: str) -> dict[str, str]:
    """All keys of one language, flattened to dotted names (``onboarding.welcome``).

    PyYAML is imported here, at the first text, not with this module: ``coach run``
    polls for updates before it needs a text (the command menu follows)."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster
    merged: dict[str, str] = {}
    for file in sorted((LOCALES_DIR / lang).glob("*.yaml")):
        part = _flatten(yaml.load(file.read_text(encoding="utf-8"), Loader=loader) or {})
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"{file}: keys defined twice: {sorted(twice)}")
        merged.update(part)
    return merged


def normalise(lang: str | None) -> str:
    """Map a Telegram ``language_code`` (``en-GB``) to a supported language."""
    base = (lang or "").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def t(lang: str, key: str, **values: Any) -> str:
    """The text for ``key`` in ``lang`` with every value HTML-escaped."""
    template = catalog(normalise(lang)).get(key)
    if template is None:
        template = catalog(DEFAULT_LANGUAGE)[key]
    safe = {
        k: v if isinstance(v, Raw) else html.escape(str(v), quote=False)
        for k, v in values.items()
    }
    return template.format(**safe) if safe else template


def tr(lang: str, key: str, **values: Any) -> Raw:
    """Like ``t`` but marked safe, to embed one catalog text in another."""
    return Raw(t(lang, key, **values))


def plain(lang: str, key: str) -> str:
    """A text for a button label or command description (no HTML there)."""
    return catalog(normalise(lang)).get(key) or catalog(DEFAULT_LANGUAGE)[key]
