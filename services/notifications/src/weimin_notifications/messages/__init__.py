"""The message catalogues: every text a notification carries, zh-CN first and English,
kept in one TOML file per language like a locale file. Code fills in variables (ids,
codes, catalogue words); it never assembles words itself."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

Language = Literal["zh-CN", "en"]
LANGUAGES: tuple[Language, ...] = ("zh-CN", "en")
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Rendered:
    title: str
    body: str
    #: The short form for SMS (providers' templates are short and pre-approved).
    sms: str


@cache
def catalogue(language: Language) -> dict[str, Any]:
    with (HERE / f"{language}.toml").open("rb") as source:
        return tomllib.load(source)


def word(language: Language, vocabulary: str, code: str) -> str:
    """A code's word from the catalogue (`alarm_kind`, `fire` → 火情); the code itself if
    the catalogue has none, so a new code shows as itself rather than failing."""
    words: dict[str, str] = catalogue(language)["words"].get(vocabulary, {})
    return words.get(code, code)


def render(kind: str, language: Language, variables: dict[str, str]) -> Rendered:
    entry = catalogue(language)[kind]
    return Rendered(
        title=entry["title"].format_map(variables),
        body=entry["body"].format_map(variables),
        sms=entry.get("sms", entry["body"]).format_map(variables),
    )


def kinds(language: Language) -> set[str]:
    return {key for key in catalogue(language) if key != "words"}
