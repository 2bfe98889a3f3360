"""Text typed by people (names, titles, reasons, descriptions): what it may contain.

A schema field says `Annotated[str, HumanText(max_length=100)]` (one line: names, titles,
addresses, reasons) or `Annotated[str, HumanMultilineText(max_length=2000)]` (line breaks
and tabs allowed: descriptions, notes, minutes). A value is

1. put in Unicode NFC, so "e" + U+0301 and "é" are one value (search, uniqueness, display);
2. stripped at both ends of whitespace (any Unicode space, U+3000 included) and zero-width
   characters (U+200B–U+200D, U+2060, U+FEFF), which pasted text often carries;
3. refused if it still holds a character that is invisible or changes how text around it
   is shown: controls (Cc, but line feed and tab where multi-line), format characters
   (Cf: zero-width spaces, bidirectional embeddings, overrides and isolates U+202A–U+202E
   and U+2066–U+2069, marks U+200E/U+200F/U+061C, BOM, soft hyphen), line and paragraph
   separators, private-use and unassigned code points, lone surrogates, and the "filler"
   letters that draw nothing (Hangul fillers, the blank braille pattern);
4. refused if it has fewer than `min_visible` visible characters (a letter, digit, mark of
   punctuation or symbol: spaces, combining marks and joiners do not count) or more than
   `max_length` characters.

The zero-width joiner U+200D is the one format character kept, and only between two
symbols (category So, optionally followed by variation selectors or skin-tone
modifiers): that is how emoji sequences such as 👩‍⚕️ or 👨‍👩‍👧 are written, and phones send them.
Anywhere else (between two Han characters, at a name's end) it only makes two values look
alike, so it is refused there. Other scripts' uses of joiners (Indic, Persian) and the
Mongolian vowel separator are therefore refused; no such text is expected here.

Code points the running Python's Unicode database does not know (Python 3.11: Unicode 14)
are refused, except in planes 2 and 3 and in U+1F000–U+1FAFF, which Unicode reserves for
CJK ideographs and for emoji: a rare character of a person's name from a newer CJK
extension, or a newer emoji, must not be refused for being newer than the interpreter.

`clean_human_text(...)` applies the same rules outside pydantic (spreadsheet imports).
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

#: Stripped from both ends besides what `str.isspace()` calls whitespace.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZWJ = "\u200d"
#: Letters and symbols by category that draw nothing: names made only of these look empty.
_BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_BLANK_SEARCH = re.compile(f"[{''.join(sorted(_BLANK_LOOKALIKES))}]").search
#: Where an unassigned code point can only become an ideograph or an emoji.
_RESERVED_FOR_IDEOGRAPHS_OR_EMOJI = ((0x20000, 0x3FFFF), (0x1F000, 0x1FAFF))
#: Skin-tone modifiers (Sk) may stand between an emoji and a joiner.
_SKIN_TONES = range(0x1F3FB, 0x1F400)

FORBIDDEN = "string_forbidden_character"
TOO_SHORT = "string_too_short"
TOO_LONG = "string_too_long"


class HumanTextError(ValueError):
    """Why a value is refused: `code` is stable, `reason` is for people."""

    def __init__(self, code: str, reason: str, **context: int | str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        # The limits, so the reason can be told in another language (weimin_kit.errors).
        self.context = context


def _name(char: str) -> str:
    return f"U+{ord(char):04X}"


def _unassigned_but_reserved(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _RESERVED_FOR_IDEOGRAPHS_OR_EMOJI)


def _in_emoji_sequence(text: str, at: int) -> bool:
    """Whether the joiner at `at` joins two emoji (a symbol, modifiers allowed after it)."""
    before = at - 1
    while before >= 0 and (
        unicodedata.category(text[before]) == "Mn" or ord(text[before]) in _SKIN_TONES
    ):
        before -= 1
    after = at + 1
    return (
        before >= 0
        and after < len(text)
        and unicodedata.category(text[before]) == "So"
        and unicodedata.category(text[after]) == "So"
    )


def _refusal(text: str, at: int, multiline: bool) -> str | None:
    """Why the character at `at` may not stand there, or None when it may."""
    char = text[at]
    category = unicodedata.category(char)
    if char in _BLANK_LOOKALIKES:
        return f"contains a character that shows nothing ({_name(char)})"
    if category == "Cc":
        if multiline and char in "\n\t":
            return None
        if char in "\n\r":
            return f"contains a line break ({_name(char)}); this field is a single line"
        return f"contains a control or formatting character ({_name(char)})"
    if category == "Cf":
        if char == _ZWJ and _in_emoji_sequence(text, at):
            return None
        return f"contains a control or formatting character ({_name(char)})"
    if category in ("Zl", "Zp"):
        if multiline:
            return f"contains a line or paragraph separator ({_name(char)}); use a line feed"
        return f"contains a line break ({_name(char)}); this field is a single line"
    if category == "Cs":
        return f"contains a lone surrogate ({_name(char)})"
    if category == "Co":
        return f"contains a private-use character ({_name(char)})"
    if category == "Cn" and not _unassigned_but_reserved(char):
        return f"contains an unassigned character ({_name(char)})"
    return None


def _visible(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cn":  # kept only where reserved: an ideograph or emoji too new to know
        return True
    return category[0] not in "ZCM" and char not in _BLANK_LOOKALIKES


def clean_human_text(
    value: str, *, max_length: int, min_visible: int = 1, multiline: bool = False
) -> str:
    """The value as stored (NFC, stripped) or `HumanTextError` saying why it is refused."""
    if multiline:
        # Clients send \r\n from a text area on some platforms; one line break is \n here.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", value)
    text = _strip_ends(text)
    if len(text) > max_length:  # first: the character scan below is Python, per character
        raise HumanTextError(TOO_LONG, f"at most {max_length} characters", max_length=max_length)
    # isprintable() is one C pass and true for nearly every value: letters, digits,
    # punctuation, symbols and the ASCII space; only the rest needs looking at one by one.
    if not text.isprintable() or _BLANK_SEARCH(text):
        for at in range(len(text)):
            reason = _refusal(text, at, multiline)
            if reason is not None:
                raise HumanTextError(FORBIDDEN, reason, character=_name(text[at]))
    if min_visible > 0 and _count_visible(text, min_visible) < min_visible:
        plural = "" if min_visible == 1 else "s"
        raise HumanTextError(
            TOO_SHORT,
            f"needs at least {min_visible} visible character{plural}"
            " (spaces and invisible characters do not count)",
            min_length=min_visible,
        )
    return text


def _strip_ends(text: str) -> str:
    while True:
        stripped = text.strip().strip(ZERO_WIDTH)
        if stripped == text:
            return text
        text = stripped


def _count_visible(text: str, enough: int) -> int:
    seen = 0
    for char in text:
        if _visible(char):
            seen += 1
            if seen >= enough:
                break
    return seen


@dataclass(frozen=True)
class HumanText:
    """Pydantic metadata for one line of text a person typed; see the module docstring.

    `min_visible=0` lets the field be empty ("" stays ""); a required reason says how
    many visible characters make it one (`Reason` uses 2).
    """

    max_length: int
    min_visible: int = 1
    multiline: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.min_visible <= self.max_length:
            raise ValueError("min_visible must lie between 0 and max_length")

    def clean(self, value: str) -> str:
        try:
            return clean_human_text(
                value,
                max_length=self.max_length,
                min_visible=self.min_visible,
                multiline=self.multiline,
            )
        except HumanTextError as refused:
            raise PydanticCustomError(refused.code, refused.reason, refused.context) from None

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.clean, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        # minLength counts code points, so min_visible is a true (if loose) lower bound.
        json_schema["maxLength"] = self.max_length
        if self.min_visible:
            json_schema["minLength"] = self.min_visible
        return json_schema


@dataclass(frozen=True)
class HumanMultilineText(HumanText):
    """Like `HumanText`, with line feeds and tabs allowed (\\r\\n and \\r become \\n)."""

    multiline: bool = True
