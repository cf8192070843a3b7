"""An in-process Telegram Bot API on 127.0.0.1, so PTB can be tested over real HTTP.

The bot under test gets ``base_url``/``base_file_url`` and talks to us exactly as it would
talk to api.telegram.org; the test plays the users (:meth:`BotApiEmulator.user`) and reads
what the bot did. Faults (429, 403, timeouts, an unreachable server, duplicate updates) can
be switched on per call, so the bot's error handling runs against the responses PTB will
really see.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from aiohttp import web

from .methods import BotApi
from .params import Params
from .sim import SimGroup, SimUser
from .state import JSON, ApiCall, ApiError, Chat, ChatType, World

_log = logging.getLogger(__name__)

# Supergroup ids look like -100xxxxxxxxxx.
_SUPERGROUP_LIMIT = -1_000_000_000_000


@dataclass
class _Fault:
    method: str
    error: ApiError
    chat_id: int | None
    times: int


class BotApiEmulator:
    """A fake Telegram for one bot token. Use ``async with BotApiEmulator() as emu:``."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_id: int = 123456,
        bot_username: str = "werkplekcoach_bot",
        bot_first_name: str = "Werkplekcoach",
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.token = token
        bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.world = World(bot_user, clock or time.time)
        self.api = BotApi(self.world)
        self._users: dict[int, SimUser] = {}
        self._groups: dict[int, SimGroup] = {}
        self._faults: list[_Fault] = []
        self._delays: dict[str, list[float]] = {}
        self._down = False
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        self.api.closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # No access log: request paths contain the bot token.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Ends pending long polls and delays at once, so shutdown never waits for them."""
        self.api.closing = True
        self.world.signal.notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/file/bot"

    # -- the people and chats ---------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str | None = "nl",
        username: str | None = None,
    ) -> SimUser:
        """The user with this id (created on first use); their private chat has the same id."""
        if user_id in self._users:
            return self._users[user_id]
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        chat = Chat(id=user_id, type="private", first_name=first_name, username=username)
        self.world.users[user_id] = user
        self.world.chats[user_id] = chat
        self._users[user_id] = SimUser(self.world, user, chat)
        return self._users[user_id]

    def group(self, chat_id: int, title: str) -> SimGroup:
        """A group (or supergroup, for -100… ids) that the bot has not joined yet."""
        if chat_id in self._groups:
            return self._groups[chat_id]
        kind: ChatType = "supergroup" if chat_id <= _SUPERGROUP_LIMIT else "group"
        chat = Chat(id=chat_id, type=kind, title=title, bot_status="left")
        self.world.chats[chat_id] = chat
        self._groups[chat_id] = SimGroup(self.world, chat)
        return self._groups[chat_id]

    # -- what happened ----------------------------------------------------------------------

    @property
    def calls(self) -> list[ApiCall]:
        return self.world.calls

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.world.calls if c.method.lower() == method.lower()]

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command list the bot set for this scope and language (Telegram's view)."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return list(self.world.commands.get(key, []))

    @property
    def strict_ampersand(self) -> bool:
        """Reject a bare "&" in HTML (Telegram accepts it); see ``html_check``."""
        return self.world.strict_ampersand

    @strict_ampersand.setter
    def strict_ampersand(self, value: bool) -> None:
        self.world.strict_ampersand = value

    async def wait_for(
        self, predicate: Callable[[ApiCall], bool], timeout: float = 5.0, since: int = 0
    ) -> ApiCall:
        """The first recorded call at index >= ``since`` matching ``predicate``."""
        found: list[ApiCall] = []

        def match() -> bool:
            for call in self.world.calls[since:]:
                if predicate(call):
                    found.append(call)
                    return True
            return False

        if not await self.world.signal.wait_until(match, timeout):
            raise AssertionError(
                f"no matching API call within {timeout}s\nrecent API calls:\n" + self.world.recent_calls()
            )
        return found[0]

    async def wait_idle(self, timeout: float = 5.0) -> None:
        """Wait until every queued update was *fetched* and confirmed by a later getUpdates.

        This says the bot has the updates, not that it has finished handling them: PTB
        confirms a batch as soon as it asks for the next one. Wait for the bot's reply
        (``user.next_message``) to know a handler ran.
        """
        if not await self.world.signal.wait_until(self.world.updates.idle, timeout):
            raise AssertionError(
                f"{len(self.world.updates.pending)} update(s) still unconfirmed after "
                f"{timeout}s\nrecent API calls:\n{self.world.recent_calls()}"
            )

    async def wait_polling(self, timeout: float = 5.0) -> None:
        """Wait until a getUpdates long poll is waiting here, i.e. the bot is listening."""
        if not await self.world.signal.wait_until(lambda: self.api.polling, timeout):
            raise AssertionError(
                f"nobody is long-polling getUpdates after {timeout}s\nrecent API calls:\n"
                + self.world.recent_calls()
            )

    # -- faults -----------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str | None = None,
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (to ``chat_id`` if given) with an error.

        The call has no effect. A 429 carries ``parameters.retry_after`` and Telegram's
        "Too Many Requests: retry after N" unless another description is given.
        """
        parameters = None
        if error_code == 429 or retry_after is not None:
            seconds = retry_after if retry_after is not None else 5
            parameters = {"retry_after": seconds}
            description = description or f"Too Many Requests: retry after {seconds}"
        error = ApiError(error_code, description or _default_description(error_code), parameters)
        self._faults.append(_Fault(method.lower(), error, chat_id, times))

    def set_down(self, down: bool) -> None:
        """While down, every request gets a plain 502 (PTB raises NetworkError)."""
        self._down = down

    def delay_next(self, method: str, seconds: float) -> None:
        """Hold the next ``method`` call for ``seconds`` (really waiting) before handling it.

        The call is still carried out afterwards, as Telegram would: a client that timed out
        does not know whether its message went through.
        """
        self._delays.setdefault(method.lower(), []).append(seconds)

    def duplicate_next_update(self) -> None:
        """Deliver the next update twice, in two getUpdates batches, like a reconnect does."""
        self.world.updates.duplicate_next = True

    # -- HTTP -------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            return await self._serve_file(request, path[len("/file/bot") :])
        if not path.startswith("/bot"):
            return web.json_response(_error(404, "Not Found"), status=404)
        token, _, method = path[len("/bot") :].partition("/")
        try:
            params = await Params.read(request)
        except ApiError as error:
            return self._reply(request, method, Params({}), error.to_json(), error.status)
        if self._down:
            self._record(request, method, params, 502, None)
            return web.Response(status=502, text="Bad Gateway")
        if token != self.token:
            return self._reply(request, method, params, ApiError(401, "Unauthorized").to_json(), 401)
        found = self.api.handler(method)
        if found is None:
            return self._reply(request, method, params, _error(404, "Not Found"), 404)
        name, handler = found
        delays = self._delays.get(name.lower())
        if delays:
            seconds = delays.pop(0)
            await self.world.signal.wait_until(lambda: self.api.closing, seconds)
        try:
            self._raise_fault(name, params)
            result = await handler(params)
        except ApiError as error:
            return self._reply(request, name, params, error.to_json(), error.status)
        except Exception as exc:
            # An emulator bug: say so in the call log instead of a bare 500 from aiohttp.
            _log.exception("emulator failed in %s", name)
            body = _error(500, f"Internal Server Error: emulator bug in {name}: {exc!r}")
            return self._reply(request, name, params, body, 500)
        return self._reply(request, name, params, {"ok": True, "result": result}, 200)

    async def _serve_file(self, request: web.Request, rest: str) -> web.StreamResponse:
        if self._down:
            return web.Response(status=502, text="Bad Gateway")
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return web.json_response(_error(401, "Unauthorized"), status=401)
        for stored in self.world.files.values():
            if stored.file_path == file_path:
                return web.Response(
                    body=stored.data, content_type=stored.mime_type or "application/octet-stream"
                )
        return web.json_response(_error(404, "Not Found"), status=404)

    def _raise_fault(self, method: str, params: Params) -> None:
        for fault in self._faults:
            if fault.method != method.lower():
                continue
            if fault.chat_id is not None and params.values.get("chat_id") != fault.chat_id:
                continue
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
            raise fault.error

    def _reply(
        self, request: web.Request, method: str, params: Params, body: JSON, status: int
    ) -> web.Response:
        self._record(request, method, params, status, body)
        return web.json_response(body, status=status)

    def _record(
        self, request: web.Request, method: str, params: Params, status: int, body: JSON | None
    ) -> None:
        transport = request.transport
        self.world.calls.append(
            ApiCall(
                index=len(self.world.calls),
                method=method,
                params=params.decoded(),
                status=status,
                response=body,
                time=self.world.clock(),
                client_gone=transport is None or transport.is_closing(),
            )
        )
        self.world.signal.notify()


def _error(code: int, description: str) -> JSON:
    return {"ok": False, "error_code": code, "description": description}


def _default_description(code: int) -> str:
    defaults: dict[int, str] = {
        400: "Bad Request: chat not found",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: terminated by other getUpdates request",
        429: "Too Many Requests: retry after 5",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }
    return defaults.get(code, "Error")
