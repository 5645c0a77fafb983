"""The page `make serve` shows at every address while the content has errors: each problem as file:line:column.

The page is self-contained (its style sheet inline, nothing fetched from anywhere) and in the editors'
language (``METODEBOG_SPROG``, Danish by default); every message is escaped, since messages quote content.
The MkDocs hook writes it in place of the site and lets the live reload bring the site back once fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .i18n import strings
from .layout import LANGUAGES
from .messages import language, say
from .problems import Problem

# Dark text on white (and the reverse in dark mode), well above WCAG AA's 4.5:1; the site's own colours.
_STYLE = """
html { color-scheme: light dark; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1a1a1a; background: #ffffff; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 0.75rem; color: #8a2d10; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; }
ul { list-style: none; padding: 0; margin: 0; }
li { border-left: 0.3rem solid #b3401a; background: #fbf1ed; padding: 0.6rem 0.9rem; margin: 0 0 0.6rem;
  overflow-wrap: anywhere; }
li.advarsel { border-left-color: #00574f; background: #eef5f4; }
code { display: block; font: 0.95rem/1.4 ui-monospace, "DejaVu Sans Mono", monospace; font-weight: bold;
  overflow-wrap: anywhere; }
.note { color: #3d3d3d; }
@media (prefers-color-scheme: dark) {
  body { color: #ececec; background: #1e1f24; }
  h1 { color: #ffab91; }
  li { background: #2e2624; border-left-color: #ffab91; }
  li.advarsel { background: #1f2d2b; border-left-color: #80cbc4; }
  .note { color: #c8c8c8; }
}
"""


def page_language() -> str:
    """The language of the page: the editors' (METODEBOG_SPROG) when the handbook has its words, else Danish."""
    lang = language()
    return lang if lang in LANGUAGES else LANGUAGES[0]


def error_page(problems: Sequence[Problem], lang: str | None = None) -> str:
    """The whole HTML page listing ``problems`` (each as file:line:column and its message)."""
    lang = lang or page_language()
    words = strings(lang)["serve_error"]
    n = len(problems)
    items = []
    for p in problems:
        where = escape(f"{p.file}:{p.line}:{p.column}")
        message = escape(say(p.message, lang))
        if p.warning:
            items.append(f'<li class="advarsel"><code>{where}</code> {escape(words["warning"])}: {message}</li>')
        else:
            items.append(f"<li><code>{where}</code> {message}</li>")
    count = words["count_one"] if n == 1 else words["count_many"].format(n=n)
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="{escape(lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="robots" content="noindex">',
            f"<title>{escape(words['title'])}</title>",
            f"<style>{_STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{escape(words['heading'])}</h1>",
            f"<p>{escape(words['intro'])}</p>",
            f'<h2 id="fejlene">{escape(count)}</h2>',
            '<ul aria-labelledby="fejlene">',
            *items,
            "</ul>",
            f'<p class="note">{escape(words["note"])}</p>',
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def terminal_summary(problems: Sequence[Problem]) -> str:
    """The line `make serve` prints after the problems: they are shown in the browser until fixed."""
    words = strings(page_language())["serve_error"]
    n = len(problems)
    return words["terminal_one"] if n == 1 else words["terminal_many"].format(n=n)
