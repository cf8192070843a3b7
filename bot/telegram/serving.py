"""How updates reach the bot: long polling (the default) or Telegram's webhook.

Webhook mode listens on a local address behind a reverse proxy that terminates TLS.
Telegram sends ``X-Telegram-Bot-Api-Secret-Token`` with every update; PTB's webhook
server refuses a request without the right one (403), so nobody but Telegram can feed
the bot updates. Without a configured secret a random one is made at each start (the
webhook is set again at each start anyway). Pending updates are never dropped.
Switching back to polling deletes the webhook (PTB does that when polling starts).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from telegram import Update
from telegram.ext import Application

from bot.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Webhook:
    url: str
    url_path: str
    secret: str
    listen: str
    port: int


def webhook_of(settings: Settings) -> Webhook | None:
    """The webhook to serve, or None for long polling; a bad URL raises ValueError."""
    if not settings.webhook_url:
        return None
    parsed = urlparse(settings.webhook_url)
    if parsed.scheme != "https" or not parsed.hostname:
        raise ValueError(f"WEBHOOK_URL must be an https:// address, not {settings.webhook_url!r}")
    secret = (settings.webhook_secret.get_secret_value() if settings.webhook_secret
              else secrets.token_urlsafe(32))
    return Webhook(settings.webhook_url, parsed.path.lstrip("/"), secret,
                   settings.webhook_listen, settings.webhook_port)


def run(app: Application[Any, Any, Any, Any, Any, Any], settings: Settings) -> None:
    """Block until stopped (Ctrl-C, SIGTERM), receiving updates the configured way."""
    hook = webhook_of(settings)
    if hook is None:
        app.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
        return
    log.info("webhook mode: listening on %s:%s for %s", hook.listen, hook.port, hook.url)
    app.run_webhook(
        listen=hook.listen, port=hook.port, url_path=hook.url_path, webhook_url=hook.url,
        secret_token=hook.secret, allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False, close_loop=False,
    )
