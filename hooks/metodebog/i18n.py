"""The UI strings tables: one YAML file per language in strings/."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

STRINGS = Path(__file__).parent / "strings"


@cache
def strings(language: str = "da") -> dict[str, Any]:
    """Return the UI strings table of ``language``."""
    return yaml.safe_load((STRINGS / f"{language}.yaml").read_text(encoding="utf-8"))


def pages_label(n: int, language: str = "da") -> str:
    """Return '1 side' or '12 sider'."""
    web = strings(language)["web"]
    return web["pages_one"] if n == 1 else web["pages_many"].format(n=n)


def format_date(d: date | None, language: str = "da") -> str:
    """Return a date as readers write it ('23. november 2026'), or '' when unknown."""
    if d is None:
        return ""
    return strings(language)["date_format"].format(
        day=d.day, month=strings(language)["months"][d.month - 1], year=d.year
    )
