"""Render print documents to PDF with WeasyPrint, caching each PDF by the hash of what it is made from.

The documents missing from the cache are rendered in a pool of processes, one per core (or as many
as METODEBOG_PDF_JOBS says), the biggest first; the results come back in the documents' order.
A checklist sheet is laid out twice: the second time with as many ruled lines for notes as fill its last page.
Every PDF with bookmarks opens with them shown.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import logging
import multiprocessing
import os
import sys
from bisect import bisect_left
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import settings
from .printing import NOTE_LINES, PrintDoc, with_note_lines

log = logging.getLogger(__name__)

# Tagged PDF for accessibility: public bodies' PDFs fall under the same law as their web pages.
PDF_VARIANT = "pdf/ua-1"
# What this module does to a PDF beyond WeasyPrint's own rendering, part of the cache key: a PDF cached before
# a change here is rendered again. 2: bookmarks shown on opening, note lines filling a checklist sheet.
FINISH = "2"
# The height of a ruled line for notes (print.css: .svar .linje) in CSS pixels, and the room left under the
# last one, so a browser's print of the same sheet, laid out a little differently, stays on its pages too.
NOTE_LINE_PX = 8 / 25.4 * 96
NOTE_ROOM_PX = 3 / 25.4 * 96

# A cached PDF is trusted when its size and the hash of its last bytes (which hold %%EOF) are as recorded.
TAIL = 1024
# WeasyPrint needs about this many bytes of memory per byte of a document's HTML: a volume of the book
# of 20 methods (1.2 MB of HTML, 627 pages) peaks at 640 MB, a whole book of 100 methods (6.4 MB) at 2.8 GB.
MEMORY_PER_HTML_BYTE = 450


@dataclass(frozen=True)
class RenderedPdf:
    doc: PrintDoc  # as printed: a checklist sheet's HTML with the note lines its PDF has
    path: Path  # the cached file
    pages: int
    rendered: bool  # False when the cache already held it


class PrintFetchError(Exception):
    """A print document asked for something the build did not make; the message is Danish."""


@cache
def _build_only() -> type:
    """Return a WeasyPrint URL fetcher class that serves only the images the build drew for the document."""
    from weasyprint.urls import URLFetcher

    class BuildOnly(URLFetcher):
        def __init__(self, doc: PrintDoc):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
            self.doc = doc
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None):
            if url in self.doc.resources:
                return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"not made by the build: {url[:80]}")

        def verdict(self) -> None:
            """Raise PrintFetchError, in Danish, when the document asked for anything else."""
            if self.refused:
                where = f" (fra {self.doc.source})" if self.doc.source else ""
                shown = ", ".join(f"'{u[:80]}'" for u in sorted(set(self.refused))[:3])
                raise PrintFetchError(
                    f"Udskriften {self.doc.pdf}{where} prøvede at hente {shown}. En PDF må kun indeholde det, "
                    "bygget selv har lavet: fjern billedet, stylesheetet eller linket fra teksten."
                )

    return BuildOnly


def _key(doc: PrintDoc, engine: str) -> str:
    return hashlib.sha256(f"{engine}\0{PDF_VARIANT}\0{FINISH}\0{doc.html}".encode()).hexdigest()


def _show_bookmarks(document, pdf) -> None:
    """WeasyPrint's finisher: a PDF with bookmarks opens with them shown (the catalog's /PageMode)."""
    if "Outlines" in pdf.catalog:
        pdf.catalog["PageMode"] = "/UseOutlines"


def _free_below(document) -> float:
    """Return the height (CSS px) left empty at the foot of the last page of a laid-out ``document``."""
    from weasyprint.formatting_structure.boxes import MarginBox

    page = document.pages[-1]._page_box
    bottom = page.content_box_y() + page.height
    used = max(
        (box.position_y + box.margin_height() for box in page.children if not isinstance(box, MarginBox)),
        default=page.content_box_y(),
    )
    return bottom - used


def _note_lines(weasyprint, html: str, fetcher, document):
    """Return how many note lines fill the last page of a checklist sheet laid out as ``document``, and its layout
    with them (``html`` again with those lines). Any other document comes back as it is, with 0 lines.
    """
    if NOTE_LINES not in html:
        return 0, document
    lines = int((_free_below(document) - NOTE_ROOM_PX) // NOTE_LINE_PX)
    if lines <= 0:
        return 0, document
    again = weasyprint.HTML(string=with_note_lines(html, lines), url_fetcher=fetcher).render()
    if len(again.pages) != len(document.pages):  # never a page more for the notes
        return 0, document
    return lines, again


class PdfSetupError(Exception):
    """PDFs cannot be made on this machine or in this cache folder; the message is Danish and says what to do."""


def _weasyprint():
    try:
        import weasyprint  # imported here: loading Pango costs time that `make check` should not pay
    except OSError as e:
        raise PdfSetupError(
            f"PDF'erne kan ikke laves: WeasyPrint mangler et systembibliotek ({e}). Installér "
            "libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0 og fonts-dejavu-core "
            "(kør 'make system' som root, eller 'sudo apt-get install' med de navne), eller byg uden PDF'er "
            "med METODEBOG_PDF=nej."
        ) from None
    return weasyprint


def _disk_error(cache_dir: Path, e: OSError) -> PdfSetupError:
    reason = {
        errno.ENOSPC: "disken er fuld",
        errno.EDQUOT: "din kvote på disken er brugt op",
        errno.EROFS: "disken kan kun læses",
        errno.EACCES: "du har ikke lov at skrive i mappen",
        errno.EPERM: "du har ikke lov at skrive i mappen",
    }.get(e.errno or 0, e.strerror or str(e))
    return PdfSetupError(
        f"PDF-cachen {cache_dir} kan ikke skrives: {reason}. Frigør plads eller ret rettighederne, "
        "eller sæt METODEBOG_PDF_CACHE til en anden mappe."
    )


def _seal(path: Path) -> tuple[int, str]:
    """Return a PDF's size and the SHA-256 of its last ``TAIL`` bytes; raise ValueError unless they end the PDF."""
    with open(path, "rb", buffering=0) as f:
        size = os.fstat(f.fileno()).st_size
        f.seek(max(0, size - TAIL))
        tail = f.read()
    if size < 64 or b"%%EOF" not in tail:
        raise ValueError(f"not a whole PDF: {path}")
    return size, hashlib.sha256(tail).hexdigest()


def cached_pages(path: Path | str, sidecar: Path | str) -> tuple[int, int] | None:
    """Return the page count and the note lines added (see ``_note_lines``) recorded in ``sidecar`` if the
    cached PDF is still the file recorded there, else None.

    The sidecar holds "pages size hash lines" (see ``_seal``): a PDF cut short, grown or overwritten at
    its end is caught by reading its last bytes only, which keeps thousands of cached PDFs quick.
    """
    try:
        with open(sidecar, "rb") as f:
            pages, size, digest, lines = f.read().split()
        end = int(size)
        with open(path, "rb", buffering=0) as f:
            f.seek(max(0, end - TAIL))
            tail = f.read(TAIL + 1)  # a byte more: a PDF that grew is not the recorded one either
        if len(tail) != min(end, TAIL) or hashlib.sha256(tail).hexdigest().encode() != digest:
            return None
        return int(pages), int(lines)
    except (OSError, ValueError):  # unreadable in any way: render it again
        return None


def jobs() -> int:
    """Return how many processes render PDFs: METODEBOG_PDF_JOBS, else the whole build's METODEBOG_JOBS, else one per core."""
    try:
        return settings.pdf_jobs()
    except ValueError as e:
        raise PdfSetupError(str(e)) from None


@dataclass(frozen=True)
class _Job:
    """A document to render and where its PDF and sidecar go in the cache."""

    doc: PrintDoc
    path: Path
    sidecar: Path


def _render(job: _Job) -> tuple[int, int]:
    """Render ``job``'s document into the cache and record it in its sidecar; return its page count and the
    note lines added to it (a checklist sheet's, see ``_note_lines``).

    Runs in a worker process, so it returns only numbers, never the document.
    Raises PrintFetchError when the document asked for anything the build did not make.
    """
    weasyprint = _weasyprint()
    fetcher = _build_only()(job.doc)
    document = weasyprint.HTML(string=job.doc.html, url_fetcher=fetcher).render()
    lines, document = _note_lines(weasyprint, job.doc.html, fetcher, document)
    pages = len(document.pages)
    tmp = job.path.with_suffix(f".{os.getpid()}.tmp")
    try:
        # Attachments are fetched here, not in render().
        document.write_pdf(tmp, pdf_variant=PDF_VARIANT, finisher=_show_bookmarks)
        del document
        if fetcher.refused:
            tmp.unlink(missing_ok=True)
            fetcher.verdict()
        size, digest = _seal(tmp)
        tmp.replace(job.path)  # atomic: an interrupted build never leaves half a PDF in the cache
        tmp.write_text(f"{pages} {size} {digest} {lines}\n", encoding="ascii")
        tmp.replace(job.sidecar)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise _disk_error(job.path.parent, e) from None
    return pages, lines


def _pool_context() -> multiprocessing.context.BaseContext | None:
    """Return the way to start workers: forked on Linux, so they share the loaded code; None where that is unsafe."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None  # spawned workers could not import this package (MkDocs loads hooks from a path): one process


def _memory() -> int:
    """Return the memory this build may use in bytes: its container's limit (cgroup v2), else the machine's."""
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text(encoding="ascii").strip()
        if limit.isdigit():
            return int(limit)
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _render_all(pending: list[_Job], workers: int) -> list[tuple[int, int]]:
    """Return the page counts and note lines of ``pending``'s documents, in their order, rendered by up to
    ``workers`` processes.

    The biggest documents start first, so a volume of the book does not end up alone at the end, but
    the documents rendered at once need at most half the memory by their estimate (``MEMORY_PER_HTML_BYTE``);
    a document bigger than that renders alone. Raises the error of the first failing document in
    ``pending``'s order, as one process would have.
    """
    context = _pool_context()
    workers = min(workers, len(pending))
    if workers <= 1 or context is None:
        return [_render(job) for job in pending]
    budget = _memory() // 2
    queue = sorted(range(len(pending)), key=lambda i: -len(pending[i].doc.html))
    lacking = [-len(pending[i].doc.html) * MEMORY_PER_HTML_BYTE for i in queue]  # ascending, as bisect wants
    pages = [(0, 0)] * len(pending)
    errors: dict[int, BaseException] = {}
    running: dict[Future[tuple[int, int]], tuple[int, int]] = {}  # future → (document, memory it needs)
    used = 0
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        while running or (queue and not errors):
            # Two per worker keep every worker fed while the next one is handed over.
            while queue and not errors and len(running) < 2 * workers:
                k = bisect_left(lacking, used - budget)  # the biggest that fits in the memory left
                if k == len(queue):
                    if running:
                        break
                    k = 0  # nothing else runs: the biggest renders alone
                i, need = queue.pop(k), -lacking.pop(k)
                try:
                    running[pool.submit(_render, pending[i])] = (i, need)
                except BrokenProcessPool as e:  # a worker died since the last look
                    errors[i] = e
                    break
                used += need
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                i, need = running.pop(future)
                used -= need
                if future.exception() is None:
                    pages[i] = future.result()
                else:
                    errors[i] = future.exception()
    if errors:
        error = errors[min(errors)]
        if isinstance(error, BrokenProcessPool):
            raise PdfSetupError(
                "En af de processer, der lavede PDF'er, stoppede uventet – måske var der ikke hukommelse nok. "
                f"Byg igen med færre processer, fx {settings.PDF_JOBS}=1."
            ) from None
        raise error
    return pages


def render_pdfs(docs: list[PrintDoc], cache_dir: Path, workers: int | None = None) -> list[RenderedPdf]:
    """Return a PDF for every document, in their order, rendering only those whose HTML is not in ``cache_dir`` yet.

    A cached PDF is checked before it is reused (see ``cached_pages``) and rendered again when it
    is broken. The rest are rendered by ``workers`` processes (default: ``jobs()``). Raises
    PdfSetupError (Danish) when WeasyPrint or the cache folder cannot be used, PrintFetchError
    (Danish) when a document asks for something the build did not make.
    """
    weasyprint = _weasyprint()
    workers = jobs() if workers is None else workers
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _disk_error(cache_dir, e) from None
    engine = f"weasyprint {weasyprint.__version__}"
    folder = os.fspath(cache_dir)  # plain strings: pathlib would cost a third of a build that renders nothing
    keys = [_key(doc, engine) for doc in docs]
    found = [cached_pages(f"{folder}/{key}.pdf", f"{folder}/{key}.seal") for key in keys]
    missing = [n for n, cached in enumerate(found) if cached is None]
    work = [_Job(docs[n], cache_dir / f"{keys[n]}.pdf", cache_dir / f"{keys[n]}.seal") for n in missing]
    for job in work:
        if job.sidecar.exists():
            log.warning(f"{job.doc.pdf}: PDF'en i cachen var ødelagt og laves igen.")
    made = dict(zip(missing, _render_all(work, workers), strict=True))
    out = []
    for n, (doc, key) in enumerate(zip(docs, keys, strict=True)):
        pages, lines = made.get(n) or found[n] or (0, 0)
        if lines:  # the sheet as printed, for the site to publish
            doc = dataclasses.replace(doc, html=with_note_lines(doc.html, lines))
        out.append(RenderedPdf(doc, cache_dir / f"{key}.pdf", pages, n in made))
    return out
