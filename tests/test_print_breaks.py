"""Print that never breaks: nothing parted by a page break, in WeasyPrint's PDFs and in a browser's own print.

A checklist item keeps its box, a heading what follows it, a tool question its first answer line (or
scale), and a lead-in sentence its list. The PDFs' layout is read from WeasyPrint's boxes; a browser's
print (Chromium, as a trainer's "Udskriv" of an HTML sheet or a method page) from the text positions
pdftotext finds in it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
import segno
from playwright.sync_api import Browser
from pypdf import PdfReader

from conftest import FIXTURES, PDF_CACHE, REPO
from metodebog import pdf, printing
from metodebog.edition import edition
from metodebog.layout import DANISH
from metodebog.model import ToolSet
from metodebog.validate import load_handbook

ARTIFACTS = REPO / "build" / "artifacts"
HEADINGS = ("h1", "h2", "h3", "h4")
LISTS = ("ul", "ol", "table", "dl")
ADDRESS = "https://metoder.kommune.dk/"
MM = 96 / 25.4  # CSS pixels, WeasyPrint's unit, per millimetre


# --- Reading WeasyPrint's layout ----------------------------------------------------------------------------------


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _flow(page) -> Iterator:
    """The boxes of a laid-out page's content in document order, without its margin boxes (footer, page number)."""
    from weasyprint.formatting_structure import boxes

    stack = [box for box in reversed(page._page_box.children) if not isinstance(box, boxes.MarginBox)]
    while stack:
        box = stack.pop()
        yield box
        if isinstance(box, boxes.ParentBox):
            stack.extend(reversed(box.children))


def _visible(box) -> bool:
    """Whether ``box`` puts something on paper: text, an image or drawing, or a box drawn by its border."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return bool(box.text.strip())
    if isinstance(box, boxes.ReplacedBox):
        return True
    return not isinstance(box, boxes.LineBox) and bool(_classes(box.element) & {"boks", "linje", "skala"})


def layout_problems(document, name: str, all_lead_ins: bool = False) -> list[str]:
    """Return what a page break parts in a WeasyPrint ``document`` (``weasyprint.HTML(...).render()``), in Danish.

    A lead-in is a paragraph ending with ":" or an intro (class "intro") right before a list or table;
    ``all_lead_ins`` counts every paragraph right before one.
    """
    root = None
    pages_of: dict[object, set[int]] = {}  # element → the pages where it shows
    last_on_page = []
    for n, page in enumerate(document.pages):
        last = None
        for box in _flow(page):
            if root is None and box.element_tag == "html":
                root = box.element
            if _visible(box):
                pages_of.setdefault(box.element, set()).add(n)
                last = box
        last_on_page.append(last)
    if root is None:
        return []
    parent = {child: element for element in root.iter() for child in element}

    def pages(element) -> set[int]:
        return set().union(*(pages_of.get(e, set()) for e in element.iter()))

    def text(element) -> str:
        return " ".join("".join(element.itertext()).split())

    found = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element not in parent:
            continue
        up = _classes(parent[element])
        if element.tag == "li" and "tjekliste" in up:
            box = next((e for e in element.iter() if "boks" in _classes(e)), None)
            on = pages(element)
            if len(on) > 1 or (box is not None and pages(box) != on):
                found.append(
                    f"{name}: afkrydsningsfeltet og teksten på hver sin side {sorted(on)}: {text(element)[:60]}"
                )
        if element.tag == "li" and "spoergsmaal" in up:
            question = element.find("p")
            answer = next((e for e in element.iter() if _classes(e) & {"linje", "skala"}), None)
            if question is not None and answer is not None and pages(question) and pages(answer):
                if max(pages(question)) != min(pages(answer)):
                    found.append(
                        f"{name}: spørgsmålet og dets første svarlinje på hver sin side: {text(question)[:60]}"
                    )
        if element.tag == "p":
            siblings = list(parent[element])
            after = siblings[siblings.index(element) + 1 :]
            following = after[0] if after else None
            said = text(element)
            lead_in = all_lead_ins or said.endswith(":") or "intro" in _classes(element)
            if following is not None and following.tag in LISTS and lead_in and pages(element) and pages(following):
                if max(pages(element)) < min(pages(following)):
                    found.append(f"{name}: indledningen står sidst på en side, listen på den næste: {said[:60]}")
    for n, last in enumerate(last_on_page[:-1]):
        element = last.element if last is not None else None
        while element is not None:
            if element.tag in HEADINGS:
                found.append(f"{name}: overskriften står sidst på side {n + 1}: {text(element)[:60]}")
                break
            element = parent.get(element)
    return found


def _layout(html_text: str):
    import weasyprint

    return weasyprint.HTML(string=html_text).render()


# --- The checks find what they look for ---------------------------------------------------------------------------

OLD_CHECKLIST = (
    "ul.tjekliste li { display: flex; gap: 3mm; align-items: flex-start; padding: 1.6mm 0; break-inside: avoid; }"
    " ul.tjekliste .boks { flex: none; width: 4.2mm; height: 4.2mm; border: 0.9pt solid #111; margin-top: 0.4mm; }"
)


def _page_with(tail: str, css: str, fill_mm: float) -> str:
    """A page filled up to ``fill_mm`` from the top, then ``tail`` (what should be kept together)."""
    return (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 16mm 16mm 34mm 18mm; } body { margin: 0; font: 10.5pt/1.45 'DejaVu Sans'; }"
        f"{css}</style></head><body><div style='height: {fill_mm}mm'></div>{tail}</body></html>"
    )


def _shipped_rules() -> str:
    """The print styles the documents use, as rendered into a document."""
    docs = printing.documents(load_handbook(FIXTURES / "projekt"), "")
    return re.search(r"<style>(.*?)</style>", docs[0].html, re.S).group(1)


@pytest.mark.parametrize(
    ("kind", "tail", "extra"),
    [
        (
            "afkrydsningsfeltet",
            '<ul class="tjekliste">'
            + '<li><span class="boks"></span><span>Et punkt med en lang tekst, der fylder to linjer, fordi den bliver '
            "ved og ved og ved og ved og ved og ved.</span></li>" * 3 + "</ul>",
            OLD_CHECKLIST,
        ),
        (
            "overskriften",
            "<h2>Fremgangsmåde</h2><p>" + "Tekst efter overskriften, lang nok til flere linjer. " * 4 + "</p>",
            "",
        ),
        (
            "spørgsmålet",
            '<ol class="spoergsmaal"><li><p>Hvad har vi prøvet?</p><div class="svar">'
            + '<div class="linje"></div>' * 4
            + "</div></li></ol>",
            "",
        ),
        ("indledningen", "<p>Sådan gør I:</p><ul><li>Først et.</li><li>Så et andet.</li></ul>", ""),
    ],
)
def test_the_checks_find_what_they_look_for(kind: str, tail: str, extra: str) -> None:
    """Each check finds its break where the rule that prevents it is missing (the old flex checklist, or no
    rule at all), and none with the print styles the documents use. Not a finding by chance: the break is
    moved down the page a millimetre at a time until it falls inside the part."""
    rules = _shipped_rules()
    # WeasyPrint's own styles keep a heading with what follows and a list with what precedes it: not here.
    unguarded = "h2 { margin: 7mm 0 2mm; break-after: auto; } ul, ol { break-before: auto; }" + extra
    found_without = found_with = []
    for fill in range(200, 247):
        found = layout_problems(_layout(_page_with(tail, unguarded, fill)), "prøve")
        if [f for f in found if kind in f]:
            found_without = found
            found_with = layout_problems(_layout(_page_with(tail, rules, fill)), "prøve")
            break
    assert found_without, f"ingen placering af {kind} gav et brud at finde"
    assert found_with == []


# --- The shipped content in WeasyPrint ----------------------------------------------------------------------------


_PRINTED: dict[str, list[pdf.RenderedPdf]] = {}


def printed_in(language: str) -> list[pdf.RenderedPdf]:
    """Every print document of the shipped content in ``language``, as the build makes it (no address); made once."""
    if language not in _PRINTED:
        _PRINTED[language] = pdf.render_pdfs(list(edition(REPO, language, "").documents), PDF_CACHE)
    return _PRINTED[language]


@pytest.mark.parametrize("language", ["da", "en"])
def test_nothing_is_parted_in_the_pdfs(language: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every sheet, booklet and the book: no box without its text, no heading last on a page, no question
    without its first answer line, no lead-in without its list."""
    printed = printed_in(language)
    problems, pages = [], 0
    for r in printed:
        document = _layout(r.doc.html)
        assert len(document.pages) == r.pages, r.doc.pdf  # the layout looked at is the PDF's
        pages += len(document.pages)
        problems += layout_problems(document, r.doc.pdf)
    with capsys.disabled():
        print(f"\n{len(printed)} dokumenter, {pages} sider set igennem, {len(problems)} brud")
    assert problems == []
    assert pages > 300


def test_weasyprint_reads_the_print_styles_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    """The browser's own rules (browser.css) are in a style WeasyPrint skips, not in rules it warns about."""
    docs = list(edition(FIXTURES / "projekt", "da", ADDRESS).documents)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for doc in docs:
            _layout(doc.html)
    assert [r.getMessage() for r in caplog.records] == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_checklist_sheets_end_with_note_lines_to_the_foot_of_the_page(language: str) -> None:
    """A checklist sheet ends with "Noter" and ruled lines that fill its last page, and a short checklist stays
    on one page; other sheets get none."""
    printed = printed_in(language)
    checklists = [r for r in printed if r.doc.html_uri and printing.NOTE_LINES in r.doc.html]
    assert len(checklists) >= 20
    for r in printed:
        if r.doc.html_uri and r not in checklists:
            assert 'class="noter-felt"' not in r.doc.html, r.doc.pdf
    for r in checklists:
        assert r.pages == 1, r.doc.pdf  # every shipped checklist is short enough for one page
        assert r.doc.html.split(printing.NOTE_LINES, 1)[1].count(printing.NOTE_LINE) >= 3, r.doc.pdf
        assert ">Noter<" in r.doc.html or ">Notes<" in r.doc.html
        assert 0 <= _empty_below(_layout(r.doc.html)) < 8 * MM + pdf.NOTE_ROOM_PX, r.doc.pdf  # less than a line


def _empty_below(document) -> float:
    """The height (CSS px) left empty under the content of a laid-out document's last page."""
    page = document.pages[-1]._page_box
    content = [box for box in page.children if box.element_tag == "html"]
    return page.content_box_y() + page.height - max(box.position_y + box.margin_height() for box in content)


def test_a_long_checklist_gets_its_notes_where_they_fit() -> None:
    """A checklist longer than a page: the notes follow it and fill its last page, and nothing is parted."""
    docs = list(edition(FIXTURES / "projekt", "da", "").documents)
    sheet = next(d for d in docs if d.pdf.endswith("foerste-besoeg-tjekliste.pdf"))
    item = re.search(r'<li><span class="boks" aria-hidden="true"></span>.*?</li>', sheet.html, re.S).group(0)
    long = dataclasses.replace(sheet, pdf="lang.pdf", html=sheet.html.replace(item, item * 40, 1))
    short, longer = pdf.render_pdfs([sheet, long], PDF_CACHE, workers=1)
    assert short.pages == 1 and longer.pages >= 2
    assert "Noter" in pdf_words(longer.path)[-1]  # on the last page, with its lines
    document = _layout(longer.doc.html)
    assert len(document.pages) == longer.pages
    assert 0 <= _empty_below(document) < 8 * MM + pdf.NOTE_ROOM_PX
    assert layout_problems(document, "lang") == []


def pdf_words(path: Path) -> list[str]:
    """The text of each page of a PDF, folded to single spaces."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


# --- The scale, the bookmarks, the address ------------------------------------------------------------------------


def test_a_scaling_question_is_recognised() -> None:
    sheet = ToolSet("skala", "Skalaspørgsmålet fra 0 til 10", None, (), None)
    other = ToolSet("andet", "Samtalen", "Brug spørgsmålene i samtalen.", (), None)
    assert printing.scale_of("Hvor på skalaen fra 0 til 10 vil du sætte familiens situation i dag?", other) == (0, 10)
    assert printing.scale_of("Hvor tror du, at barnet ville sætte sig selv på skalaen?", sheet) == (0, 10)
    assert printing.scale_of("Where on the scale from 0 to 10 would you put it?", other) == (0, 10)
    assert printing.scale_of("Hvor vil du sætte dig fra 1-10?", other) == (1, 10)
    assert printing.scale_of("Hvad gør, at du sætter tallet dér og ikke lavere?", sheet) is None
    assert printing.scale_of("Hvordan støtter vi børn på 0-10 år?", other) is None  # an age, not a scale
    assert printing.scale_of("Hvor på skalaen A–D ligger metoden?", other) is None  # no numbers to draw


def test_the_scaling_sheet_draws_a_line_from_0_to_10() -> None:
    printed = printed_in("da")
    by_pdf = {r.doc.pdf: r for r in printed}
    sheet = by_pdf[DANISH.sheet_pdf("signs-of-safety", "skalering-0-10")]
    assert sheet.doc.html.count('<svg class="skala"') == 3  # the questions that name the scale
    assert 'aria-label="Skala fra 0 til 10: sæt et kryds"' in sheet.doc.html
    document = _layout(sheet.doc.html)
    scales = [box for page in document.pages for box in _flow(page) if "skala" in _classes(box.element)]
    assert len(scales) >= 3 and all(box.width > 150 * MM for box in scales)  # across the page
    # On paper: the numbers 0 to 10 in a row under the first question.
    out = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(sheet.path), "-"], capture_output=True, text=True)
    assert re.search(r"\b0\s+1\s+2\s+3\s+4\s+5\s+6\s+7\s+8\s+9\s+10\b", out.stdout)
    plan = by_pdf[DANISH.sheet_pdf("signs-of-safety", "sikkerhedsplanen")]
    assert plan.doc.html.count('<svg class="skala"') == 1  # its last question asks for a number from 0 to 10
    others = [r for r in printed if r.doc.html_uri and "signs-of-safety" not in r.doc.pdf]
    assert others and not any('<svg class="skala"' in r.doc.html for r in others)


def test_every_pdf_opens_with_its_bookmarks_shown(shipped_site: Path) -> None:
    paths = sorted(shipped_site.rglob("*.pdf"))
    assert len(paths) > 100  # both editions
    for path in paths:
        root = PdfReader(path).trailer["/Root"]
        assert "/Outlines" in root, path  # every document has headings
        assert root["/PageMode"] == "/UseOutlines", path


def test_bookmarks_are_shown_in_a_pdf_made_again_not_in_one_cached_before(tmp_path: Path) -> None:
    """The cache key names what pdf.py does to a PDF, so a PDF cached without /PageMode is never reused."""
    doc = list(edition(FIXTURES / "projekt", "da", "").documents)[0]
    engine = "weasyprint x"
    before = hashlib.sha256(f"{engine}\0{pdf.PDF_VARIANT}\0{doc.html}".encode()).hexdigest()  # the key until now
    assert pdf._key(doc, engine) != before
    (made,) = pdf.render_pdfs([doc], tmp_path / "cache", workers=1)
    data = made.path.read_bytes()
    assert PdfReader(made.path).trailer["/Root"]["/PageMode"] == "/UseOutlines"
    (again,) = pdf.render_pdfs([doc], tmp_path / "cache", workers=1)
    assert not again.rendered and again.path.read_bytes() == data  # the same bytes from the cache


def _qr_modules(data_uri: str) -> list[list[bool]]:
    """The dark modules of a QR code drawn by segno as an SVG path ('M0 0.5h7m1 0h1…'), row by row."""
    svg = unquote(data_uri.split(",", 1)[1])
    path = re.search(r"d='([^']*)'", svg).group(1)
    rows: dict[int, set[int]] = {}
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            rows.setdefault(int(y), set()).update(range(int(x), int(x + float(a))))
            x += float(a)
    size = max(rows) + 1
    return [[c in rows.get(r, set()) for c in range(size)] for r in range(size)]


def test_print_with_an_address_has_it_and_its_qr_code() -> None:
    docs = {d.pdf: d for d in edition(FIXTURES / "projekt", "da", ADDRESS).documents}
    sheet = docs["pdf/ark/opsoegning/foerste-besoeg-tjekliste.pdf"]
    url = "https://metoder.kommune.dk/metoder/opsoegning/#foerste-besoeg-tjekliste"
    assert f'<span class="adresse">{url}</span>' in sheet.html
    (src,) = re.findall(r'<img class="qr" src="([^"]+)"', sheet.html)
    assert sheet.resources == frozenset({src})  # the only thing the PDF may load
    expected = segno.make(url, error="m")
    assert _qr_modules(src) == [[bool(v) for v in row] for row in expected.matrix]  # it reads as the address
    book = docs[DANISH.book_pdf]
    assert f"<p>{ADDRESS}</p>" in book.html  # on the cover
    (made,) = pdf.render_pdfs([sheet], PDF_CACHE, workers=1)
    text = "".join(pdf_words(made.path))
    assert url in text.replace(" ", "")
    assert "Metodehåndbogen · Opsøgning på landet" in pdf_words(made.path)[0]
    assert "Side 1 af 1" in pdf_words(made.path)[0]
    document = _layout(made.doc.html)
    qr_boxes = [box for box in document.pages[0]._page_box.descendants() if "qr" in _classes(box.element)]
    assert qr_boxes  # drawn in the footer


@pytest.mark.parametrize("site_url", ["", "https://metodehaandbogen.example/"])
def test_print_without_an_address_has_neither_address_nor_qr_code(site_url: str) -> None:
    docs = list(edition(FIXTURES / "projekt", "da", site_url).documents)
    for doc in docs:
        assert 'class="qr"' not in doc.html and 'class="adresse"' not in doc.html, doc.pdf
        assert "metodehaandbogen.example" not in doc.html and not doc.resources, doc.pdf
        assert not re.search(r'href="(?:/|https?:)[^"]*metoder/', doc.html), doc.pdf  # no link to a page
    book = next(d for d in docs if d.pdf == DANISH.book_pdf)
    sheet = next(d for d in docs if d.pdf.endswith("foerste-besoeg-tjekliste.pdf"))
    made = {r.doc.pdf: r for r in pdf.render_pdfs([book, sheet], PDF_CACHE, workers=1)}
    first = pdf_words(made[sheet.pdf].path)[0]
    # Still a finished footer: the handbook, the method, its source and the page number.
    assert "Metodehåndbogen · Opsøgning på landet" in first and "Kilde: En metodebeskrivelse" in first
    assert "Side 1 af 1" in first
    assert "http" not in first
    cover = pdf_words(made[book.pdf].path)[0]
    assert cover.startswith("Metodehåndbogen") and "http" not in cover


def test_checklist_sheet_png_for_review() -> None:
    """A checklist sheet as a trainer gets it on paper; the PNG is kept for review."""
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm mangler: kør 'make test', som installerer poppler-utils")
    path = DANISH.sheet_pdf("aaben-dialog", "netvaerksmoedet-tjekliste")
    sheet = next(r for r in printed_in("da") if r.doc.pdf == path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "tjekliste-ark"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(sheet.path), str(out)], check=True)
    assert out.with_suffix(".png").stat().st_size > 10_000


# --- A browser's own print (Chromium) -----------------------------------------------------------------------------


def _lines(path: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Each page of a PDF: its height and its lines of text (top, bottom, text), top to bottom (pdftotext)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True)
    pages = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out.stdout, re.S):
        lines = []
        for top, bottom, words in re.findall(
            r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', body, re.S
        ):
            said = " ".join(html.unescape(w) for w in re.findall(r">([^<]*)</word>", words))
            lines.append((float(top), float(bottom), said))
        pages.append((float(height), sorted(lines)))
    return pages


@pytest.fixture(scope="module")
def print_tab(browser: Browser) -> Iterator:
    context = browser.new_context(locale="da-DK")
    yield context.new_page()
    context.close()


def test_a_browser_prints_every_sheet_as_its_pdf(print_tab, base_url: str, shipped_site: Path, tmp_path: Path) -> None:
    """The HTML sheet printed by Chromium: the footer at the foot of every page, "Side N af M" with the real
    numbers, and as many pages as the sheet's PDF."""
    checked = 0
    for sheet in printing.sheets(load_handbook(REPO)):
        print_tab.goto(f"{base_url}/{sheet.html}")
        out = tmp_path / "ark.pdf"
        print_tab.pdf(path=str(out), prefer_css_page_size=True)
        pages = _lines(out)
        assert len(pages) == len(PdfReader(shipped_site / sheet.pdf).pages), sheet.html
        for n, (height, lines) in enumerate(pages, 1):
            texts = [said for _, _, said in lines]
            assert not [said for said in texts if "Side 0" in said or " af 0" in said], sheet.html
            footer = [top for top, _, said in lines if said.startswith(f"Metodehåndbogen · {sheet.method.title}")]
            assert footer and min(footer) > 0.8 * height, (sheet.html, n, texts[-4:])
            assert f"Side {n} af {len(pages)}" in texts, (sheet.html, n, texts[-4:])
            assert lines[-1][2] == f"Side {n} af {len(pages)}"  # the last thing on the page
            content = [bottom for top, bottom, _ in lines if top < min(footer)]
            assert not content or max(content) <= min(footer), (sheet.html, n)  # nothing runs under the footer
        checked += len(pages)
    assert checked > 50


def test_a_browser_print_of_a_method_page_leaves_no_heading_last(print_tab, base_url: str) -> None:
    """Every method page printed by Chromium (the site's print styles): no heading and no lead-in ending with ":"
    is the last line of a page."""
    problems, pages = [], 0
    for method in load_handbook(REPO).methods_by_title:
        path = f"/metoder/{method.id}/"
        print_tab.goto(base_url + path)
        print_tab.emulate_media(media="print")
        headings = print_tab.evaluate(
            "[...document.querySelectorAll('article h1, article h2, article h3, article h4')]"
            ".map(h => h.innerText.replace('¶', '').split(/\\s+/).join(' ').trim())"
        )
        out = ARTIFACTS / "udskrift-metode-brud.pdf"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        print_tab.pdf(path=str(out), prefer_css_page_size=True)
        printed = _lines(out)
        pages += len(printed)
        for n, (_, lines) in enumerate(printed[:-1], 1):
            last = " ".join(lines[-1][2].split()) if lines else ""
            if any(len(last) > 3 and heading.endswith(last) for heading in headings):
                problems.append(f"{path} side {n}: overskriften '{last}' står sidst")
            elif last.endswith(":"):
                problems.append(f"{path} side {n}: '{last}' står sidst, listen på næste side")
    assert pages > 50
    assert problems == []
