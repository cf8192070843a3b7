"""Werkplekcoach: a Telegram bot that coaches workers in learning at work."""

__version__ = "0.1.0"
