"""Telegram's HTML parse mode, following tdlib's parser and its error messages.

The fake rejects exactly what Telegram rejects (unsupported tags, unbalanced tags, stray ``<``)
so that escaping bugs surface in tests, and it returns the plain text and entities Telegram
would store, so message length is checked after parsing as Telegram does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, cant_parse

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
ENTITY_TYPES = {
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
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "a": "text_link",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z]{2,4}));")
_SPACES = " \t\r\n\v\f"


@dataclass
class _Open:
    tag: str
    begin: int  # offset in UTF-16 units of the plain text
    argument: str = ""
    expandable: bool = False


@dataclass
class ParsedText:
    """Plain text and entities, as Telegram stores a message sent with parse_mode HTML."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Telegram measures entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class _Parser:
    def __init__(self, text: str, strict_ampersand: bool) -> None:
        self.src = text
        self.strict_ampersand = strict_ampersand
        self.out: list[str] = []
        self.out_len = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def emit(self, chars: str) -> None:
        self.out.append(chars)
        self.out_len += utf16_len(chars)

    def at(self, i: int) -> str:
        return self.src[i] if i < len(self.src) else ""

    def run(self) -> ParsedText:
        i = 0
        while i < len(self.src):
            c = self.src[i]
            if c == "&":
                i = self.entity(i)
            elif c != "<":
                self.emit(c)
                i += 1
            elif self.at(i + 1) == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise cant_parse(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.out), self.entities)

    def entity(self, i: int) -> int:
        match = _ENTITY_RE.match(self.src, i)
        char = None
        if match:
            hex_code, dec_code, name = match.groups()
            if name is not None:
                char = NAMED_ENTITIES.get(name)
            else:
                code = int(hex_code, 16) if hex_code else int(dec_code)
                char = chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None
        if char is not None and match is not None:
            self.emit(char)
            return match.end()
        if self.strict_ampersand:
            # Telegram itself keeps such an "&" literally; the fake is stricter on purpose
            # so that text escaped with a missing html.escape() is caught.
            raise cant_parse(f'unescaped "&" at byte offset {self.byte_offset(i)}')
        self.emit("&")
        return i + 1

    def start_tag(self, begin: int) -> int:
        i = begin + 1
        while self.at(i) and self.at(i) not in _SPACES and self.at(i) != ">":
            i += 1
        if not self.at(i):
            raise cant_parse(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = self.src[begin + 1 : i].lower()
        if tag not in SUPPORTED_TAGS:
            raise cant_parse(
                f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(begin)}'
            )
        opened = _Open(tag, self.out_len)
        i = self.attributes(i, begin, opened)
        if tag == "span" and opened.argument != "tg-spoiler":
            raise cant_parse(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        self.stack.append(opened)
        return i + 1

    def attributes(self, i: int, begin: int, opened: _Open) -> int:
        """Parse ``name="value"`` pairs up to ``>``; returns the index of ``>``."""
        offset = self.byte_offset(begin)
        while self.at(i) != ">":
            while self.at(i) and self.at(i) in _SPACES:
                i += 1
            if self.at(i) == ">":
                break
            if not self.at(i):
                raise cant_parse(f"Unclosed start tag at byte offset {offset}")
            name_begin = i
            while self.at(i) and self.at(i) not in _SPACES and self.at(i) not in "=>":
                i += 1
            name = self.src[name_begin:i].lower()
            if not name:
                raise cant_parse(
                    f'Empty attribute name in the tag "{opened.tag}" at byte offset {offset}'
                )
            while self.at(i) and self.at(i) in _SPACES:
                i += 1
            if self.at(i) != "=":
                if opened.tag == "blockquote" and name == "expandable":
                    opened.expandable = True
                    continue
                raise cant_parse(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{opened.tag}" at byte offset {offset}'
                )
            i += 1
            while self.at(i) and self.at(i) in _SPACES:
                i += 1
            if not self.at(i):
                raise cant_parse(f'Unclosed start tag "{opened.tag}" at byte offset {offset}')
            value, i = self.attribute_value(i)
            if not self.at(i):
                raise cant_parse(f"Unclosed start tag at byte offset {offset}")
            self.keep_attribute(opened, name, value)
        return i

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote in "\"'":
            end = self.src.find(quote, i + 1)
            if end < 0:
                return self.src[i + 1 :], len(self.src)
            return _unescape(self.src[i + 1 : end]), end + 1
        begin = i
        while self.at(i) and (self.at(i).isalnum() or self.at(i) in ".-"):
            i += 1
        return self.src[begin:i].lower(), i

    @staticmethod
    def keep_attribute(opened: _Open, name: str, value: str) -> None:
        if opened.tag == "a" and name == "href":
            opened.argument = value
        elif opened.tag == "code" and name == "class" and value.startswith("language-"):
            opened.argument = value.removeprefix("language-")
        elif (opened.tag == "span" and name == "class" and value.startswith("tg-")) or (
            opened.tag == "tg-emoji" and name == "emoji-id"
        ):
            opened.argument = value

    def end_tag(self, begin: int) -> int:
        offset = self.byte_offset(begin)
        if not self.stack:
            raise cant_parse(f"Unexpected end tag at byte offset {offset}")
        i = begin + 2
        while self.at(i) and self.at(i) not in _SPACES and self.at(i) != ">":
            i += 1
        name = self.src[begin + 2 : i].lower()
        while self.at(i) and self.at(i) in _SPACES:
            i += 1
        if self.at(i) != ">":
            raise cant_parse(f"Unclosed end tag at byte offset {offset}")
        opened = self.stack.pop()
        if name and name != opened.tag:
            raise cant_parse(
                f'Unmatched end tag at byte offset {offset}, expected "</{opened.tag}>", '
                f'found "</{name}>"'
            )
        self.close(opened)
        return i + 1

    def close(self, opened: _Open) -> None:
        length = self.out_len - opened.begin
        if length <= 0:
            return
        if opened.tag == "code" and self.stack and self.stack[-1].tag == "pre":
            if opened.argument:
                self.stack[-1].argument = opened.argument
            return
        kind = ENTITY_TYPES[opened.tag]
        entity: dict[str, Any] = {"type": kind, "offset": opened.begin, "length": length}
        if opened.tag == "a":
            if not opened.argument:
                return
            entity["url"] = opened.argument
        elif opened.tag == "pre" and opened.argument:
            entity["language"] = opened.argument
        elif opened.tag == "blockquote" and opened.expandable:
            entity["type"] = "expandable_blockquote"
        elif opened.tag == "tg-emoji":
            entity["custom_emoji_id"] = opened.argument
        self.entities.append(entity)


def _unescape(value: str) -> str:
    def repl(match: re.Match[str]) -> str:
        hex_code, dec_code, name = match.groups()
        if name is not None:
            return NAMED_ENTITIES.get(name, match.group(0))
        return chr(int(hex_code, 16) if hex_code else int(dec_code))

    return _ENTITY_RE.sub(repl, value)


def parse_html(text: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Parse Telegram HTML; raises ApiError (400 can't parse entities) as Telegram would."""
    return _Parser(text, strict_ampersand).run()


__all__ = ["ApiError", "ParsedText", "parse_html", "utf16_len"]
