"""Telegram messages as safe HTML for the sandbox page.

Nothing the bot or a user sent is ever copied into the page as markup. The text is
escaped and only Telegram's own formatting is rebuilt from the message's *entities*
(as the emulator parsed them from the bot's HTML), with a fixed tag per entity type.
Links are limited to http(s); links to this bot (``t.me/<bot>?start=…``) become the
sandbox's "continue as …" page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

# Entity type -> (opening tag, closing tag); anything else is shown as plain text.
_TAGS: dict[str, tuple[str, str]] = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ('<span class="spoiler" tabindex="0">', "</span>"),
    "code": ("<code>", "</code>"),
    "pre": ("<pre>", "</pre>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ('<blockquote class="expandable">', "</blockquote>"),
}
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
_DEEP_LINK = re.compile(r"^https?://t\.me/([A-Za-z0-9_]+)/?$")

LinkMapper = Callable[[str], str | None]


def deep_link_mapper(bot_username: str) -> LinkMapper:
    """Map a URL to the href the page uses, or None when it must not be a link."""

    def mapped(url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        found = _DEEP_LINK.match(f"{parts.scheme}://{parts.netloc}{parts.path}")
        if found and found[1].lower() == bot_username.lower():
            query = parse_qs(parts.query)
            for kind in ("start", "startgroup"):
                payload = query.get(kind, [""])[0]
                if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload):
                    return f"/link?{kind}={quote(payload)}"
            return None
        return url

    return mapped


def _utf16_units(text: str) -> list[str]:
    """The text cut at UTF-16 code unit borders: one item per unit (surrogate pairs: the
    character in the first slot and "" in the second), as Telegram counts offsets."""
    units: list[str] = []
    for char in text:
        units.append(char)
        if ord(char) > 0xFFFF:
            units.append("")
    return units


def _text_html(text: str, mapper: LinkMapper, linkify: bool) -> str:
    """Escape a plain run of text; bare URLs become links (Telegram does the same)."""
    if not linkify:
        return html.escape(text)
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        href = mapper(match[0])
        shown = html.escape(match[0])
        out.append(_anchor(href, shown) if href else shown)
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def _anchor(href: str, inner: str) -> str:
    external = not href.startswith("/")
    extra = ' target="_blank" rel="noopener noreferrer"' if external else ' class="deeplink"'
    return f'<a href="{html.escape(href, quote=True)}"{extra}>{inner}</a>'


def _open_close(entity: dict[str, Any], mapper: LinkMapper) -> tuple[str, str]:
    kind = str(entity.get("type", ""))
    if kind in _TAGS:
        return _TAGS[kind]
    if kind == "text_link":
        href = mapper(str(entity.get("url", "")))
        if href:
            anchor = _anchor(href, "")
            return anchor[: -len("</a>")], "</a>"
    return "", ""


def entities_html(text: str, entities: list[dict[str, Any]] | None,
                  mapper: LinkMapper | None = None) -> str:
    """``text`` with its entities as HTML; well nested even if entities overlap."""
    mapper = mapper or deep_link_mapper("")
    units = _utf16_units(text)
    spans = []
    for entity in entities or []:
        try:
            start, length = int(entity["offset"]), int(entity["length"])
        except (KeyError, TypeError, ValueError):
            continue
        if length > 0 and 0 <= start < len(units):
            opening, closing = _open_close(entity, mapper)
            if opening:
                spans.append((start, min(start + length, len(units)), opening, closing,
                               entity.get("type")))
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    stack: list[tuple[int, int, str, str, Any]] = []
    cursor = 0
    borders = sorted({0, len(units), *(s[0] for s in spans), *(s[1] for s in spans)})
    pending = list(spans)
    for border in borders:
        if border > cursor:
            raw = "".join(units[cursor:border])
            no_links = any(s[4] in ("code", "pre", "text_link") for s in stack)
            chunk = _text_html(raw, mapper, linkify=not no_links)
            if any(s[4] == "pre" for s in stack):
                chunk = chunk.replace("<br>", "\n")
            out.append(chunk)
            cursor = border
        # Close what ends here; anything opened inside it is closed and reopened.
        if any(s[1] <= border for s in stack):
            reopen = []
            while stack:
                top = stack.pop()
                out.append(top[3])
                if top[1] > border:
                    reopen.append(top)
            for span in reversed(reopen):
                out.append(span[2])
                stack.append(span)
        while pending and pending[0][0] == border:
            span = pending.pop(0)
            if span[1] > border:
                out.append(span[2])
                stack.append(span)
    while stack:
        out.append(stack.pop()[3])
    return "".join(out)
