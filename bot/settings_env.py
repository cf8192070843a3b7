"""Reading a settings dataclass from keyword values, the environment and ``.env``.

``bot.config.Settings`` is a plain dataclass and this module fills it, so that a start of
the bot does not import pydantic (with pydantic-settings ~9 MB and ~0.1 s of every start;
pydantic is still what checks the programmes when they changed). It reads what the
settings had always accepted, the way pydantic-settings did: names in any case, a value
given as a keyword before the environment before ``.env`` before the default; numbers,
booleans (true/false, yes/no, on/off, 1/0 ...), paths, one of fixed choices, secrets;
and a wrong value is named with the same words, so the one line an operator sees at a
bad setting did not change. What a field accepts is its type and its ``setting(...)``.
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, Union

T = TypeVar("T")

TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


class Secret:
    """A text that prints as stars, so a token never reaches a log or a traceback by a
    stray ``print`` or ``repr``; ``get_secret_value()`` is the one way to read it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __str__(self) -> str:
        return "**********" if self._value else ""

    def __repr__(self) -> str:
        return f"Secret('{self}')"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class SettingError(ValueError):
    """A value that does not fit its setting; ``name`` is the field, or "settings" for a
    rule between fields."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def setting(default: Any, *, ge: float | None = None, le: float | None = None,
            before: Callable[[Any], Any] | None = None,
            after: Callable[[Any], Any] | None = None) -> Any:
    """A field with bounds and checks: ``before`` sees the raw value (a text from the
    environment), ``after`` the typed one; either raises ValueError with the words to
    show, and ``after`` returns the value to keep."""
    return dataclasses.field(default=default,
                             metadata={"ge": ge, "le": le, "before": before, "after": after})


def read_settings(cls: type[T], overrides: Mapping[str, object], env_file: str | None,
                  checks: tuple[Callable[[T], None], ...] = ()) -> T:
    """``cls`` filled from ``overrides``, the environment, then ``env_file``; the first wrong
    field (in the order of the class) raises SettingError, then ``checks`` run in order."""
    env = {k.lower(): v for k, v in os.environ.items()}
    dotenv = {k: v for k, v in _dotenv(env_file).items() if v is not None}  # "NAME" alone
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        source = next((s for s in (overrides, env, dotenv) if f.name in s), None)
        if source is None:
            continue  # the default, as written
        try:
            values[f.name] = _field(hints[f.name], f.metadata, source[f.name])
        except ValueError as exc:
            raise SettingError(f.name, str(exc)) from None
    result = cls(**values)
    for check in checks:
        try:
            check(result)
        except ValueError as exc:
            raise SettingError("settings", str(exc)) from None
    return result


def _dotenv(env_file: str | None) -> dict[str, str | None]:
    """The ``.env`` file's values (by lower-case name), read as python-dotenv reads it."""
    if env_file is None:
        return {}
    path = Path(env_file).expanduser()
    if not (path.is_file() or path.is_fifo()):
        return {}
    from dotenv import dotenv_values

    return {k.lower(): v for k, v in dotenv_values(path, encoding="utf-8").items()}


def _field(hint: Any, meta: Mapping[str, Any], raw: object) -> Any:
    if meta.get("before") is not None:
        raw = meta["before"](raw)
    value = _typed(hint, raw)
    if isinstance(value, int | float) and not isinstance(value, bool):
        le, ge = meta.get("le"), meta.get("ge")
        if le is not None and not value <= le:
            raise ValueError(f"Input should be less than or equal to {_number(le)}")
        if ge is not None and not value >= ge:
            raise ValueError(f"Input should be greater than or equal to {_number(ge)}")
    if meta.get("after") is not None:
        value = meta["after"](value)
    return value


def _number(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def _typed(hint: Any, raw: object) -> Any:
    """``raw`` as ``hint``: the types the settings use, with pydantic's lax rules."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if raw is None:
            return None
        (hint,) = options
        origin = typing.get_origin(hint)
    if origin is Literal:
        choices = typing.get_args(hint)
        if raw in choices:
            return raw
        words = [f"'{c}'" for c in choices]
        raise ValueError(f"Input should be {', '.join(words[:-1])} or {words[-1]}")
    if origin is tuple:
        if not isinstance(raw, list | tuple):
            raise ValueError("Input should be a valid tuple")
        return tuple(_typed(typing.get_args(hint)[0], item) for item in raw)
    parse = _PARSERS.get(hint)
    if parse is None:
        raise TypeError(f"settings of type {hint} are not supported")
    return parse(raw)


def _bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        if raw.lower() in TRUE:
            return True
        if raw.lower() in FALSE:
            return False
        raise ValueError("Input should be a valid boolean, unable to interpret input")
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    raise ValueError("Input should be a valid boolean")


def _int(raw: object) -> int:
    if isinstance(raw, str):
        whole, _, fraction = raw.strip().partition(".")  # "8080.0" is 8080, "1e3" is not
        try:
            if fraction.strip("0"):
                raise ValueError(raw)
            return int(whole)
        except ValueError:
            raise ValueError("Input should be a valid integer, unable to parse string as an "
                             "integer") from None
    if isinstance(raw, int):
        return int(raw)
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError("Input should be a valid integer, got a number with a "
                             "fractional part")
        return int(raw)
    raise ValueError("Input should be a valid integer")


def _float(raw: object) -> float:
    if isinstance(raw, str):
        try:
            return float(raw)
        except ValueError:
            raise ValueError("Input should be a valid number, unable to parse string as a "
                             "number") from None
    if isinstance(raw, int | float):
        return float(raw)
    raise ValueError("Input should be a valid number")


def _str(raw: object) -> str:
    if isinstance(raw, str):
        return raw
    raise ValueError("Input should be a valid string")


def _path(raw: object) -> Path:
    if isinstance(raw, str | os.PathLike):
        return Path(raw)
    raise ValueError(f"Input is not a valid path for {Path}")


def _secret(raw: object) -> Secret:
    if isinstance(raw, Secret):
        return raw
    return Secret(_str(raw))


_PARSERS: dict[Any, Callable[[object], Any]] = {
    bool: _bool, int: _int, float: _float, str: _str, Path: _path, Secret: _secret,
}
