"""The SQLite store: the only place that knows SQL and table names.

SQLite is the single source of truth. ``Store`` is one object for its callers, composed
of one part per aggregate (users, outbox, answers, mentors, sprints, …: the modules beside this one).
The parts are mixins over one shared connection rather than repositories the store
holds, because a transaction (``store.atomic()``) must span parts — an answer and its
confirmation row are written together — and callers keep one door: ``store.save_answer``,
``store.enqueue``, without knowing which part answers.
"""

from __future__ import annotations

from pathlib import Path

from bot.store import changes  # noqa: F401  (registers the later migrations)
from bot.store.announcements import AnnouncementsStore
from bot.store.answers import AnswersStore
from bot.store.goals import GoalsStore
from bot.store.lived import LivedStore
from bot.store.mentors import MentorsStore
from bot.store.nudges import NudgesStore
from bot.store.outbox import OutboxStore
from bot.store.portfolio import PortfolioStore
from bot.store.privacy import PrivacyStore
from bot.store.rows import OPEN_STATUSES, from_iso, iso
from bot.store.schema import connect, migrations
from bot.store.spaced import SpacedStore
from bot.store.sprints import SprintsStore
from bot.store.stats import StatsStore
from bot.store.trust import TrustStore
from bot.store.updates import UpdatesStore
from bot.store.users import UsersStore
from bot.store.wakeup import WakeupStore
from bot.store.weeks import Span, WeeksStore

__all__ = ["OPEN_STATUSES", "Span", "Store", "from_iso", "iso", "migrations"]


class Store(UsersStore, OutboxStore, AnswersStore, MentorsStore, SprintsStore, UpdatesStore,
            PrivacyStore, WakeupStore, StatsStore,
            AnnouncementsStore, TrustStore, LivedStore, GoalsStore, NudgesStore, WeeksStore,
            PortfolioStore, SpacedStore):
    """Every read and write of the bot. One instance per process and thread."""

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating folder and file) and bring the schema up to date."""
        db = connect(Path(path))
        migrations.apply(db)
        return cls(db)

    def close(self) -> None:
        self.db.conn.close()
