"""``coach stats`` and ``coach announce``: what an operator runs on the server.

The same figures as ``/stats`` (aggregates only, nothing about fewer than five people)
as a table, CSV or JSON for a spreadsheet; and announcements with the same preview,
confirmation and once-per-recipient outbox rows as in Telegram. Progress is shown with
``rich`` only when a person watches (a TTY); pipes and cron get plain output.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
import time
from contextlib import nullcontext
from dataclasses import asdict
from typing import Any

from bot.config import Settings, send_rate


def _tty() -> bool:
    return sys.stderr.isatty()


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def add_commands(sub: Any, settings: Any) -> None:
    """Register the operator commands on the ``coach`` parser (``settings`` loads lazily)."""
    stats = sub.add_parser("stats", help="use figures (aggregates only) as a table, CSV or JSON")
    form = stats.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="days as CSV (date,sent,answered)")
    form.add_argument("--json", action="store_true", help="every figure as JSON")
    stats.set_defaults(func=lambda a: cmd_stats(a, settings()))
    announce = sub.add_parser("announce", help="send a message to all active users (or one programme)")
    announce.add_argument("text", help="the message, as plain text")
    announce.add_argument("--programme", help="only the learners of this programme (its id)")
    announce.add_argument("--dry-run", action="store_true", help="show preview and audience, send nothing")
    announce.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    announce.add_argument("--lang", choices=("nl", "en"),
                          help="language of the frame (default: DEFAULT_LANGUAGE)")
    announce.set_defaults(func=lambda a: cmd_announce(a, settings()))
    backup = sub.add_parser("backup", help="a consistent copy of the database, also while the bot runs")
    backup.add_argument("path", help="file to write (its folder is created)")
    backup.set_defaults(func=lambda a: cmd_backup(a, settings()))
    restore = sub.add_parser("restore", help="put a backup back (only while the bot is stopped)")
    restore.add_argument("path", help="a file made by coach backup")
    restore.set_defaults(func=lambda a: cmd_restore(a, settings()))


def _stats(settings: Settings) -> tuple[Any, Any]:
    from rich.console import Console

    from bot.clock import system_clock
    from bot.core.schedule import local_date
    from bot.core.stats import build_stats
    from bot.store import Store

    store = Store.open(settings.database_path)
    now = system_clock()
    today = local_date(now, settings.default_timezone)
    with Console(stderr=True).status("Counting…", spinner="dots") if _tty() else nullcontext():
        stats = build_stats(store.raw_stats(now, today), send_rate(settings))
    store.close()
    return stats, today


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from rich.console import Console
    from rich.table import Table

    from bot.content import load_programmes
    from bot.messages.admin import stats_text

    stats, today = _stats(settings)
    if args.json:
        data = asdict(stats)
        data["days"] = [{"date": d.day.isoformat(), "sent": d.sent, "answered": d.answered}
                        for d in stats.days]
        print(json.dumps(data, default=str, indent=2, ensure_ascii=False))
        return 0
    if args.csv:
        out = csv.writer(sys.stdout)
        out.writerow(["date", "sent", "answered"])
        for d in stats.days:
            out.writerow([d.day.isoformat(), d.sent, d.answered])
        return 0
    programmes = load_programmes(settings.content_dir)
    print(_plain(stats_text("en", stats, programmes, today)))
    if stats.days:
        table = Table(title="Per day (last 4 weeks)")
        for column in ("date", "sent", "answered"):
            table.add_column(column, justify="right")
        for d in stats.days:
            table.add_row(d.day.isoformat(), str(d.sent), str(d.answered))
        Console().print(table)
    return 0


def cmd_announce(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import system_clock
    from bot.messages.admin import announcement_html
    from bot.store import Store

    lang = args.lang or settings.default_language
    audience = f"programme:{args.programme}" if args.programme else "all"
    store = Store.open(settings.database_path)
    try:
        count = store.audience_size(audience)
        message = announcement_html(lang, args.text)
        print("It will look like this:\n")
        print("  " + _plain(message).replace("\n", "\n  "))
        print(f"\nRecipients: {count} ({'everyone active' if audience == 'all' else audience})")
        if args.dry_run:
            print("Dry run: nothing sent.")
            return 0
        if count == 0:
            print("Nobody to send it to.", file=sys.stderr)
            return 1
        if not args.yes:
            if not sys.stdin.isatty():
                print("Not confirmed: run with --yes to send without a question.", file=sys.stderr)
                return 1
            if input(f"Send to {count} people? [y/N] ").strip().lower() not in ("y", "yes", "j", "ja"):
                print("Not sent.")
                return 1
        now = system_clock()
        draft = store.create_announcement(None, audience, args.text, now)
        queued = store.queue_announcement(draft.id, message, now) or 0
        print(f"Queued for {queued} people as announcement {draft.id}; the running bot sends it "
              "within Telegram's limits.")
        if _tty():
            _follow(store, draft.id, queued)
        return 0
    finally:
        store.close()


def _follow(store: Any, announcement_id: int, total: int) -> None:
    """Show sending progress until every row is out (Ctrl-C stops watching, not sending)."""
    from rich.progress import Progress

    try:
        with Progress(transient=False) as bar:
            task = bar.add_task("sending", total=total)
            while True:
                report = store.announcement_report(announcement_id)
                bar.update(task, completed=total - report.waiting)
                if not report.waiting:
                    break
                time.sleep(1.0)
        print(f"Done: {report.sent} delivered, {report.blocked} blocked the bot, {report.failed} failed.")
    except KeyboardInterrupt:
        print("Stopped watching; the bot keeps sending.")


def _copy(source: Any, target: Any, label: str) -> None:
    """SQLite's online backup, a few hundred pages at a time, with a bar for a person."""
    from rich.progress import Progress

    with Progress(disable=not _tty(), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def step(status: int, remaining: int, total: int) -> None:
            bar.update(task, total=total, completed=total - remaining)

        source.backup(target, pages=256, progress=step)


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    """Readers never block the bot in WAL mode, so the copy is taken while it runs."""
    import os
    import sqlite3
    from pathlib import Path

    source_path = Path(settings.database_path)
    if not source_path.exists():
        print(f"No database at {source_path} (DATABASE_PATH).", file=sys.stderr)
        return 1
    target = Path(args.path)
    if target.resolve() == source_path.resolve():
        print("The backup must be another file than the database itself.", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT, 0o600))
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        _copy(source, copy, "backup")
        ok = copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        copy.close()
        source.close()
    if not ok:
        partial.unlink(missing_ok=True)
        print("The copy did not pass SQLite's check; nothing written.", file=sys.stderr)
        return 1
    partial.replace(target)
    print(f"Backup written to {target} ({target.stat().st_size // 1024} KiB).")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    """Never under a running bot; the current file is kept beside it before it is replaced."""
    import sqlite3
    from datetime import datetime
    from pathlib import Path

    from bot.runlock import InUse, hold
    from bot.store.schema import file_check, private_file

    backup = Path(args.path)
    live = Path(settings.database_path)
    if not backup.exists():
        print(f"No backup at {backup}.", file=sys.stderr)
        return 1
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        tables, healthy = file_check(source)
    except sqlite3.DatabaseError:
        tables, healthy = set(), False
    if not healthy or not {"users", "outbox", "_sqlite_migrations"} <= tables:
        source.close()
        print(f"{backup} is not a healthy Werkplekcoach database; nothing changed.", file=sys.stderr)
        return 1
    try:
        with hold(live):
            if live.exists():
                kept = live.with_name(f"{live.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}")
                current = sqlite3.connect(live)
                private_file(kept)  # a copy of everyone's answers: owner only
                saved = sqlite3.connect(kept)
                _copy(current, saved, "keeping the current database")
                saved.close()
                current.close()
                print(f"The current database is kept as {kept}.")
            private_file(live)
            target = sqlite3.connect(live)
            _copy(source, target, "restore")
            target.close()
    except InUse as exc:
        print(f"Not restored: {exc}. Stop the bot first (systemctl stop werkplekcoach).",
              file=sys.stderr)
        return 1
    finally:
        source.close()
    print(f"Restored {backup} into {live}. Start the bot again; migrations run at start.")
    return 0
