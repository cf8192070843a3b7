"""The people who read the bot's own texts are adults at work: no sprint jargon, no
'koppeling', no 'leerling' (we say 'collega in opleiding' / 'trainee'), no swiping."""

from __future__ import annotations

import re

import pytest

from bot.messages.i18n import catalog

AVOID = {
    "nl": [r"sprintdag", r"sprintlink", r"sprintvra", r"verdeling", r"koppeling", r"swipe",
           r"ik post hier", r"leerling(?!en\b)", r"privéantwoorden ziet een begeleider"],
    "en": [r"distribution", r"swipe", r"\blearners?\b(?! –)", r"\bsprint day", r"sprint link",
           r"sprint question"],
}
OPERATOR_AND_SANDBOX = ("admin.", "sandbox.")  # tools for operators and developers


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_catalog_texts_use_plain_words(lang: str) -> None:
    found = []
    for key, text in catalog(lang).items():
        if key.startswith(OPERATOR_AND_SANDBOX):
            continue
        # A command name is a fixed word the user types; the text around it is checked.
        words = re.sub(r"/\w+", "", text)
        found += [(key, p) for p in AVOID[lang] if re.search(p, words, re.IGNORECASE)]
    assert found == []
