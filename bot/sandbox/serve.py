"""``coach sandbox``: start the sandbox and its web page, stop all of it on Ctrl-C.

The page listens on 127.0.0.1 only (it has no login), on a fixed port so bookmarks keep
working, or the next free one when that is taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import signal
import sys
import webbrowser
from collections.abc import Mapping
from pathlib import Path

from aiohttp import web

from bot.core.programme import Programme
from bot.sandbox.demo import build_demo
from bot.sandbox.runner import Sandbox
from bot.sandbox.web import make_app

log = logging.getLogger(__name__)

DEFAULT_PORT = 8321
PORT_TRIES = 20
HOST = "127.0.0.1"


async def start_site(runner: web.AppRunner, port: int, fixed: bool) -> int:
    """Bind ``port``; if it is taken and the port was not asked for, try the next ones."""
    tries = 1 if fixed else PORT_TRIES
    for candidate in range(port, port + tries):
        site = web.TCPSite(runner, HOST, candidate)
        try:
            await site.start()
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            continue
        return int(runner.addresses[-1][1])
    if fixed:
        raise OSError(errno.EADDRINUSE, f"port {port} is in use")
    site = web.TCPSite(runner, HOST, 0)
    await site.start()
    return int(runner.addresses[-1][1])


async def serve(db_path: Path, programmes: Mapping[str, Programme], *, port: int | None,
                demo: bool, open_browser: bool) -> int:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    sandbox = Sandbox(db_path, programmes, demo=build_demo if demo else None)
    if demo:
        print("Preparing the demo: five weeks played through the bot (a few seconds)…",
              file=sys.stderr)
    await sandbox.open()
    runner = web.AppRunner(make_app(sandbox), access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    try:
        try:
            bound = await start_site(runner, port or DEFAULT_PORT, fixed=port is not None)
        except OSError as error:
            print(f"Cannot listen on {HOST}:{port}: {error.strerror or error}", file=sys.stderr)
            return 1
        url = f"http://{HOST}:{bound}/"
        print(f"Sandbox ready: {url}  (database {db_path}; Ctrl-C stops)", flush=True)
        if open_browser:
            webbrowser.open(url)
        await stop.wait()
        print("Stopping the sandbox…", file=sys.stderr)
    finally:
        await runner.cleanup()
        await sandbox.close()
    return 0
