"""The web editor's checks (docs/admin/tjek.js) say what `make check` says, in the same Danish words.

``personalData`` is a port of privacy.find_personal_data and must agree with it exactly; ``markup`` is a
conservative subset of sanitize.field_problems: what it reports, the Python reports too, with the same message.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from conftest import REPO
from metodebog import sanitize
from metodebog.checks import SourceFile, personal_data
from metodebog.privacy import find_personal_data
from test_privacy import FOUND, NOT_FOUND
from test_sanitize import HOSTILE_PIECES

SCRIPT = REPO / "docs" / "admin" / "tjek.js"

# Realistic Danish text: every written form of a CPR number, phone groupings, labelled numbers, addresses, e-mail.
PERSONAL = [
    *(text for text, _, _ in FOUND),
    *NOT_FOUND,
    "Borgeren (cpr.nr. 211062-5629) kom kl. 9.",
    "CPR: 21 10 62 5629 og igen 21.10.62 5629",
    "Født 211062 - 5629, bor i Odense.",
    "010190 - 1234",
    "01.01.90/1234",
    "310290-1234",  # 31 February: not a date
    "290201-4321 er ingen dato, men 290200-4321 er (år 2000)",
    "320190-1234 og 011390-1234",  # day 32, month 13
    "010158-5123 (1858), 010137-4123 (1937), 010136-4123 (2036)",
    "CVR-nr. 29189846 og SE-nr.: 12345678",
    "§ 50-undersøgelse efter § 12345678",
    "Journal-nr. 1234 5678 og j.nr. 22334455",
    "Sags nr 12 34 56 78",
    "Mødet 2024-03-15 og 15-03-2024 og 20240315 og 15032024",
    "Ring 20 30 40 50, 2030 4050, 20304050 eller 20-30-40-50.",
    "+45 20304050, +4520304050, 0045 20 30 40 50, (+45) 20 30 40 50",
    "Tlf.: 20 304 050 eller 203 04 050 eller 20 30 4050",
    "tlf 12.34.56.78, fax 12-34-5678",
    "Nummeret 1234567890123 er for langt, og 12-34-56-78-90 også.",
    "Skriv til k.nielsen+sag@kommune.dk eller SAGS.BEHANDLER@Eksempel.Kommune.DK.",
    "e-mail: anne_hansen@eks-empel.dk.",
    "Hun bor på Skovvej 3 og senere Skovvej 3B, 2. th.",
    "H.C. Andersens Boulevard 12 og H. C. Ørsteds Vej 7",
    "Dronning Louises Bro 2, Kongens Nytorv 3 og Gl. Kongevej 10",
    "Jens Baggesens Vej 14a og Peter Bangs Vej 30",
    "Nørre Allé 51 og Ryesgade 3, Sankt Hans Torv 1",
    "Vesterbrogade 12-14 er ingen adresse her, Vesterbrogade 2,5 heller ikke.",
    "Åboulevarden 70\nØster Allé 4\nÆblehaven 2",
    "Første linje uden tal\nanden 010190-1234\n\ntredje: 22 33 44 55 og jens@eksempel.dk",
    "Borgeren bor på Skovvej 3 og har tlf. 22 33 44 55",
    "Hendes cpr er 010190-1234, eksempel: 020290-2345",
    "Fase 3: 4 gange 30 minutter i 12 uger, 2024/2025.",
    "Se side 12 i rapporten fra 2019 og bilag 1234.",
    "Emoji 🙂 før 010190-1234 og 🙂🙂 22 33 44 55",
    "Arabisk-indiske cifre: ٠١٠١٩٠-١٢٣٤ og fuldbredde ０１０１９０−１２３４ og ０１０１９０-５２３４",
    "Matematiske 𝟎𝟏𝟎𝟏𝟗𝟎-𝟏𝟐𝟑𝟒 og 𝟎𝟏𝟎𝟏𝟓𝟎-𝟓𝟐𝟑𝟒",
    "29. februar 1900 fandtes ikke: 290200-0321, men i 2000: 290200-4321",
    "٢٩٠٢٠٠-٠٣٢١ (stdnum læser det som år 2000) og ２９０２００-０３２１ (som år 1900)",
    "IBAN DK50 0040 0440 1162 43 og konto 1234 5678",
    "",
]
ALLOWED = [
    ("Borgeren bor på Skovvej 3 og har tlf. 22 33 44 55", ("Skovvej 3", "22 33 44 55")),
    ("Hendes cpr er 010190-1234, eksempel: 020290-2345", ("020290-2345",)),
    ("Mail: test@eksempel.dk og jens@eksempel.dk", ("test@eksempel.dk",)),
    ("Kongevej 10 og Kongevej 12", ("Kongevej 1",)),  # a fiction inside a finding counts, too
    ("tlf. 12345678", ("", "x")),
]

MARKUP = [
    "<script>alert(1)</script>",
    "Tekst <SCRIPT src=x></SCRIPT> og mere",
    "<img src=x onerror=alert(1)>",
    "<img/>",
    "![billede](https://eksempel.dk/a.png)",
    "<iframe src='https://eksempel.dk'></iframe>",
    "<style>p { color: red }</style>",
    "<script>var x = '<img>';</script> <img>",
    "[x](javascript:alert(1))",
    '[x](JavaScript:alert(1) "titel")',
    "[x](data:text/html,hej)",
    "[x](http://eksempel.dk)",
    "[x](//evil.dk/side)",
    "[x](ftp://eksempel.dk)",
    "<http://eksempel.dk>",
    "[et link](https://eksempel.dk/) og [en metode](metode:abcd#kilder) og [os](mailto:a@eksempel.dk)",
    '<a href="https://x.dk" onclick="alert(1)">z</a>',
    "<a href=javascript:alert(1)>y</a>",
    '<a href="javascript: alert(1)  ">y</a>',
    '<p style="color:red">x</p>',
    "<a id=x style=y>q</a>",
    "<div onmouseover='x'>y</div>",
    '<details class="note" open>x</details>',
    "<DIV CLASS='Danger'>x</DIV>",
    '<p class="admonition-title x">y</p>',
    "<b class=x>y</b>",
    "# Overskrift\n\nTekst.",
    "Tekst\n## Underoverskrift",
    "###### Seks",
    "# [x](javascript:y) <img>",
    "Et \x02wzxhzdk:0\x03 styretegn",
    "Tekst med \x7f slettetegn",
    "Harmløs **fed**, *kursiv* og `<kode>`.",
    "- et punkt\n- et andet\n\n1. først\n2. så",
    "| A | B |\n|---|---|\n| 1 | 2 |",
    '!!! tip "Godt råd"\n    Spørg borgeren først.',
    "<abbr title='Signs of Safety'>SoS</abbr> bruges i hele landet.",
    "Skriv til [os](mailto:redaktion@eksempel.dk), eller se `<kode>`.",
    "Brug `<script>` og `[x](javascript:y)` kun som kode",
    "    <img src=x>\n\nindrykket kode",
    '[a](b "[y](javascript:z)")',
    "[x [y](javascript:z)](w)",
    "<div>\n[x](javascript:y)\n</div>",
    "<!-- <img> -->",
    "Alder < 18 og > 65 & mere",
    "Text {: style=x }",
    '!!! tip "Godt råd"\n    Se [den gamle side](http://eksempel.dk) og <img src=x>.',
    "| Fase | Link |\n|---|---|\n| 1 | [her](javascript:alert(1)) |\n| 2 | <iframe src=x></iframe> |",
    "- et punkt\n# Overskrift efter en liste",
    "Tekst <!-- en kommentar --> og mere",
    '<a href="https://eksempel.dk" title="Titel">link</a> og <abbr title="x">y</abbr>',
    "Se <https://eksempel.dk> og <redaktion@eksempel.dk>.",
    "Alt er fint her, intet at se.",
    "",
]
# What `make check` reports but this check leaves to it (it must then say nothing, or only what the Python says).
MARKUP_LEFT_TO_MAKE_CHECK = [
    'Tekst\n{: style="color:red" }',
    "[x][r]\n\n[r]: javascript:alert(1)",
    "Overskrift\n==========",
    "!!! danger\n    Pas på.",
    "| A |\n|:--|\n| x |",
    "<x:y>tekst</x:y>",
    "<p>uafsluttet",
    "Tekst og <ol start=2><li>to</li></ol>",
    "<!--[if gte mso 9]><xml>Word</xml><![endif]-->",
    "    <img src=x>\n\nindrykket kode <script>",
    "`kode` <img src=x> `mere kode`",
]


@pytest.fixture(scope="module")
def tjek(browser: Browser) -> Iterator[Page]:
    """A blank page with tjek.js loaded, shared by the module's tests."""
    context = browser.new_context()
    page = context.new_page()
    page.goto("about:blank")
    page.add_script_tag(path=str(SCRIPT))
    yield page
    context.close()


def python_personal(text: str, allowed: tuple[str, ...] = ()) -> list[dict[str, object]]:
    """What `make check` says about ``text`` in a method file: privacy.py's findings with checks.py's message."""
    found = find_personal_data(text, allowed)
    problems = personal_data(SourceFile("methods/eksempel.yaml", text, allowed=allowed))
    assert [(p.line, p.column) for p in problems] == [(f.line, f.column) for f in found]
    return [
        {"line": f.line, "column": f.column, "kind": f.kind, "masked": f.masked, "message": p.message}
        for f, p in zip(found, problems, strict=True)
    ]


def js_personal(page: Page, text: str, allowed: tuple[str, ...] = ()) -> list[dict[str, object]]:
    return page.evaluate("([t, a]) => MetodebogTjek.personalData(t, a)", [text, list(allowed)])


def js_markup(page: Page, text: str) -> list[str]:
    return [f["message"] for f in page.evaluate("t => MetodebogTjek.markup(t)", text)]


def python_markup(text: str) -> list[str]:
    return [r.message for r in sanitize.field_problems(text)]


def test_the_script_is_plain_and_short() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    assert source.count("\n") <= 300
    assert "import " not in source and "export " not in source
    assert "window.MetodebogTjek" in source


def test_personal_data_samples_are_many_and_found() -> None:
    """The samples are a real test: many texts, most kinds found, and texts where nothing is."""
    assert len(PERSONAL) >= 40
    kinds = Counter(f.kind for text in PERSONAL for f in find_personal_data(text))
    assert set(kinds) == {"et CPR-nummer", "et telefonnummer", "en e-mailadresse", "en adresse"}
    assert sum(not find_personal_data(text) for text in PERSONAL) >= 20


@pytest.mark.parametrize("text", PERSONAL)
def test_personal_data_as_make_check(tjek: Page, text: str) -> None:
    assert js_personal(tjek, text) == python_personal(text)


@pytest.mark.parametrize(("text", "allowed"), ALLOWED)
def test_declared_fiction_as_make_check(tjek: Page, text: str, allowed: tuple[str, ...]) -> None:
    assert js_personal(tjek, text, allowed) == python_personal(text, allowed)


def test_a_long_text_is_read_once(tjek: Page) -> None:
    """As in test_privacy: the checks run while the editor types, so a long text must not take quadratic time."""
    start = time.perf_counter()
    tjek.evaluate(
        """() => ["x".repeat(300000), "a@" + "b".repeat(300000), "1".repeat(300000), "Aa".repeat(150000)]
            .forEach(t => MetodebogTjek.personalData(t))"""
    )
    tjek.evaluate(
        """() => ["](".repeat(100000), "[".repeat(100000), "<b>x</b> ".repeat(30000), "<script>".repeat(20000),
                  "| a | b |\\n|---|---|\\n" + "| x | y |\\n".repeat(30000), "x\\n---\\n".repeat(30000)]
            .forEach(t => MetodebogTjek.markup(t))"""
    )
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("text", MARKUP)
def test_markup_as_make_check(tjek: Page, text: str) -> None:
    assert js_markup(tjek, text) == python_markup(text)


@pytest.mark.parametrize("text", MARKUP_LEFT_TO_MAKE_CHECK)
def test_markup_left_to_make_check(tjek: Page, text: str) -> None:
    assert not Counter(js_markup(tjek, text)) - Counter(python_markup(text))


# A case's narrative (its Markdown body) is checked with sanitize.BODY, which also allows <h2>–<h4>.
BODY = [
    "## Refleksionsspørgsmål\n\nHvad ville du gøre?",
    "### Tre\n\n#### Fire\n\n<h3>også</h3>",
    "# Én for meget",
    "##### Fem",
    "<h2>x</h2> og <h1>y</h1>",
    "## Links\n\n[x](javascript:alert(1)) og <img src=x>",
]


@pytest.mark.parametrize("text", BODY)
def test_a_case_body_as_make_check(tjek: Page, text: str) -> None:
    found = tjek.evaluate("t => MetodebogTjek.markup(t, true)", text)
    assert [f["message"] for f in found] == [r.message for r in sanitize.field_problems(text, sanitize.BODY)]


@pytest.mark.parametrize("text", ["Titel", "Titel med \x02 styretegn", "En <script> i en titel", "\x1f"])
def test_control_character_as_make_check(tjek: Page, text: str) -> None:
    """Every text, also a plain one (a title), is checked for control characters, and only for them."""
    found = tjek.evaluate("t => MetodebogTjek.controlCharacter(t)", text)
    control = sanitize.control_character(text)
    assert [f["message"] for f in found] == ([control.message] if control else [])


def test_markup_samples_are_found() -> None:
    assert sum(bool(python_markup(text)) for text in MARKUP) >= 35
    assert all(python_markup(text) for text in MARKUP_LEFT_TO_MAKE_CHECK)


def test_all_is_both(tjek: Page) -> None:
    text = "Ring 22 33 44 55 <script>alert(1)</script>"
    found = tjek.evaluate("t => MetodebogTjek.all(t, [])", text)
    assert [f["message"] for f in found] == [f["message"] for f in python_personal(text)] + python_markup(text)
    assert len(found) == 2


def test_a_wrong_port_is_caught(page: Page) -> None:
    """The comparison can fail: a script that reads 290200-0321 as born in 2000, not 1900, disagrees."""
    source = SCRIPT.read_text(encoding="utf-8")
    assert '"0123"' in source
    page.goto("about:blank")
    page.add_script_tag(content=source.replace('"0123"', '"123"'))
    text = "290200-0321"
    assert js_personal(page, text) != python_personal(text)


# Strings from digits, separators, letters, '@', '.', spaces and newlines, with pieces that make findings likely.
PIECES = [
    "010190", "-", "1234", "+45", "0045", "22 33", "44 55", "vej", "Skovvej", "H.C. ", "Allé", "@", "eksempel.dk", "cvr",
    "nr.", "§", "2024", "0101", "Kongens ", "Bro", "٣", "５", "🙂",
]  # fmt: skip
ALPHABET = "0123456789 .-/+()@\nabejvrdnæøåABCHSÆØÅ§:,"
personal_texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(ALPHABET, max_size=8)), max_size=10).map("".join)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(personal_texts)
def test_personal_data_as_make_check_for_any_text(tjek: Page, text: str) -> None:
    assert js_personal(tjek, text) == python_personal(text)


MARKDOWN_PIECES = [
    "Tekst om borgeren. ", "**fed** ", "- punkt\n", "| A | B |\n|---|---|\n| x | y |\n", '!!! note "Titel"\n    ', "# ", "\n\n",
    "[link](https://eksempel.dk) ", "[gammel](http://eksempel.dk) ", "<u>", '<a href="#x" onclick="y">', "<p style=x>", "    ",
]  # fmt: skip
markup_texts = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES + MARKDOWN_PIECES), st.text(max_size=8)), max_size=12
).map("".join)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(markup_texts)
def test_markup_says_only_what_make_check_says(tjek: Page, text: str) -> None:
    js = Counter(js_markup(tjek, text))
    assert not js - Counter(python_markup(text)), text
