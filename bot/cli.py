"""The ``coach`` command: run the bot, migrate the database, check and preview content."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import html
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from bot import logsafe
from bot.config import ConfigError, Settings, load_settings
from bot.content_problems import ContentError

log = logging.getLogger("bot")

WEEKDAYS = {"nl": ("ma", "di", "wo", "do", "vr"), "en": ("Mon", "Tue", "Wed", "Thu", "Fri")}


def setup_logging(level: str, settings: Settings | None = None) -> None:
    """Logs go to stderr. HTTP client loggers would print URLs with the bot token: quiet;
    and whatever still names the token is masked, message texts withheld (``logsafe``)."""
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "httpcore", "apscheduler", "telegram.ext.Updater"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    token = settings.telegram_bot_token if settings else None
    logsafe.install(logsafe.token_parts(token.get_secret_value()) if token else [],
                    allow_texts=bool(settings and settings.log_message_texts))


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None


def cmd_run(args: argparse.Namespace) -> int:
    """Start the bot. Python's cyclic garbage collector is paused until the bot is built:
    the start allocates ~100,000 long-lived objects (mostly imported modules) and
    would be scanned by dozens of collections that find next to nothing (~0.1 s of
    each start, measured); it runs as usual from the first poll on."""
    gc.disable()
    try:
        return _start(args)
    finally:
        gc.enable()


def _start(args: argparse.Namespace) -> int:
    settings = _settings()
    if getattr(args, "webhook", None):
        settings = dataclasses.replace(settings, webhook_url=args.webhook)
    from bot.telegram.serving import webhook_of

    try:
        webhook_of(settings)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        print(
            "TELEGRAM_BOT_TOKEN is not set: copy .env.example to .env and put your bot token "
            "from @BotFather in it. To try the bot without Telegram: coach sandbox --demo",
            file=sys.stderr,
        )
        return 1
    setup_logging(settings.log_level, settings)
    from bot.content_cache import cache_path, load_programmes_cached

    try:
        programmes = load_programmes_cached(settings.content_dir,
                                            cache_path(Path(settings.database_path)))
    except ContentError as exc:
        print(f"The learning programmes have errors (run `coach content check`):\n{exc}",
              file=sys.stderr)
        return 1

    from bot.runlock import InUse, hold
    from bot.startup import StartError, open_store, preflight
    from bot.telegram.app import build_application
    from bot.telegram.serving import run

    try:
        with hold(Path(settings.database_path)):
            store = open_store(settings.database_path)
            preflight(settings)
            app = build_application(settings, store, programmes)
            log.info("starting: %d programmes, database %s", len(programmes),
                     settings.database_path)
            gc.enable()
            run(app, settings)
            store.close()
    except InUse as exc:
        print(f"Not started: {exc}. Only one bot may run on a database (and a token); "
              "stop the other one first.", file=sys.stderr)
        return 1
    except (StartError, OSError) as exc:
        print(exc if isinstance(exc, StartError) else
              f"Cannot use the database folder of {settings.database_path} (DATABASE_PATH): "
              f"{exc.strerror or exc}.", file=sys.stderr)
        return 1
    log.info("stopped")
    return 0


def cmd_sandbox(args: argparse.Namespace) -> int:
    import asyncio

    from bot.content import load_programmes
    from bot.sandbox.serve import serve

    settings = _settings()
    setup_logging(settings.log_level if settings.log_level != "INFO" else "WARNING")
    try:
        programmes = load_programmes(settings.content_dir)
    except ContentError as exc:
        print(f"The learning programmes have errors (run `coach content check`):\n{exc}",
              file=sys.stderr)
        return 1
    db_path = Path(args.db)
    if db_path.resolve() == Path(settings.database_path).resolve():
        print(f"{db_path} is the live database (DATABASE_PATH); the sandbox needs its own file.",
              file=sys.stderr)
        return 2
    return asyncio.run(serve(db_path, programmes, port=args.port, demo=args.demo,
                             open_browser=args.open))


def cmd_migrate(args: argparse.Namespace) -> int:
    from bot.store import Store, migrations
    from bot.store.schema import connect

    settings = _settings()
    if getattr(args, "dry_run", False):
        db = connect(Path(settings.database_path))
        pending = [m.name for m in migrations.pending(db)]
        db.conn.close()
        print(f"{settings.database_path}: {len(pending)} migration(s) would run"
              + (f": {', '.join(pending)}" if pending else " (schema up to date)"))
        return 0
    from contextlib import nullcontext

    from rich.console import Console

    # Migrations on a large database (a table rebuilt, an index built) take a while:
    # show that it is working when a person watches; stay quiet for pipes and systemd.
    watching = sys.stderr.isatty()
    with Console(stderr=True).status("Migrating…") if watching else nullcontext():
        store = Store.open(settings.database_path)
    applied = [m.name for m in migrations.applied(store.db)]
    print(f"{settings.database_path}: schema up to date ({len(applied)} migrations: "
          f"{', '.join(applied)})")
    store.close()
    return 0


def cmd_content_check(args: argparse.Namespace) -> int:
    """Shape and references first (what the bot needs to start), then the writing rules."""
    from bot.content import cross_file_problems, parse_file
    from bot.content_rules import DEFAULT_WORDS_FILE, format_table, load_words, rule_problems, stats

    directory = Path(args.dir) if args.dir else _settings().content_dir
    files = sorted(directory.glob("*.yaml"))
    if not files:
        print(f"{directory}: no programme files (*.yaml) found", file=sys.stderr)
        return 1
    words_file = Path(args.words) if args.words else directory.parent / "words.yaml"
    words = load_words(words_file if words_file.exists() else DEFAULT_WORDS_FILE)
    errors = 0
    rows = []
    clean = []
    for file in files:
        parsed, problems = parse_file(file)
        if parsed is not None:
            problems = rule_problems(parsed, words)
            rows.append(stats(parsed))
            clean.append(parsed)
        for problem in problems:
            print(problem, file=sys.stderr)
        errors += len(problems)
        if parsed is not None and not problems:
            model = parsed.model
            print(f"ok  {file.name}: {model.id}, {len(model.weeks)} weeks, "
                  f"{sum(len(w.days) for w in model.weeks)} prompts")
    for problem in cross_file_problems(clean):  # e.g. one trend asked in other words
        print(problem, file=sys.stderr)
        errors += 1
    if rows:
        print()
        print(format_table(rows))
    if errors:
        print(f"{errors} problem(s) found", file=sys.stderr)
        return 1
    return 0


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def cmd_content_preview(args: argparse.Namespace) -> int:
    from bot.content import load_programmes
    from bot.messages.render import render_prompt

    directory = Path(args.dir) if args.dir else _settings().content_dir
    try:
        programmes = load_programmes(directory)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    programme = programmes.get(args.programme)
    if programme is None:
        print(f"unknown programme '{args.programme}'; there are: {', '.join(sorted(programmes))}",
              file=sys.stderr)
        return 1
    lang = args.lang
    position = 0
    for number, week in enumerate(programme.weeks, start=1):
        if args.week is None or args.week == number:
            print(f"=== {programme.title[lang]} · week {number}: {week.theme[lang]} ===\n")
        for index, prompt in enumerate(week.days):
            if args.week is None or args.week == number:
                names = WEEKDAYS[lang]
                day = names[index] if len(week.days) == len(names) else f"#{index + 1}"
                sample = "…" if prompt.quotes else None
                message = render_prompt(programme, position, prompt, lang, 0, sample)
                print(f"--- {day} [{prompt.kind}] {prompt.id}")
                print(_plain(message.text))
                for row in message.buttons:
                    print("   " + "  ".join(f"[{b.label}]" for b in row))
                if prompt.quotes and prompt.fallback:
                    print(f"   (without an earlier answer: {prompt.fallback[lang]})")
                if prompt.follow_up:
                    print(f"   (after a very short answer: {prompt.follow_up[lang]})")
                if prompt.story:
                    parts = ", ".join(part.prompt_id for part in prompt.story.parts)
                    print(f"   (then the coach sends “{prompt.story.title[lang]}”: {parts})")
                print()
            position += 1
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="coach", description="Werkplekcoach, a Telegram bot.")
    sub = p.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="run the bot (long polling, or a webhook)")
    run_parser.add_argument("--webhook", metavar="URL",
                            help="receive updates at this https URL instead of polling (WEBHOOK_URL)")
    run_parser.set_defaults(func=cmd_run)
    sandbox = sub.add_parser("sandbox", help="try the bot in your browser, without Telegram")
    sandbox.add_argument("--port", type=int, help="port on 127.0.0.1 (default 8321, or the next free one)")
    sandbox.add_argument("--db", default="data/sandbox.db", help="sandbox database (default data/sandbox.db)")
    sandbox.add_argument("--demo", action="store_true", help="start over with three weeks of demo data")
    sandbox.add_argument("--open", action="store_true", help="open the page in your browser")
    sandbox.set_defaults(func=cmd_sandbox)
    migrate = sub.add_parser("migrate", help="create or upgrade the database")
    migrate.add_argument("--dry-run", action="store_true", help="list what would change, change nothing")
    migrate.set_defaults(func=cmd_migrate)
    content = sub.add_parser("content", help="check or preview learning programmes")
    content_sub = content.add_subparsers(dest="content_command", required=True)
    check = content_sub.add_parser("check", help="validate every programme file")
    check.add_argument("--dir", help="folder with programme files (default: CONTENT_DIR)")
    check.add_argument("--words", help="word lists (default: words.yaml next to that folder)")
    check.set_defaults(func=cmd_content_check)
    preview = content_sub.add_parser("preview", help="show a programme as a learner sees it")
    preview.add_argument("programme")
    preview.add_argument("--lang", choices=("nl", "en"), default="nl")
    preview.add_argument("--week", type=int)
    preview.add_argument("--dir", help="folder with programme files (default: CONTENT_DIR)")
    preview.set_defaults(func=cmd_content_preview)
    from bot.cli_ops import add_commands
    from bot.cli_portfolio import add_portfolio

    add_commands(sub, _settings)
    add_portfolio(sub, _settings)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `coach content preview … | head`: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
