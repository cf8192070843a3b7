"""Telegram's HTML parse mode, re-implemented so tests fail where Telegram would.

The rules follow the parser in tdlib (td/telegram/MessageEntity.cpp, ``parse_html``), which
is what the Bot API runs: the same tag list, the same error texts and byte offsets, the same
entity decoding. One deliberate difference: Telegram keeps a bare ``&`` that does not start
an entity as a literal character, but by default we reject it. A bare ``&`` almost always
means a user value went into the message without ``html.escape``; the next user's value may
contain ``<`` and then Telegram *does* refuse the message. Pass ``strict_ampersand=False``
for Telegram's exact behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
        "span", "tg-spoiler", "tg-emoji", "code", "pre", "blockquote",
    }
)  # fmt: skip

_SIMPLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

# tdlib's is_space(): the ASCII white space that separates tag names and attributes.
_SPACE = frozenset(" \t\r\n\0\v\f")


class HtmlParseError(ValueError):
    """Markup Telegram would refuse; ``str()`` is Telegram's reason text."""


@dataclass(frozen=True)
class ParsedText:
    """Text as Telegram stores it: tags removed, entities decoded, offsets in UTF-16 units."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_start: int
    char_start: int
    expandable: bool = False


def utf16_len(text: str) -> int:
    """Telegram counts entity offsets in UTF-16 code units, so an emoji counts as two."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(html: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse ``html`` like Telegram's ``parse_mode=HTML`` or raise :class:`HtmlParseError`."""
    parser = _Parser(html, strict_ampersand=strict_ampersand)
    return parser.run()


def strip_text(parsed: ParsedText) -> ParsedText:
    """Telegram trims white space around a message; entities are shifted and clipped to match."""
    text = parsed.text
    stripped = text.strip()
    if stripped == text:
        return parsed
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    end = utf16_len(stripped)
    entities: list[dict[str, Any]] = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        stop = min(entity["offset"] + entity["length"] - lead, end)
        if stop > start:
            entities.append({**entity, "offset": start, "length": stop - start})
    return ParsedText(stripped, entities)


class _Parser:
    """One pass over the input, mirroring tdlib's loop so error offsets agree."""

    def __init__(self, html: str, *, strict_ampersand: bool) -> None:
        self.html = html
        self.strict_ampersand = strict_ampersand
        self.out: list[str] = []
        self.out_len = 0  # characters in ``out``
        self.utf16 = 0  # UTF-16 units in ``out``
        self.open: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def run(self) -> ParsedText:
        html = self.html
        i = 0
        while i < len(html):
            char = html[i]
            if char == "&":
                decoded = _decode_entity(html, i)
                if decoded is not None:
                    self._emit(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict_ampersand:
                    self._fail('Unescaped "&" (the emulator is strict here: write &amp;)', i)
                self._emit("&")
                i += 1
            elif char == "<":
                i = self._end_tag(i) if html.startswith("</", i) else self._start_tag(i)
            else:
                end = min((j for j in (html.find("&", i), html.find("<", i)) if j >= 0), default=len(html))
                self._emit(html[i:end])
                i = end
        if self.open:
            raise HtmlParseError(f"Can't find end tag corresponding to start tag {self.open[-1].name}")
        for entity in self.entities:
            entity.pop("_language", None)  # a lone <code> never keeps its language
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.out), self.entities)

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.out_len += len(text)
        self.utf16 += utf16_len(text)

    def _fail(self, reason: str, index: int) -> None:
        raise HtmlParseError(f"{reason} at byte offset {_byte_offset(self.html, index)}")

    def _start_tag(self, begin: int) -> int:
        html = self.html
        i = begin + 1
        while i < len(html) and html[i] not in _SPACE and html[i] != ">":
            i += 1
        if i >= len(html):
            self._fail("Unclosed start tag", begin)
        name = html[begin + 1 : i].lower()
        if name not in _TAGS:
            self._fail(f'Unsupported start tag "{name}"', begin)

        tag = _OpenTag(name, "", self.utf16, self.out_len)
        while html[i] != ">":
            while i < len(html) and html[i] in _SPACE:
                i += 1
            if i >= len(html):
                self._fail("Unclosed start tag", begin)
            if html[i] == ">":
                break
            attr_begin = i
            while i < len(html) and html[i] not in _SPACE and html[i] not in "=>":
                i += 1
            attr = html[attr_begin:i]
            if not attr:
                self._fail(f'Empty attribute name in the tag "{name}"', begin)
            if name == "blockquote" and attr.lower() == "expandable":
                # Newer Telegram versions accept this one value-less attribute.
                tag.expandable = True
                continue
            while i < len(html) and html[i] in _SPACE:
                i += 1
            if i >= len(html) or html[i] != "=":
                self._fail(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}"',
                    begin,
                )
            i += 1
            while i < len(html) and html[i] in _SPACE:
                i += 1
            if i >= len(html):
                self._fail(f'Unclosed start tag "{name}"', begin)
            value, i = self._attribute_value(i)
            if i >= len(html):
                self._fail("Unclosed start tag", begin)
            tag.argument = _tag_argument(name, attr, value, tag.argument)

        if name == "span" and tag.argument != "spoiler":
            self._fail('Tag "span" must have class "tg-spoiler"', begin)
        self.open.append(tag)
        return i + 1

    def _attribute_value(self, i: int) -> tuple[str, int]:
        html = self.html
        quote = html[i]
        if quote not in "'\"":
            # A bare name token: letters, digits, periods and hyphens, case-insensitive.
            start = i
            while i < len(html) and ((html[i].isascii() and html[i].isalnum()) or html[i] in ".-"):
                i += 1
            if i < len(html) and html[i] not in _SPACE and html[i] != ">":
                self._fail("Unexpected end of name token", start)
            return html[start:i].lower(), i
        i += 1
        value: list[str] = []
        while i < len(html) and html[i] != quote:
            if html[i] == "&":
                decoded = _decode_entity(html, i)
                if decoded is not None:
                    value.append(decoded[0])
                    i = decoded[1]
                    continue
            value.append(html[i])
            i += 1
        if i < len(html):
            i += 1  # the closing quote
        return "".join(value), i

    def _end_tag(self, begin: int) -> int:
        html = self.html
        if not self.open:
            self._fail("Unexpected end tag", begin)
        i = begin + 2
        while i < len(html) and html[i] not in _SPACE and html[i] != ">":
            i += 1
        name = html[begin + 2 : i].lower()
        while i < len(html) and html[i] in _SPACE:
            i += 1
        if i >= len(html) or html[i] != ">":
            self._fail("Unclosed end tag", begin)
        tag = self.open[-1]
        if name and name != tag.name:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {_byte_offset(html, begin)}, "
                f'expected "</{tag.name}>", found "</{name}>"'
            )
        self.open.pop()
        self._add_entity(tag)
        return i + 1

    def _add_entity(self, tag: _OpenTag) -> None:
        length = self.utf16 - tag.utf16_start
        if length <= 0:
            return  # Telegram drops empty entities silently
        entity: dict[str, Any] = {"offset": tag.utf16_start, "length": length}
        if tag.name in _SIMPLE_ENTITY_TYPES:
            entity["type"] = _SIMPLE_ENTITY_TYPES[tag.name]
        elif tag.name == "tg-emoji":
            if not tag.argument.isdigit() or int(tag.argument) == 0:
                raise HtmlParseError("Invalid custom emoji identifier specified")
            entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
        elif tag.name == "a":
            url = tag.argument or "".join(self.out)[tag.char_start :]
            if not url:
                return
            entity.update(type="text_link", url=url)
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.expandable else "blockquote"
        elif tag.name in ("pre", "code"):
            self._add_code_entity(tag, entity)
            return
        self.entities.append(entity)

    def _add_code_entity(self, tag: _OpenTag, entity: dict[str, Any]) -> None:
        """``<pre><code class="language-x">`` becomes one ``pre`` entity with a language."""
        previous = self.entities[-1] if self.entities else None
        same_span = (
            previous is not None
            and previous["offset"] == entity["offset"]
            and previous["length"] == entity["length"]
        )
        if tag.name == "pre":
            if same_span and previous is not None and previous["type"] == "code":
                language = previous.pop("_language", "")
                previous["type"] = "pre"
                if language:
                    previous["language"] = language
                return
            entity["type"] = "pre"
        else:
            if same_span and previous is not None and previous["type"] == "pre" and tag.argument:
                previous["language"] = tag.argument
                return
            entity["type"] = "code"
            if tag.argument:
                entity["_language"] = tag.argument
        self.entities.append(entity)


def _tag_argument(tag: str, attr: str, value: str, current: str) -> str:
    """Only a few attributes mean anything to Telegram; all others are ignored."""
    attr = attr.lower()
    if tag == "a" and attr == "href":
        return value
    if tag == "code" and attr == "class" and value.startswith("language-"):
        return value[len("language-") :]
    if tag == "span" and attr == "class" and value.startswith("tg-"):
        return value[len("tg-") :]
    if tag == "tg-emoji" and attr == "emoji-id":
        return value
    return current


def _decode_entity(html: str, i: int) -> tuple[str, int] | None:
    """Decode the character reference at ``html[i] == "&"``; the ``;`` is optional, as in tdlib."""
    end = i + 1
    if html.startswith("&#", i):
        end += 1
        if html.startswith("x", end):
            end += 1
            digits_start = end
            while end < len(html) and html[end] in "0123456789abcdefABCDEF":
                end += 1
            code = int(html[digits_start:end], 16) if end > digits_start else 0
        else:
            digits_start = end
            while end < len(html) and html[end].isascii() and html[end].isdigit():
                end += 1
            code = int(html[digits_start:end]) if end > digits_start else 0
        if code == 0 or code >= 0x10FFFF or end - i >= 10:
            return None
        if 0xD800 <= code <= 0xDFFF:
            raise HtmlParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        char = chr(code)
    else:
        while end < len(html) and html[end].isascii() and html[end].isalpha():
            end += 1
        name = html[i + 1 : end]
        if name not in _NAMED_ENTITIES:
            return None
        char = _NAMED_ENTITIES[name]
    if html.startswith(";", end):
        end += 1
    return char, end


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))
