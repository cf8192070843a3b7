"""Build the PTB ``Application``: handlers, the tick job and start/stop hooks."""

from __future__ import annotations

import gc
import logging
import sqlite3
from collections.abc import Mapping
from datetime import timedelta

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.clock import Clock, system_clock
from bot.config import FREE_RATE, Settings
from bot.core.programme import Programme
from bot.messages.i18n import LANGUAGES, plain
from bot.planning.delivery import warn_if_lagging
from bot.store import Store
from bot.store.thread import StoreThread, is_locked
from bot.telegram import inbox
from bot.telegram.dispatch import Dispatcher
from bot.telegram.handlers import (
    admin,
    answers,
    edits,
    finish,
    goals,
    mentors,
    misc,
    nudges,
    onboarding,
    overview,
    pause,
    portfolio,
    privacy,
    sharing,
    shifts,
    sprints,
    teamweek,
)
from bot.telegram.handlers.common import Context
from bot.telegram.health import HealthServer
from bot.telegram.lanes import SendGate
from bot.telegram.ordering import PerSenderOrder
from bot.telegram.ratelimit import OutboxRateLimiter
from bot.telegram.request import AiohttpRequest, UpdatesRequest
from bot.telegram.services import KEY, Services

log = logging.getLogger(__name__)
STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)

# (Dutch command, English alias, catalog key of the description)
COMMANDS = (
    ("vandaag", "today", "commands.today"),
    ("instellingen", "settings", "commands.settings"),
    ("pauze", "pause", "commands.pause"),
    ("doelen", "goals", "commands.goals"),
    ("portfolio", "portfolio", "commands.portfolio"),
    ("ploegen", "shifts", "commands.shifts"),
    ("hervat", "resume", "commands.resume"),
    ("overzicht", "overview", "commands.overview"),
    ("mentor", "mentor", "commands.mentor"),
    ("leerlingen", "learners", "commands.learners"),
    ("sprint", "sprint", "commands.sprint"),
    ("mijngegevens", "mydata", "commands.mydata"),
    ("help", "help", "commands.help"),
)
PRIVATE = filters.ChatType.PRIVATE
METRICS = "metrics"
HEALTH = "health_server"
DEFER_ANNOUNCE = "announce_after_start"


def build_application(
    settings: Settings,
    store: Store,
    programmes: Mapping[str, Programme],
    clock: Clock = system_clock,
    *,
    run_ticks: bool = True,
) -> Application:  # type: ignore[type-arg]
    """The whole bot, pointed at ``settings.telegram_base_url`` (Telegram or an emulator)."""
    assert settings.telegram_bot_token is not None
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .concurrent_updates(PerSenderOrder())
    )
    updates: UpdatesRequest | None = None
    if settings.telegram_http_client == "aiohttp":
        # PTB's ApplicationBuilder defaults: 256 connections for sends, 1 for getUpdates.
        updates = UpdatesRequest(1, proxy=settings.telegram_proxy)
        builder = builder.request(AiohttpRequest(256, proxy=settings.telegram_proxy)) \
            .get_updates_request(updates)
    elif settings.telegram_proxy:
        builder = builder.proxy(settings.telegram_proxy) \
            .get_updates_proxy(settings.telegram_proxy)
    rate = settings.telegram_rate_limit or None
    if rate is not None:
        # The lanes (dispatch) do the rates; PTB's limiter only sits out short 429s.
        builder = builder.rate_limiter(OutboxRateLimiter(max_retries=3))  # type: ignore[arg-type]
    app = builder.build()
    _quiet_skipped_ticks()
    gate = SendGate(rate, per_chat=rate is not None)
    # Every message sent with allow_paid_broadcast costs Stars: only when the rate needs it.
    paid = settings.telegram_paid_broadcast and settings.telegram_rate_limit > FREE_RATE
    thread = StoreThread(store, patience=settings.database_lock_patience)
    dispatcher = Dispatcher(app.bot, store, clock, gate, paid_broadcast=paid, thread=thread)
    app.bot_data[KEY] = Services(settings, store, programmes, clock, dispatcher)
    app.bot_data[KEY].retry_updates = lambda now: inbox.retry_failed(app, now)
    if updates is not None:
        app.bot_data[KEY].raw_update = updates.take
    if settings.health_port is not None:  # only the health server shows them
        from bot.telegram.metrics import Metrics

        metrics = Metrics(app.bot_data[KEY])
        app.bot_data[METRICS] = metrics
        app.bot_data[KEY].tick_observer = metrics.tick_seconds.observe
    _add_handlers(app)
    app.bot_data[DEFER_ANNOUNCE] = run_ticks
    if run_ticks and app.job_queue is not None:
        app.job_queue.run_repeating(
            _tick,
            interval=settings.tick_seconds,
            first=1.0,
            name="tick",
            job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        app.job_queue.run_repeating(
            _housekeeping, interval=3600, first=60.0, name="housekeeping",
            job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
    return app


class _SkippedTick(logging.Filter):
    """A tick that is still running when the next is due makes APScheduler log a
    warning each interval (a long lock: every second). Skipping is what the tick job
    asks for (max_instances=1), so that line says nothing; the store thread says why."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in record.getMessage()


def _quiet_skipped_ticks() -> None:
    scheduler = logging.getLogger("apscheduler.scheduler")
    if not any(isinstance(f, _SkippedTick) for f in scheduler.filters):
        scheduler.addFilter(_SkippedTick())


async def _housekeeping(context: Context) -> None:
    """Forget update ids older than a week: Telegram never redelivers that late."""
    svc = context.application.bot_data[KEY]
    removed = await svc.call(svc.store.forget_updates_before, svc.now() - timedelta(days=7))
    if removed:
        log.info("forgot %d old update ids", removed)


def _command(dutch: str, english: str, callback: object) -> CommandHandler:  # type: ignore[type-arg]
    names = {dutch, english}
    return CommandHandler(list(names), callback, filters=PRIVATE)  # type: ignore[arg-type]


def _add_handlers(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, _count_update), group=-2)
    app.add_handler(TypeHandler(Update, inbox.receive), group=-1)
    app.add_handler(TypeHandler(Update, inbox.finish), group=1)
    app.add_handlers(
        [
            MessageHandler(filters.UpdateType.EDITED_MESSAGE, edits.on_edit),
            CommandHandler("start", onboarding.start, filters=PRIVATE),
            _command("help", "help", misc.help_command),
            _command("instellingen", "settings", onboarding.settings_command),
            _command("pauze", "pause", pause.pause),
            _command("hervat", "resume", pause.resume),
            _command("vandaag", "today", answers.today),
            _command("mijngegevens", "mydata", privacy.my_data),
            _command("privacy", "privacy", privacy.notice),
            _command("mentor", "mentor", mentors.mentor_command),
            _command("overzicht", "overview", overview.overview),
            _command("leerlingen", "learners", overview.learners),
            _command("sprint", "sprint", sprints.sprint_command),
            _command("ploegen", "shifts", shifts.shifts_command),
            _command("doelen", "goals", goals.goals_command),
            _command("portfolio", "portfolio", portfolio.portfolio_command),
            _command("stats", "stats", admin.stats_command),
            _command("aankondiging", "announce", admin.announce_command),
            MessageHandler(filters.COMMAND & PRIVATE, misc.unknown_command),
            CallbackQueryHandler(onboarding.on_button, pattern=r"^ob:"),
            CallbackQueryHandler(onboarding.settings_button, pattern=r"^set:"),
            CallbackQueryHandler(answers.on_answer_button, pattern=r"^a:"),
            CallbackQueryHandler(finish.next_button, pattern=r"^nx:"),
            CallbackQueryHandler(privacy.on_button, pattern=r"^my:"),
            CallbackQueryHandler(privacy.older_weeks_button, pattern=r"^lsw:"),
            CallbackQueryHandler(mentors.invite_button, pattern=r"^mi:"),
            CallbackQueryHandler(mentors.invitation_button, pattern=r"^inv:"),
            CallbackQueryHandler(mentors.link_button, pattern=r"^lnk:"),
            CallbackQueryHandler(mentors.feedback_button, pattern=r"^fb:"),
            CallbackQueryHandler(mentors.reaction_button, pattern=r"^fbr:"),
            CallbackQueryHandler(sharing.flag_button, pattern=r"^(pv|ds|tm):"),
            CallbackQueryHandler(sprints.setup_button, pattern=r"^sp:"),
            CallbackQueryHandler(sprints.lead_button, pattern=r"^sl:"),
            CallbackQueryHandler(sprints.join_button, pattern=r"^sj:"),
            CallbackQueryHandler(sprints.member_button, pattern=r"^sm:"),
            CallbackQueryHandler(teamweek.details_button, pattern=r"^td:"),
            CallbackQueryHandler(overview.details_button, pattern=r"^md:"),
            CallbackQueryHandler(overview.open_media, pattern=r"^mo:"),
            CallbackQueryHandler(overview.pick_button, pattern=r"^wk:"),
            CallbackQueryHandler(sharing.week_button, pattern=r"^(hold|unhold):"),
            CallbackQueryHandler(edits.forward_button, pattern=r"^fw:"),
            CallbackQueryHandler(admin.on_button, pattern=r"^adm:"),
            CallbackQueryHandler(shifts.on_button, pattern=r"^sh:"),
            CallbackQueryHandler(goals.on_button, pattern=r"^gl:"),
            CallbackQueryHandler(goals.react_button, pattern=r"^gn:"),
            CallbackQueryHandler(goals.tie_button, pattern=r"^ag:"),
            CallbackQueryHandler(nudges.on_button, pattern=r"^(rm|ap):"),
            CallbackQueryHandler(portfolio.on_button, pattern=r"^pf:"),
            CallbackQueryHandler(misc.unknown_button),
            MessageHandler(PRIVATE & filters.FORWARDED & ~filters.COMMAND, edits.on_forward),
            *_admin_text(app),
            MessageHandler(
                PRIVATE & (filters.TEXT | filters.VOICE | filters.PHOTO | filters.VIDEO
                           | filters.VIDEO_NOTE | filters.AUDIO | filters.Document.ALL),
                answers.on_message,
            ),
            MessageHandler(PRIVATE, misc.unsupported_message),
            ChatMemberHandler(misc.chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
        ]
    )
    app.add_error_handler(misc.on_error)


def _admin_text(app: Application) -> list[MessageHandler]:  # type: ignore[type-arg]
    """An admin's text may be an announcement; only admins' messages pass this handler."""
    admins = app.bot_data[KEY].settings.admin_ids
    if not admins:
        return []
    return [MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND & filters.User(user_id=admins),
                           admin.on_text)]


async def _tick(context: Context) -> None:
    svc = context.application.bot_data[KEY]
    try:
        await svc.tick()
    except sqlite3.OperationalError as exc:
        if not is_locked(exc):
            log.exception("tick failed; the next tick tries again")
        # A lock: the store thread logs it once a minute; nothing to add every tick.
    except Exception:
        log.exception("tick failed; the next tick tries again")


async def _count_update(update: Update, context: Context) -> None:
    metrics = context.application.bot_data.get(METRICS)
    if metrics is not None:
        metrics.updates.inc()


AFTER_START = 0.5  # seconds after start for the work that need not hold up the first poll


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    """Start the health server (when configured); the command menu and the lag warning
    follow once polling has begun (``_after_start``), so they never delay the first
    updates. The start-up checks (database, one bot, token) ran before this."""
    svc = app.bot_data[KEY]
    if svc.settings.health_port is not None:
        server = HealthServer(svc, app.bot_data[METRICS], svc.settings.health_host,
                              svc.settings.health_port)
        await server.start()
        app.bot_data[HEALTH] = server
    if app.bot_data.get(DEFER_ANNOUNCE) and app.job_queue is not None:
        app.job_queue.run_once(_after_start, when=AFTER_START, name="after-start")
    else:  # the sandbox and tests: a clock of their own, the menu at once
        await _announce(app)


async def _after_start(context: Context) -> None:
    await _announce(context.application)
    settle_heap()


def settle_heap() -> None:
    """Once the bot runs: collect what the start left, then exempt every object alive now
    (modules, programmes, texts: ~100,000, kept for the process's life) from later
    collections. Otherwise each full collection scans them all, 50-90 ms with the
    interpreter lock held, during which the event loop stands still (B4's 1% tick)."""
    gc.collect()
    gc.freeze()


async def _announce(app: Application) -> None:  # type: ignore[type-arg]
    """Register the command menu in Dutch (default) and English; warn the operator when
    the prompt times predict more than 15 minutes of delivery lag at the set rate."""
    svc = app.bot_data.get(KEY)
    if isinstance(svc, Services):
        await svc.call(warn_if_lagging, svc.store, svc.settings.telegram_rate_limit or None,
                       svc.now())
    for lang in (None, *LANGUAGES):
        shown = lang or "nl"
        commands = [
            BotCommand(dutch if shown == "nl" else english, plain(shown, key))
            for dutch, english, key in COMMANDS
        ]
        await app.bot.set_my_commands(commands, language_code=lang)


async def _post_stop(app: Application) -> None:  # type: ignore[type-arg]
    """In-flight sends finish; claimed but unsent rows go back to pending."""
    svc = app.bot_data.get(KEY)
    if isinstance(svc, Services):
        await svc.dispatcher.drain()
        svc.thread.close()
    server = app.bot_data.pop(HEALTH, None)
    if isinstance(server, HealthServer):
        await server.stop()
