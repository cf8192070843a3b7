"""Optional imports our libraries make at import time, which the bot never uses.

``sqlite_utils.db`` imports numpy when it is installed (to store numpy values; here
numpy is installed for the charts), and ``httpx`` imports its command line (rich and
pygments; click stays, sqlite-utils needs it). Together ~100 ms and ~15 MB at every
start of the bot, for nothing it calls. While exactly those two modules are being
imported, the import of those optional packages fails as if they were not installed,
which both libraries expect; any other import of numpy (the chart worker) or rich
(``coach content check``) works as usual.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

# While the key is being imported, the values are not there for it.
OPTIONAL = {"sqlite_utils.db": ("numpy",), "httpx._main": ("pygments", "rich")}


def _initializing(name: str) -> bool:
    module = sys.modules.get(name)
    spec = getattr(module, "__spec__", None)
    return bool(getattr(spec, "_initializing", False))


class _SkipOptional(MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        for importer, skipped in OPTIONAL.items():
            if fullname in skipped and _initializing(importer):
                raise ModuleNotFoundError(f"{fullname} is not used by the bot", name=fullname)
        return None


def install() -> None:
    if not any(isinstance(f, _SkipOptional) for f in sys.meta_path):
        sys.meta_path.insert(0, _SkipOptional())
