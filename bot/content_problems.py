"""What is wrong in a programme file: a problem with its line, and the error that lists them.

Apart from the loader (which needs pydantic) so that ``coach run`` can report content
problems, and start from the checked copy of the programmes, without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}: {self.message}{hint}"


class ContentError(Exception):
    """Raised with every problem found, so one run shows them all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
