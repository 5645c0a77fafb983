"""Editors' messages in another language: each Danish message is matched by a pattern and said again.

Messages are written in Danish where they arise (the handbook's language). With
``METODEBOG_SPROG=en`` they are shown in English: ``strings/messages.en.yaml`` pairs a
pattern of each Danish message (named groups for the parts that vary: file names, ids,
values) with its English wording. A message without a pair stays Danish.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from .settings import messages_language

STRINGS = Path(__file__).parent / "strings"


def language() -> str:
    """The language editors' messages are shown in: Danish unless METODEBOG_SPROG says otherwise."""
    return messages_language()


@cache
def _catalog(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    path = STRINGS / f"messages.{lang}.yaml"
    if not path.is_file():
        return ()
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return tuple((re.compile(e["da"], re.S), e[lang]) for e in entries)


def translated(message: str, lang: str) -> str | None:
    """``message`` in ``lang``, or None when the catalog has no pattern for it."""
    for pattern, template in _catalog(lang):
        m = pattern.fullmatch(message)
        if m:
            return template.format(**m.groupdict())
    return None


def say(message: str, lang: str | None = None) -> str:
    """``message`` in the editors' language (see ``language``); Danish when there is no translation."""
    lang = lang or language()
    if lang == "da":
        return message
    return translated(message, lang) or message
