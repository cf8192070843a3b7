"""PTB's ``BaseRequest`` on aiohttp: the HTTP client for the Bot API by default.

httpx's connection pool costs most of a send's client CPU at the concurrency a
broadcast needs (docs/benchmarks.md); aiohttp, already a dependency, does the same
work for a fraction. Only the transport is ours: status codes become
``telegram.error`` classes in PTB's own ``BaseRequest`` machinery, exactly as with
``HTTPXRequest``. Timeouts become ``TimedOut``, connection errors ``NetworkError``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """The same defaults as PTB's ``HTTPXRequest`` (5 s read/write/connect, 1 s pool,
    20 s to write an upload); ``proxy`` is an http(s) proxy URL.

    aiohttp has no separate write timeout: an upload's answer may take
    ``write_timeout + read_timeout``, other requests' ``read_timeout``; ``connect``
    covers waiting for a pooled connection plus connecting.
    """

    __slots__ = ("_connect", "_media_write", "_pool", "_pool_size", "_proxy", "_read",
                 "_session", "_write")

    def __init__(self, connection_pool_size: int = 1, *, proxy: str | None = None,
                 read_timeout: float | None = 5.0, write_timeout: float | None = 5.0,
                 connect_timeout: float | None = 5.0, pool_timeout: float | None = 1.0,
                 media_write_timeout: float | None = 20.0) -> None:
        self._pool_size = connection_pool_size
        self._proxy = proxy
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = _given(read_timeout, self._read)
        write = _given(write_timeout, self._media_write if files else self._write)
        connect = _given(connect_timeout, self._connect)
        pool = _given(pool_timeout, self._pool)
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=None if read is None else read + ((write or 0.0) if files else 0.0),
        )
        body: Any = _body(request_data, files)
        try:
            async with self._session.request(
                method, url, data=body, timeout=timeout, proxy=self._proxy,
                headers=_FORM if isinstance(body, bytes) else _AGENT,
            ) as response:
                return response.status, await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            # The class name helps when aiohttp's message is empty.
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


_AGENT = {"User-Agent": BaseRequest.USER_AGENT}
_FORM = {**_AGENT, "Content-Type": "application/x-www-form-urlencoded"}


def _body(request_data: RequestData | None, files: dict[str, Any] | None) -> Any:
    """Form fields as httpx sends them: url-encoded, or multipart when there are files.

    Without files the body is encoded here: handed a dict, aiohttp builds a form
    object (and a multipart writer) per request, a sixth of a send's client CPU."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not files:
        return urlencode(fields).encode()
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    for name, part in files.items():
        if isinstance(part, tuple):
            filename, content = part[0], part[1]
            content_type = part[2] if len(part) > 2 else None
            form.add_field(name, content, filename=filename, content_type=content_type)
        else:
            form.add_field(name, part, filename=name)
    return form


RAW_KEPT = 10_000  # updates whose JSON waits for the inbox; more means none is reading


class UpdatesRequest(AiohttpRequest):
    """The getUpdates client, which keeps each update's JSON as Telegram sent it.

    The inbox stores every update's JSON before it is handled. Turning PTB's parsed
    ``Update`` back into a dict cost about as much CPU as the whole reply; the JSON is
    right here, already parsed, so ``take`` hands it over instead (webhook updates and
    tried-again ones fall back to ``Update.to_dict``)."""

    __slots__ = ("_raw",)

    def __init__(self, connection_pool_size: int = 1, **kwargs: Any) -> None:
        super().__init__(connection_pool_size, **kwargs)
        self._raw: dict[int, dict[str, Any]] = {}

    # PTB declares it static and calls it on the instance; this one needs the instance
    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        """PTB uses this client for getUpdates only, so a list result is updates."""
        data = super().parse_json_payload(payload)
        result = data.get("result") if isinstance(data, dict) else None
        if isinstance(result, list):
            for raw in result:
                if isinstance(raw, dict) and isinstance(raw.get("update_id"), int):
                    self._raw[raw["update_id"]] = raw
            while len(self._raw) > RAW_KEPT:
                del self._raw[next(iter(self._raw))]
        return data

    def take(self, update_id: int) -> dict[str, Any] | None:
        """The update's JSON as received (once), or None when it did not come this way."""
        return self._raw.pop(update_id, None)
