"""How a build runs, read once: the MkDocs command, the edition's language and what a deployment sets.

Every knob the handbook has lives here with its environment variable, its default and its Danish
error. The MkDocs adapter reads a ``Settings`` in ``on_config`` (the command comes from
``on_startup``) and the core is handed the values; nothing else reads the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .links import deployment_address

SITE_URL = "SITE_URL"  # the address the handbook is published at: `make build SITE_URL=https://…`
PDF = "METODEBOG_PDF"  # ja / nej; unset: PDFs in a build, none in `mkdocs serve` (a preview rebuilds in a second)
PDF_CACHE = "METODEBOG_PDF_CACHE"  # where rendered PDFs are kept between builds; default <project>/build/pdf-cache
JOBS = "METODEBOG_JOBS"  # processes for the pages (and the PDFs, unless PDF_JOBS says otherwise)
PDF_JOBS = "METODEBOG_PDF_JOBS"
TIMES = "METODEBOG_TIDER"  # a file each build appends its seconds per stage to (`make bench`)
MESSAGES = "METODEBOG_SPROG"  # the language of editors' messages: da (default) or en

_YES, _NO = ("ja", "yes", "1", "true"), ("nej", "no", "0", "false")
PREVIEW = "serve"  # the MkDocs command of a preview


def jobs(environ: Mapping[str, str] = os.environ, variable: str = JOBS, purpose: str = "antal processer") -> int:
    """How many processes to use: ``variable``, else one per core; ValueError (Danish) if it is no count."""
    value = environ.get(variable, "").strip()
    if not value:
        return os.cpu_count() or 1
    if not (value.isascii() and value.isdigit() and int(value) >= 1):
        raise ValueError(
            f"{variable} skal være et helt tal fra 1 og op ({purpose}), ikke '{value}'. "
            f"Ret værdien, eller fjern {variable} for at bruge én proces pr. kerne."
        )
    return int(value)


def pdf_jobs(environ: Mapping[str, str] = os.environ) -> int:
    """Processes that render PDFs: METODEBOG_PDF_JOBS, else the build's METODEBOG_JOBS, else one per core."""
    variable = PDF_JOBS if environ.get(PDF_JOBS, "").strip() else JOBS
    return jobs(environ, variable, "antal processer, der laver PDF'er")


def messages_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language editors' messages are shown in: Danish unless METODEBOG_SPROG says otherwise."""
    return environ.get(MESSAGES, "da").strip().lower() or "da"


def _pdfs(environ: Mapping[str, str], command: str) -> bool:
    value = environ.get(PDF, "").strip().lower()
    if not value:
        return command != PREVIEW
    if value not in _YES + _NO:
        raise ValueError(
            f"{PDF} skal være 'ja' eller 'nej', ikke '{value}'. Skriv {PDF}=nej for at bygge uden PDF'er, "
            f"eller fjern {PDF}."
        )
    return value in _YES


@dataclass(frozen=True)
class Settings:
    """One build's settings. ``site_url`` is the deployment's address ('' when none is set)."""

    command: str  # build, serve, gh-deploy
    language: str  # the edition's
    pdfs: bool
    pdf_cache: Path
    site_url: str
    jobs: int  # processes for the pages; 1 in `mkdocs serve`, which runs threads a forked worker must not inherit
    pdf_jobs: int  # processes for the PDFs; likewise
    times: Path | None

    @property
    def previewing(self) -> bool:
        """`mkdocs serve`: it adds a live-reload script inline, runs threads, and shows content errors in the browser."""
        return self.command == PREVIEW

    @classmethod
    def read(cls, root: Path, language: str, command: str, environ: Mapping[str, str] = os.environ) -> Settings:
        """The settings of a build of the project at ``root``; ValueError with a Danish sentence for a wrong value."""
        address = environ.get(SITE_URL, "").strip()
        pages, pdfs = jobs(environ), pdf_jobs(environ)  # read in a preview too: a wrong value is said there as well
        times = environ.get(TIMES, "").strip()
        return cls(
            command=command,
            language=language,
            pdfs=_pdfs(environ, command),
            pdf_cache=Path(environ.get(PDF_CACHE, "").strip() or root / "build" / "pdf-cache"),
            site_url=deployment_address(address) if address else "",
            jobs=1 if command == PREVIEW else pages,
            pdf_jobs=1 if command == PREVIEW else pdfs,
            times=Path(times) if times else None,
        )
