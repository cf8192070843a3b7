"""The shipped programmes, loaded once for every benchmark."""

from bot.config import DEFAULT_CONTENT_DIR
from bot.content import load_programmes

PROGRAMMES = load_programmes(DEFAULT_CONTENT_DIR)
