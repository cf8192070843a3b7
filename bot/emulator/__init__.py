"""An emulated Telegram Bot API for tests and the local sandbox.

Start a :class:`BotApiEmulator`, point PTB's ``base_url``/``base_file_url`` at it, and play
the users with :meth:`BotApiEmulator.user`.
"""

from .server import BotApiEmulator
from .sim import SimGroup, SimUser
from .state import ApiCall, BotMessage, CallbackAnswer

__all__ = ["ApiCall", "BotApiEmulator", "BotMessage", "CallbackAnswer", "SimGroup", "SimUser"]
