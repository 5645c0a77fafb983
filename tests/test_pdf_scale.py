"""PDFs for a handbook of thousands of methods: rendered on every core, reused cheaply, the book in volumes."""

from __future__ import annotations

import dataclasses
import logging
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from pypdf import PdfReader

from conftest import FIXTURES, PDF_CACHE, make_project
from metodebog import pdf, printing
from metodebog.edition import edition
from metodebog.layout import DANISH
from metodebog.messages import say

SITE = "https://metodehaandbogen.example/"


def text(path: Path) -> str:
    """What a reader sees in a PDF, with line breaks and hyphenation folded."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).replace("\u00ad", "").split())


@pytest.fixture(autouse=True)
def _repeatable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same input gives the same bytes


def test_two_workers_make_what_one_makes(tmp_path: Path) -> None:
    docs = list(edition(FIXTURES / "projekt", "da", SITE).documents)
    one = pdf.render_pdfs(docs, tmp_path / "en", workers=1)
    two = pdf.render_pdfs(docs, tmp_path / "to", workers=2)
    assert [r.doc.pdf for r in two] == [d.pdf for d in docs]  # in the documents' order
    assert all(r.rendered for r in one + two)
    assert [(r.doc.pdf, r.pages) for r in one] == [(r.doc.pdf, r.pages) for r in two]
    for a, b in zip(one, two, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes(), a.doc.pdf
    book = next(r for r in two if r.doc.pdf == DANISH.book_pdf)
    assert len(PdfReader(book.path).pages) == book.pages
    assert "Opsøgning på landet" in text(book.path) and "Stærke naboskaber" in text(book.path)


def test_an_error_in_a_worker_is_the_danish_message_of_one_process(tmp_path: Path) -> None:
    docs = list(edition(FIXTURES / "projekt", "da", SITE).documents)
    hostile = '<img src="https://sporing.example/pixel.png" alt=""></body>'
    bad = dataclasses.replace(docs[1], html=docs[1].html.replace("</body>", hostile))
    messages = []
    for workers in (1, 2):
        with pytest.raises(pdf.PrintFetchError) as caught:
            pdf.render_pdfs([docs[0], bad, docs[2]], tmp_path / f"cache{workers}", workers=workers)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert messages[1].startswith(
        f"Udskriften {bad.pdf} (fra methods/opsoegning.yaml) prøvede at hente 'https://sporing.example/pixel.png'."
    )


def _die(job: object) -> int:
    os._exit(9)  # as the kernel does to a process that takes too much memory


def test_a_worker_that_dies_is_a_danish_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = list(edition(FIXTURES / "projekt", "da", SITE).documents)[:3]
    monkeypatch.setattr(pdf, "_render", _die)
    with pytest.raises(pdf.PdfSetupError) as caught:
        pdf.render_pdfs(docs, tmp_path / "cache", workers=2)
    assert str(caught.value) == (
        "En af de processer, der lavede PDF'er, stoppede uventet – måske var der ikke hukommelse nok. "
        "Byg igen med færre processer, fx METODEBOG_PDF_JOBS=1."
    )


def test_the_number_of_workers_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("METODEBOG_PDF_JOBS", raising=False)
    monkeypatch.setenv("METODEBOG_JOBS", "2")  # the whole build's number, unless PDFs have their own
    assert pdf.jobs() == 2
    monkeypatch.setenv("METODEBOG_PDF_JOBS", "3")
    assert pdf.jobs() == 3
    monkeypatch.setenv("METODEBOG_PDF_JOBS", "alle")
    with pytest.raises(pdf.PdfSetupError) as caught:
        pdf.jobs()
    assert str(caught.value) == (
        "METODEBOG_PDF_JOBS skal være et helt tal fra 1 og op (antal processer, der laver PDF'er), ikke 'alle'. "
        "Ret værdien, eller fjern METODEBOG_PDF_JOBS for at bruge én proces pr. kerne."
    )
    assert say(str(caught.value), "en").startswith("METODEBOG_PDF_JOBS must be a whole number from 1 up")


def test_a_cut_or_changed_pdf_in_the_cache_is_made_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    docs = list(edition(FIXTURES / "projekt", "da", SITE).documents)
    cache = tmp_path / "cache"
    first = pdf.render_pdfs(docs, cache, workers=2)
    again = pdf.render_pdfs(docs, cache, workers=2)
    assert not any(r.rendered for r in again)
    assert [r.pages for r in again] == [r.pages for r in first]

    book = next(r for r in first if r.doc.pdf == DANISH.book_pdf)
    sheet = next(r for r in first if r.doc.html_uri)
    whole = book.path.read_bytes()
    book.path.write_bytes(whole[: len(whole) // 2])  # cut, as a full disk or a kill might
    data = sheet.path.read_bytes()
    sheet.path.write_bytes(data[:-40] + b"x" * 40)  # the same size, other last bytes
    with caplog.at_level(logging.WARNING, logger=pdf.log.name):
        mended = pdf.render_pdfs(docs, cache, workers=2)
    assert sorted(r.doc.pdf for r in mended if r.rendered) == sorted([book.doc.pdf, sheet.doc.pdf])
    assert f"{DANISH.book_pdf}: PDF'en i cachen var ødelagt og laves igen." in caplog.text
    assert f"{sheet.doc.pdf}: PDF'en i cachen var ødelagt og laves igen." in caplog.text
    assert book.path.read_bytes() == whole
    assert len(PdfReader(book.path).pages) == book.pages
    assert sheet.path.read_bytes() == data
    assert f"Side 1 af {sheet.pages}" in text(sheet.path)


def _volume_project(tmp_path: Path) -> Path:
    """The fixture project with a third method, so three methods by title: Opsøgning, Stærke, Åben."""
    project = make_project(tmp_path / "projekt")
    source = (project / "methods" / "naboskab.yaml").read_text(encoding="utf-8")
    (project / "methods" / "aaben-opgang.yaml").write_text(
        source.replace("titel: Stærke naboskaber", "titel: Åben opgang"), encoding="utf-8"
    )
    return project


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (href, download, text)
        self._open: tuple[str, str] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            a = dict(attrs)
            self._open, self._text = (a.get("href") or "", a.get("download") or ""), ""

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            self.links.append((*self._open, " ".join(self._text.split())))
            self._open = None


def test_a_big_handbook_is_printed_in_volumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing, "BOOK_VOLUME_METHODS", 2)
    made = edition(_volume_project(tmp_path), "da", SITE)
    docs = list(made.documents)
    paths = [d.pdf for d in docs]
    assert DANISH.book_pdf not in paths
    volumes = ["pdf/metodehaandbogen-1.pdf", "pdf/metodehaandbogen-2.pdf"]
    assert [p for p in paths if p.startswith("pdf/metodehaandbogen")] == volumes
    results = pdf.render_pdfs(docs, PDF_CACHE, workers=2)
    site = tmp_path / "site"
    pdf_pages = {}
    for r in results:
        (site / r.doc.pdf).parent.mkdir(parents=True, exist_ok=True)
        (site / r.doc.pdf).write_bytes(r.path.read_bytes())
        pdf_pages[r.doc.pdf] = r.pages

    first, second = text(site / volumes[0]), text(site / volumes[1])
    # Each volume has its own cover, saying which volume it is and which methods it holds.
    assert "Bind 1 af 2 Metoderne fra Opsøgning på landet til Opsøgning på landet" in first
    assert "Bind 2 af 2 Metoderne fra Stærke naboskaber til Åben opgang" in second
    assert PdfReader(site / volumes[1]).metadata.title == "Metodehåndbogen – Bind 2 af 2"
    # … and only its methods, their cases and their sheets.
    assert "Hvor møder vi borgeren bedst?" in first and "Før vi kører ud" in first
    assert "Beboerne tegner et kort over foreningerne" not in first
    assert "Beboerne tegner et kort over foreningerne" in second and "Åben opgang" in second
    assert "Før vi kører ud" not in second
    for volume in volumes:
        assert len(PdfReader(site / volume).pages) == pdf_pages[volume]

    # Where the book is offered, the volumes are listed with their methods and pages, each a link to its PDF.
    page = "tjeklister/index.md"
    html = markdown.markdown(made.book_links(pdf_pages, page), extensions=["attr_list"])
    assert "Hent hele håndbogen som PDF i 2 bind:" in html
    parser = _Links()
    parser.feed(html)
    assert parser.links == [
        (
            "../pdf/metodehaandbogen-1.pdf",
            "metodehaandbogen-1.pdf",
            f"Bind 1: Opsøgning på landet – Opsøgning på landet ({pdf_pages[volumes[0]]} sider)",
        ),
        (
            "../pdf/metodehaandbogen-2.pdf",
            "metodehaandbogen-2.pdf",
            f"Bind 2: Stærke naboskaber – Åben opgang ({pdf_pages[volumes[1]]} sider)",
        ),
    ]
    for href, _, _ in parser.links:
        assert (site / posixpath.normpath(posixpath.join(posixpath.dirname(page), href))).is_file()


def test_a_handbook_that_fits_in_one_volume_is_one_book(tmp_path: Path) -> None:
    made = edition(FIXTURES / "projekt", "en", SITE)
    [book] = [d for d in made.documents if "handbook" in d.pdf]
    assert book.pdf == "pdf/method-handbook.pdf" and book.title == "Method Handbook"
    assert "Volume" not in book.html
    html = markdown.markdown(made.book_links({book.pdf: 12}, "index.md"), extensions=["attr_list"])
    assert re.fullmatch(
        r'<p><a download="method-handbook.pdf" href="pdf/method-handbook.pdf">'
        r"Download the whole handbook as PDF \(12 pages\)</a></p>",
        html,
    )
    assert made.book_links({}, "index.md") == ""  # no PDFs made: nothing offered
