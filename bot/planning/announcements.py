"""Follow announcements that are on their way, and report to the author once all went out."""

from __future__ import annotations

from datetime import datetime

from bot.core.records import Outgoing
from bot.messages.i18n import t
from bot.store import Store


def report_finished(store: Store, now: datetime, default_language: str) -> int:
    """Queue one report per announcement whose rows are all sent, failed or expired."""
    reported = 0
    for announcement in store.announcements_in_flight():
        report = store.announcement_report(announcement.id)
        if report.waiting or not store.finish_announcement(announcement.id, now):
            continue
        if announcement.author_id is None:  # sent from the command line: it prints its own report
            continue
        author = store.get_user(announcement.author_id)
        lang = author.language if author else default_language
        store.enqueue(
            chat_id=announcement.author_id, user_id=author.id if author else None, kind="notice",
            message=Outgoing(t(lang, "admin.announce_done", sent=report.sent, blocked=report.blocked,
                               failed=report.failed)),
            due_at=now, now=now, dedupe_key=f"announce-report:{announcement.id}",
        )
        reported += 1
    return reported
