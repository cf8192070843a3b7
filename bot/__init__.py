"""Werkplekcoach: a Telegram bot that coaches workers in learning at work."""

from bot import lean

__version__ = "0.1.0"

lean.install()  # before anything imports sqlite-utils or httpx (see bot/lean.py)
