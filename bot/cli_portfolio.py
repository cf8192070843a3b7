"""``coach portfolio``: an operator makes a learner's portfolio on the server, for their
school or HR — only with the consent code the learner made in ``/portfolio``.

The code is checked before anything is read, used up only once the files are drawn (a
failed run leaves it usable), and private answers go in only when the learner allowed
it with that code. Every refusal is one line and a non-zero exit; the learner is told
in the chat when their code was used.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bot.config import Settings

REASONS = {
    "unknown": "that consent code is not valid for this learner (check --user and the code)",
    "used": "that consent code was used already; each code works once",
    "revoked": "the learner revoked that consent code",
    "expired": "that consent code has expired",
}


def add_portfolio(sub: Any, settings: Any) -> None:
    """Register ``coach portfolio`` (``settings`` loads lazily, as for the other commands)."""
    cmd = sub.add_parser("portfolio", help="a learner's portfolio (PDF and HTML), with their consent code")
    cmd.add_argument("--user", type=int, help="the learner's number (shown with their code)")
    cmd.add_argument("--consent", metavar="TOKEN", help="the code the learner made in /portfolio")
    cmd.add_argument("--out", metavar="PATH", help="the PDF to write (default portfolio-<user>.pdf);"
                     " the HTML file goes beside it")
    cmd.add_argument("--from", dest="since", metavar="DATE", help="first day, YYYY-MM-DD (default: all)")
    cmd.add_argument("--private", action="store_true",
                     help="include private answers (only if the learner allowed it with this code)")
    cmd.set_defaults(func=lambda a: cmd_portfolio(a, settings()))


def _refuse(why: str) -> int:
    print(f"Refused: {why}.", file=sys.stderr)
    return 1


def cmd_portfolio(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import system_clock
    from bot.content import ContentError, load_programmes
    from bot.core.records import Outgoing
    from bot.core.schedule import local_date
    from bot.messages.i18n import t
    from bot.portfolio import gather, render
    from bot.store import Store

    if args.user is None or not args.consent:
        return _refuse("coach portfolio needs --user and --consent: the learner makes the code"
                       " in /portfolio (\"Code voor je opleider/HR\")")
    try:
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError:
        return _refuse(f"--from {args.since} is no date (use YYYY-MM-DD)")
    store = Store.open(settings.database_path)
    try:
        now = system_clock()
        user = store.get_user(args.user)
        state, allows_private = store.portfolio_token_state(args.consent, args.user, now)
        if user is None or state != "ok":
            return _refuse(REASONS.get(state, REASONS["unknown"]))
        if args.private and not allows_private:
            return _refuse("the learner did not allow private answers with this code;"
                           " leave out --private or ask for a code that allows them")
        try:
            programmes = load_programmes(settings.content_dir)
        except ContentError:
            return _refuse("the learning programmes have errors (run `coach content check`)")
        today = local_date(now, user.tz)
        doc = gather(store, programmes, user, "from" if since else "all", today,
                     args.private, since=since)
        if doc is None or not doc.chosen:
            return _refuse("this learner has no answers in that period; the code stays valid")
        pdf, page = render(doc)
        if not store.use_portfolio_token(args.consent, args.user, now):
            return _refuse(REASONS["used"])
        out = Path(args.out) if args.out else Path(f"portfolio-{args.user}.pdf")
        html_out = out.with_suffix(".html")
        out.parent.mkdir(parents=True, exist_ok=True)
        for path, data in ((out, pdf), (html_out, page.encode("utf-8"))):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data
            with os.fdopen(fd, "wb") as file:
                file.write(data)
        store.enqueue(chat_id=user.chat_id, user_id=user.id, kind="notice",
                      message=Outgoing(t(user.language, "portfolio.code_used")),
                      due_at=now, now=now)
        print(f"Wrote {out} and {html_out}: {len(doc.chosen)} answers, "
              f"{doc.first.isoformat()} to {doc.last.isoformat()}"
              f"{', private answers included' if args.private else ''}.")
        return 0
    finally:
        store.close()
