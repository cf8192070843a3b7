"""User-facing text: both languages complete, valid Telegram HTML, values escaped, and
prompts rendered the way a learner sees them."""

from __future__ import annotations

import re
import string
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from bot.config import DEFAULT_CONTENT_DIR
from bot.content import load_programmes
from bot.core.programme import Kind
from bot.core.progress import shorten
from bot.core.records import Button
from bot.emulator.html_check import HtmlParseError, parse_html
from bot.messages import callbacks
from bot.messages.callbacks import AnswerChoice, parse_answer
from bot.messages.i18n import LANGUAGES, Raw, catalog, normalise, plain, t, tr
from bot.messages.render import day_names, format_clock, format_day, mark_chosen, render_prompt, when_text

NL, EN = catalog("nl"), catalog("en")
ALL_KEYS = sorted(set(NL) | set(EN))
ALLOWED_TAGS = {"b", "i", "code", "u", "s", "a"}
NASTY = "<b>x</b> & co"
NASTY_ESCAPED = "&lt;b&gt;x&lt;/b&gt; &amp; co"

PROGRAMMES = load_programmes(DEFAULT_CONTENT_DIR)
STARTER = PROGRAMMES["starter"]


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def check_html(text: str) -> str:
    """Raise if Telegram would refuse ``text`` or it uses a tag we do not allow; return plain text."""
    tags = {m.lower() for m in re.findall(r"</?\s*([A-Za-z][\w-]*)", text)}
    assert tags <= ALLOWED_TAGS, f"tags {tags - ALLOWED_TAGS} in {text!r}"
    return parse_html(text).text


# --- the catalogs ------------------------------------------------------------------------


def test_both_languages_have_the_same_keys() -> None:
    assert sorted(set(NL) - set(EN)) == [], "missing in en.yaml"
    assert sorted(set(EN) - set(NL)) == [], "missing in nl.yaml"


@pytest.mark.parametrize("key", ALL_KEYS)
def test_placeholders_are_the_same_in_both_languages(key: str) -> None:
    assert fields(NL[key]) == fields(EN[key])


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_text_is_valid_telegram_html(lang: str, key: str) -> None:
    template = catalog(lang)[key]
    assert template.strip(), "empty text"
    assert "{{" not in template and "}}" not in template
    check_html(template)
    # Filled in with a value full of HTML, the message is still valid and shows the value as typed.
    values = {name: NASTY for name in fields(template)}
    filled = t(lang, key, **values)
    shown = check_html(filled)
    if values:
        assert NASTY in shown


def test_the_html_checker_catches_broken_html() -> None:
    with pytest.raises(HtmlParseError):
        check_html("<b>open")
    with pytest.raises(HtmlParseError):
        check_html("<b>x</i>")
    with pytest.raises(AssertionError):
        check_html("<blockquote>x</blockquote>")


def test_t_escapes_values() -> None:
    text = t("nl", "onboarding.time_invalid", text=NASTY)
    assert NASTY_ESCAPED in text
    assert NASTY not in text
    assert text.startswith("Dat herken ik niet als tijd: <i>")
    assert NASTY_ESCAPED in t("en", "errors.unknown_command", command=NASTY)
    assert t("en", "when.today", time="<4 & 5>") == "today at &lt;4 &amp; 5&gt;"


def test_raw_values_are_not_escaped_twice() -> None:
    inner = tr("nl", "when.today", time="16:00")
    assert isinstance(inner, Raw)
    text = t("nl", "today.none", when=inner)
    assert text == "Vandaag is er geen vraag voor jou. Je volgende vraag komt vandaag om 16:00."
    assert t("nl", "today.none", when=Raw("<b>morgen</b> &amp; later")).endswith(
        "komt <b>morgen</b> &amp; later."
    )


def test_language_codes_from_telegram_are_normalised() -> None:
    assert normalise("en-GB") == "en"
    assert normalise("NL") == "nl"
    assert normalise("de") == "nl"
    assert normalise(None) == "nl"
    assert t("en-US", "prompt.skip") == "Skip today"
    assert plain("fr", "prompt.skip") == "Vandaag overslaan"


def test_button_labels_have_no_html() -> None:
    for lang in LANGUAGES:
        for key in ("prompt.skip", "prompt.other", *(f"days.short.{d}" for d in range(1, 8))):
            assert "<" not in plain(lang, key)


# --- shorten -----------------------------------------------------------------------------


def test_shorten_keeps_a_short_answer_and_tidies_white_space() -> None:
    assert shorten("  Ik vraag   Piet\nom hulp ") == "Ik vraag Piet om hulp"
    assert shorten("x" * 80) == "x" * 80


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    answer = "Als de scanner piept, dan bel ik eerst Piet van de technische dienst voordat ik zelf ga zoeken"
    short = shorten(answer)
    assert short == "Als de scanner piept, dan bel ik eerst Piet van de technische dienst voordat…"
    assert len(short) <= 80
    assert shorten("een twee, drie vier", limit=11) == "een twee…"  # no dangling comma


def test_shorten_cuts_a_single_long_word_hard() -> None:
    assert shorten("x" * 200) == "x" * 79 + "…"


# --- rendering prompts -------------------------------------------------------------------

CHECKBACK_POS = 4  # starter w1-vr, quotes w1-do
SCALE_POS = 1  # starter w1-di
CHOICE_POS = 2  # starter w1-wo
EARLIER = "Als de <scanner> piept & het licht   knippert, dan bel ik eerst Piet van de technische dienst"


def test_checkback_quotes_the_earlier_answer_escaped_and_shortened_nl() -> None:
    prompt = STARTER.days[CHECKBACK_POS]
    assert prompt.kind == Kind.CHECKBACK
    message = render_prompt(STARTER, CHECKBACK_POS, prompt, "nl", 42, EARLIER)
    assert (
        "Je plan was: “Als de &lt;scanner&gt; piept &amp; het licht knippert, dan bel ik "
        "eerst Piet van de…”. Is dat gelukt? Half gelukt telt ook."
    ) in message.text
    assert message.text.startswith("<i>Je werkdag in beeld · dag 5 van 10</i>\n\n")
    shown = check_html(message.text)
    assert "“Als de <scanner> piept & het licht knippert, dan bel ik eerst Piet van de…”" in shown
    assert "{answer}" not in shown
    assert message.buttons == ((Button("Vandaag overslaan", callbacks.answer(42, "x")),),)


def test_checkback_quotes_the_earlier_answer_en() -> None:
    prompt = STARTER.days[CHECKBACK_POS]
    message = render_prompt(STARTER, CHECKBACK_POS, prompt, "en", 7, "ask Piet")
    assert "Your plan was: “ask Piet”. Did it work out? Halfway counts too." in message.text
    check_html(message.text)


@pytest.mark.parametrize("earlier", [None, ""])
@pytest.mark.parametrize(
    ("lang", "fallback"),
    [
        ("nl", "Heb je deze week iets nieuws geprobeerd op je werk? Klein mag ook."),
        ("en", "Did you try anything new at work this week? Small things count too."),
    ],
)
def test_checkback_without_an_earlier_answer_uses_the_fallback(
    lang: str, fallback: str, earlier: str | None
) -> None:
    prompt = STARTER.days[CHECKBACK_POS]
    message = render_prompt(STARTER, CHECKBACK_POS, prompt, lang, 42, earlier)
    shown = check_html(message.text)
    assert fallback in shown
    assert "{answer}" not in shown and "“" not in shown


@pytest.mark.parametrize(("lang", "skip"), [("nl", "Vandaag overslaan"), ("en", "Skip today")])
def test_scale_prompt_has_buttons_one_to_five_and_skip(lang: str, skip: str) -> None:
    prompt = STARTER.days[SCALE_POS]
    assert prompt.kind == Kind.SCALE
    message = render_prompt(STARTER, SCALE_POS, prompt, lang, 123, None)
    numbers, skip_row = message.buttons
    assert [b.label for b in numbers] == ["1", "2", "3", "4", "5"]
    assert [b.label for b in skip_row] == [skip]
    assert [parse_answer(b.data) for b in numbers] == [
        AnswerChoice(123, "scale", str(v)) for v in range(1, 6)
    ]
    assert parse_answer(skip_row[0].data) == AnswerChoice(123, "skip")
    # The writer already put the labels in the text, so they are not repeated below it.
    low, high = ("zwaar", "ging lekker") if lang == "nl" else ("tough", "went well")
    assert message.text.count(low) == 1 and message.text.count(high) == 1
    check_html(message.text)


def test_scale_labels_are_shown_when_the_text_does_not_name_them() -> None:
    prompt = replace(STARTER.days[SCALE_POS], text={"nl": "Hoe zeker ben je?", "en": "How sure?"})
    message = render_prompt(STARTER, SCALE_POS, prompt, "nl", 1, None)
    assert "<i>1 = zwaar · 5 = ging lekker</i>" in message.text


def test_choice_prompt_has_one_button_per_option_plus_other_and_skip() -> None:
    prompt = STARTER.days[CHOICE_POS]
    message = render_prompt(STARTER, CHOICE_POS, prompt, "nl", 9, None)
    labels = [row[0].label for row in message.buttons]
    assert labels == [
        "Van een collega", "Van een klant", "Van een storing of fout", "Door zelf te proberen",
        "Vandaag niets nieuws", "Anders, namelijk…", "Vandaag overslaan",
    ]
    parsed = [parse_answer(row[0].data) for row in message.buttons]
    assert parsed[0] == AnswerChoice(9, "choice", "collega")
    assert parsed[-2] == AnswerChoice(9, "other")
    assert parsed[-1] == AnswerChoice(9, "skip")


def test_every_shipped_option_gives_callback_data_that_parses_back() -> None:
    big_id = 10**12 - 1  # the largest outbox id the grammar allows
    for programme in PROGRAMMES.values():
        for position, prompt in enumerate(programme.days):
            for lang in LANGUAGES:
                message = render_prompt(programme, position, prompt, lang, big_id, "een antwoord")
                check_html(message.text)
                for row in message.buttons:
                    for button in row:
                        assert len(button.data.encode()) <= 64  # Telegram's limit
                        assert parse_answer(button.data) is not None, button.data
                        assert 1 <= len(button.label) <= 30


@pytest.mark.parametrize(
    "data", ["", "a:1:s6", "a:1:s0", "a::x", "b:1:x", "a:1:cBAD", "a:1:x:extra", "a:1234567890123:x"]
)
def test_parse_answer_rejects_forged_data(data: str) -> None:
    assert parse_answer(data) is None


def test_mark_chosen_puts_a_check_mark_on_the_chosen_button_only() -> None:
    prompt = STARTER.days[SCALE_POS]
    buttons = render_prompt(STARTER, SCALE_POS, prompt, "nl", 5, None).buttons
    marked = mark_chosen(buttons, callbacks.answer(5, "s3"))
    assert [b.label for b in marked[0]] == ["1", "2", "✅ 3", "4", "5"]
    again = mark_chosen(marked, callbacks.answer(5, "s4"))
    assert [b.label for b in again[0]] == ["1", "2", "3", "✅ 4", "5"]


# --- when the next prompt comes ----------------------------------------------------------

AMS = "Europe/Amsterdam"
THURSDAY_MORNING = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)  # 09:00 in Amsterdam


@pytest.mark.parametrize(
    ("moment", "lang", "expected"),
    [
        (datetime(2026, 11, 26, 15, tzinfo=UTC), "nl", "vandaag om 16:00"),
        (datetime(2026, 11, 27, 15, tzinfo=UTC), "nl", "morgen om 16:00"),
        (datetime(2026, 11, 30, 15, tzinfo=UTC), "nl", "maandag 30 november om 16:00"),
        (datetime(2026, 11, 26, 15, tzinfo=UTC), "en", "today at 4:00 PM"),
        (datetime(2026, 11, 27, 15, tzinfo=UTC), "en", "tomorrow at 4:00 PM"),
        (datetime(2026, 11, 30, 15, tzinfo=UTC), "en", "Monday 30 November at 4:00 PM"),
        (datetime(2026, 11, 26, 8, 5, tzinfo=UTC), "nl", "vandaag om 09:05"),
        (datetime(2026, 11, 26, 8, 5, tzinfo=UTC), "en", "today at 9:05 AM"),
    ],
)
def test_when_text(moment: datetime, lang: str, expected: str) -> None:
    assert when_text(moment, AMS, THURSDAY_MORNING, lang) == expected


def test_when_text_uses_the_local_day_not_the_utc_day() -> None:
    # 23:30 UTC on Wednesday is already 00:30 on Thursday in Amsterdam.
    just_after_midnight = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert when_text(datetime(2026, 11, 26, 15, tzinfo=UTC), AMS, just_after_midnight, "nl") == (
        "vandaag om 16:00"
    )
    # In New York it is still Wednesday evening.
    assert when_text(datetime(2026, 11, 26, 21, tzinfo=UTC), "America/New_York", just_after_midnight,
                     "en") == "tomorrow at 4:00 PM"


def test_format_helpers() -> None:
    assert format_day(date(2026, 11, 30), "nl") == "maandag 30 november"
    assert format_day(date(2026, 11, 30), "en") == "Monday 30 November"
    assert format_clock(time(7, 5), "nl") == "07:05"
    assert format_clock(time(0, 0), "en") == "12:00 AM"
    assert day_names(frozenset({6, 2, 4}), "nl") == "di, do, za"
    assert day_names(frozenset({1, 2, 3, 4, 5}), "en") == "Mon, Tue, Wed, Thu, Fri"
