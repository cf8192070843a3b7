"""Bot messages on the sandbox page: Telegram's formatting rebuilt, never raw markup."""

from __future__ import annotations

from bot.emulator.html_check import parse_html
from bot.sandbox.render import deep_link_mapper, entities_html

LINKS = deep_link_mapper("werkplekcoach_bot")


def shown(bot_html: str) -> str:
    """What the page shows for a message the bot sent with parse_mode=HTML."""
    parsed = parse_html(bot_html)
    return entities_html(parsed.text, parsed.entities, LINKS)


def test_telegram_tags_are_rebuilt_from_entities() -> None:
    out = shown("<b>Vet <i>en schuin</i></b> <u>o</u> <s>s</s> <code>x&lt;1</code> "
                "<tg-spoiler>geheim</tg-spoiler> <blockquote>citaat</blockquote>")
    assert out.startswith("<b>Vet <i>en schuin</i></b> <u>o</u> <s>s</s> <code>x&lt;1</code> ")
    assert '<span class="spoiler" tabindex="0">geheim</span>' in out
    assert "<blockquote>citaat</blockquote>" in out


def test_offsets_count_utf16_like_telegram() -> None:
    assert shown("👍🏽 <b>goed</b> 🔧<i>x</i>") == "👍🏽 <b>goed</b> 🔧<i>x</i>"


def test_user_text_inside_bot_html_stays_text() -> None:
    user_text = "<script>alert(1)</script> &amp; \"quotes\""
    import html

    out = shown(f"Je schreef: <i>{html.escape(user_text)}</i>")
    assert "<script>" not in out
    assert "<i>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot;quotes&quot;</i>" in out


def test_links_only_http_and_deep_links_become_sandbox_links() -> None:
    out = shown('<a href="https://example.org/a?b=1&amp;c=2">site</a> '
                '<a href="javascript:alert(1)">nee</a> '
                "https://t.me/werkplekcoach_bot?start=m_AbC-12_x en "
                "https://t.me/werkplekcoach_bot?startgroup=s_Q1")
    assert ('<a href="https://example.org/a?b=1&amp;c=2" target="_blank" '
            'rel="noopener noreferrer">site</a>') in out
    assert "javascript" not in out and "nee" in out
    assert '<a href="/link?start=m_AbC-12_x" class="deeplink">' in out
    assert '<a href="/link?startgroup=s_Q1" class="deeplink">' in out
    # Another bot's link or a malformed payload is not turned into a sandbox action.
    other = shown("https://t.me/other_bot?start=m_x https://t.me/werkplekcoach_bot?start=a%20b")
    assert "/link?" not in other


def test_overlapping_entities_are_still_well_nested() -> None:
    out = entities_html("abcdef", [{"type": "bold", "offset": 0, "length": 4},
                                   {"type": "italic", "offset": 2, "length": 4}])
    assert out == "<b>ab<i>cd</i></b><i>ef</i>"
    assert entities_html("a\nb", []) == "a<br>b"
    assert entities_html("x", [{"type": "pre", "offset": 0, "length": 9},
                               {"type": "bogus", "offset": "?", "length": 1}]) == "<pre>x</pre>"
