"""A learner's portfolio from the store: the same for ``/portfolio`` in the chat and for
``coach portfolio`` on the server, so a school gets the same pages either way.

Reading the store happens on the caller's thread (the connection belongs to it); drawing
(``render``) is the slow part and may run in a worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.core.programme import Programme
from bot.core.records import User
from bot.messages.portfolio import Document, document, entries, portfolio_pdf, with_charts
from bot.messages.portfolio_html import portfolio_html
from bot.store import Store


def gather(store: Store, programmes: Mapping[str, Programme], user: User, choice: str,
           today: date, include_private: bool, since: date | None = None) -> Document | None:
    """What the chosen period holds (from ``since`` when given), or None when the learner
    has no answers at all."""
    tables = store.export_user(user.id)
    found = entries(tables, programmes, user.language)
    if not found:
        return None
    feedback = [r for r in tables.get("feedback", []) if r["learner_id"] == user.id]
    return document(user.first_name, user.language, store.goals_of(user.id, history=True),
                    found, feedback, choice, today, include_private, since)


def render(doc: Document) -> tuple[bytes, str]:
    """The PDF and the HTML file of one document, charts drawn once for both."""
    drawn = with_charts(doc)
    return portfolio_pdf(drawn), portfolio_html(drawn)
