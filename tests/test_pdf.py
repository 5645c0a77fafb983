"""PDFs as a trainer gets them: A4 sheets with every item and question, tagged, cached between builds."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, edit, make_project, mkdocs_build
from metodebog.layout import DANISH
from metodebog.printing import sheets
from metodebog.validate import load_handbook

A4 = (595.28, 841.89)
ARTIFACTS = REPO / "build" / "artifacts"


def words(text: str) -> str:
    """Text with line breaks and hyphenation folded, for comparing what a PDF says with the source."""
    return " ".join(text.replace("\u00ad", "").split())


def pdf_text(path: Path) -> str:
    return words(" ".join(page.extract_text() for page in PdfReader(path).pages))


def plain(markdown: str) -> str:
    return words(re.sub(r"[*_`]", "", markdown))


def assert_a4(reader: PdfReader) -> None:
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4


def check_sheets(project: Path, site: Path) -> dict[str, int]:
    """Assert every sheet of ``project`` has its PDF with heading, items and questions; return path → pages."""
    hb = load_handbook(project)
    found = {}
    for s in sheets(hb):
        path = site / s.pdf
        assert path.is_file(), s.pdf
        reader = PdfReader(path)
        assert_a4(reader)
        text = pdf_text(path)
        assert plain(s.title) in text and plain(s.method.title) in text, s.pdf
        for line in s.checklist.items if s.checklist else s.tools.questions if s.tools else s.part.steps:
            assert plain(line) in text, (s.pdf, line)
        assert f"Side 1 af {len(reader.pages)}" in text
        found[s.pdf] = len(reader.pages)
    return found


def test_fixture_sheets(built_fixture: Path) -> None:
    pages = check_sheets(REPO / "tests" / "fixtures" / "projekt", built_fixture)
    assert pages == {
        "pdf/ark/opsoegning/foerste-besoeg-spoergsmaal.pdf": 1,
        "pdf/ark/opsoegning/foerste-besoeg-tjekliste.pdf": 1,
        "pdf/ark/opsoegning/ledelse.pdf": 1,
        "pdf/ark/opsoegning/sparring.pdf": 1,
    }


def test_sheet_footer_and_metadata(built_fixture: Path) -> None:
    path = built_fixture / "pdf/ark/opsoegning/foerste-besoeg-tjekliste.pdf"
    reader = PdfReader(path)
    text = pdf_text(path)
    assert "Metodehåndbogen · Opsøgning på landet" in text
    assert "Kilde: En metodebeskrivelse. En styrelse, 2020." in text
    # The configured address is a placeholder: no address and no QR code on paper (see test_print_breaks.py).
    assert "metodehaandbogen.example" not in text.replace(" ", "") and "Side 1 af 1" in text
    assert "Fase 1: Første besøg" in text and "Navn:" in text and "Dato:" in text
    assert reader.metadata.title == "Før vi kører ud – Opsøgning på landet"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert root["/MarkInfo"]["/Marked"]  # tagged PDF
    assert "/StructTreeRoot" in root
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.append("/FontFile2" in descriptor or "/FontFile3" in descriptor)
    assert fonts and all(fonts)  # every font embedded


def test_method_booklet_and_whole_book(built_fixture: Path) -> None:
    booklet = pdf_text(built_fixture / DANISH.method_pdf("opsoegning"))
    for phrase in (
        "Opsøgning på landet (OPL)",
        "Fase 1: Første besøg",
        "Hvor møder vi borgeren bedst?",
        "Der er afsat tid til sparring hver uge.",
        "Gården ved skoven",
    ):
        assert phrase in booklet
    book_path = built_fixture / DANISH.book_pdf
    book = pdf_text(book_path)
    reader = PdfReader(book_path)
    assert reader.metadata.title == "Metodehåndbogen"
    assert_a4(reader)
    # The table of contents gives page numbers, and each entry is on that page.
    toc = re.search(r"Kortet over kvarteret \.[ .]*(\d+)", book)
    assert toc, book[:2000]
    page = int(toc.group(1))
    assert "Beboerne tegner et kort over foreningerne" in words(reader.pages[page - 1].extract_text())
    for phrase in (
        "Stærke naboskaber",
        "Anna og Bo parkerer ved vejen",
        "Før vi kører ud",
        "Hvad har vi prøvet indtil nu?",
    ):
        assert phrase in book


def test_web_pages_link_sheets_with_page_counts(built_fixture: Path) -> None:
    html = (built_fixture / "metoder" / "opsoegning" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/metoder/opsoegning.pdf"' in html and "Hent metoden som PDF (" in html
    # "Udskriv" opens the sheet's PDF, to print from the browser's viewer.
    assert re.search(r'href="../../pdf/ark/opsoegning/foerste-besoeg-tjekliste.pdf"[^>]*>.*?Udskriv</a>', html, re.S)
    assert re.search(
        r'href="../../pdf/ark/opsoegning/foerste-besoeg-tjekliste.pdf"[^>]*>.*?Hent PDF \(1 side\)</a>', html, re.S
    )
    overview = (built_fixture / "tjeklister" / "index.html").read_text(encoding="utf-8")
    assert overview.count('data-metode="opsoegning"') >= 4
    assert "Hent hele håndbogen som PDF (" in (built_fixture / "index.html").read_text(encoding="utf-8")
    sheet = (built_fixture / "ark" / "opsoegning" / "foerste-besoeg-tjekliste.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in sheet and "Vi har aftalt, hvem der banker på." in sheet
    assert not re.search(r'(?:src|href)="https?://', sheet)  # self-contained: nothing fetched


def test_sheet_png_for_review(built_fixture: Path) -> None:
    """Render one sheet as a person sees it on paper; the PNG is kept for review."""
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm mangler: kør 'make test', som installerer poppler-utils")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / "ark-foerste-besoeg-tjekliste"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-singlefile",
            str(built_fixture / "pdf/ark/opsoegning/foerste-besoeg-tjekliste.pdf"),
            str(out),
        ],
        check=True,
    )
    png = out.with_suffix(".png")
    assert png.stat().st_size > 10_000


def _digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*.pdf")}


def test_cache_renders_only_what_changed(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "projekt")
    cache = str(proj / "build" / "pdf-cache")  # a project's own, as in `make build`; fresh
    first = mkdocs_build(proj, tmp_path / "site1", METODEBOG_PDF_CACHE=cache)
    assert first.returncode == 0, first.stderr
    assert "PDF'er: 8 nye, 0 fra cachen" in first.stderr

    again = mkdocs_build(proj, tmp_path / "site2", METODEBOG_PDF_CACHE=cache)
    assert "PDF'er: 0 nye, 8 fra cachen" in again.stderr
    assert _digests(tmp_path / "site1") == _digests(tmp_path / "site2")

    path = proj / "methods" / "opsoegning.yaml"
    edit(path, "Der er afsat tid til sparring hver uge.", "Der er afsat en time til sparring hver uge.")
    edited = mkdocs_build(proj, tmp_path / "site3", METODEBOG_PDF_CACHE=cache)
    assert "PDF'er: 3 nye, 5 fra cachen" in edited.stderr
    before, after = _digests(tmp_path / "site2"), _digests(tmp_path / "site3")
    assert sorted(p for p in after if before.get(p) != after[p]) == [
        # The English edition shows the Danish text where it has no translation, so its PDFs change too.
        "en/pdf/method-handbook.pdf",
        "en/pdf/methods/opsoegning.pdf",
        "en/pdf/sheets/opsoegning/ledelse.pdf",
        "pdf/ark/opsoegning/ledelse.pdf",
        "pdf/metodehaandbogen.pdf",
        "pdf/metoder/opsoegning.pdf",
    ]


def test_shipped_sheets(shipped_site: Path) -> None:
    pages = check_sheets(REPO, shipped_site)
    assert len(pages) >= 15
    overview = (shipped_site / "tjeklister" / "index.html").read_text(encoding="utf-8")
    for pdf, n in pages.items():  # the overview gives each sheet's real page count
        label = "1 side" if n == 1 else f"{n} sider"
        assert re.search(rf'href="../{re.escape(pdf)}">Hent PDF \({label}\)</a>', overview), pdf


def test_shipped_book(shipped_site: Path) -> None:
    reader = PdfReader(shipped_site / DANISH.book_pdf)
    assert len(reader.pages) > 50
    text = words(reader.pages[0].extract_text())
    assert "Metodehåndbogen" in text
