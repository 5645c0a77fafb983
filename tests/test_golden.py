"""Golden files: every page and print document the build generates for the fixture project, made in this process.

For a copy of ``tests/fixtures/projekt`` (outside git, as the test builds see it), in Danish and in English:
each generated page as MkDocs receives it (Markdown, linking the PDFs with their page counts as a build
with PDFs does) and each print document (the HTML WeasyPrint and the browser's print get) is compared with
its own file under ``tests/golden/<language>/pages/`` and ``tests/golden/<language>/print/`` (named
``<file>.golden``). A change shows as the diff of the files it touches; a page or document added or gone fails too. A print document's
style sheets are copies of templates/print/*.css, the same in every document: its golden file holds their
SHA-256 and length in their place.

After a deliberate change, write the files anew and read the diff before committing it:

    METODEBOG_NY_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from pathlib import Path

import pytest

from conftest import generated, make_project
from metodebog.edition import edition

GOLDEN = Path(__file__).resolve().parent / "golden"
SUFFIX = ".golden"
REWRITE = os.environ.get("METODEBOG_NY_GOLDEN") == "1"  # as the golden SVGs of test_diagrams.py
STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("guld") / "projekt")


def made(project: Path, language: str, kind: str) -> dict[str, str]:
    """The edition's generated pages (uri → Markdown) or print documents (PDF path as .html → HTML)."""
    if kind == "pages":
        return generated(project, language, pdfs=True)
    return {
        doc.pdf.removesuffix(".pdf") + ".html": _styles_named(doc.html) for doc in edition(project, language).documents
    }


def _styles_named(html: str) -> str:
    """``html`` with each style sheet's text replaced by its SHA-256 and length."""

    def name(m: re.Match[str]) -> str:
        digest = hashlib.sha256(m.group(2).encode()).hexdigest()
        return f"{m.group(1)}/* sha256 {digest}, {len(m.group(2))} characters */{m.group(3)}"

    return STYLE.sub(name, html)


def _diff(name: str, expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"golden/{name}", "nu", n=2
    )
    return "".join(lines)


@pytest.mark.parametrize("kind", ["pages", "print"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_generated_files_are_as_golden(fixture_project: Path, language: str, kind: str) -> None:
    folder = GOLDEN / language / kind
    files = made(fixture_project, language, kind)
    assert len(files) > 5
    # Stored as <file>.golden: snapshots to compare with, not pages or code of the project.
    found = folder.rglob(f"*{SUFFIX}") if folder.is_dir() else ()
    on_disk = {p.relative_to(folder).as_posix().removesuffix(SUFFIX) for p in found}
    if REWRITE:
        for name in on_disk - set(files):
            (folder / (name + SUFFIX)).unlink()
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / (name + SUFFIX)).write_text(text, encoding="utf-8")
        on_disk = set(files)
    problems = [f"{language}/{kind}/{name} laves ikke længere" for name in sorted(on_disk - set(files))]
    problems += [f"{language}/{kind}/{name} er ny og har ingen golden fil" for name in sorted(set(files) - on_disk)]
    for name in sorted(set(files) & on_disk):
        expected = (folder / (name + SUFFIX)).read_text(encoding="utf-8")
        if expected != files[name]:
            problems.append(_diff(f"{language}/{kind}/{name}", expected, files[name]))
    if problems:  # the whole diff, which an assertion's report would cut short
        pytest.fail(
            "De genererede filer afviger fra tests/golden/. Er ændringen tilsigtet, så skriv dem igen med "
            "METODEBOG_NY_GOLDEN=1 og læs forskellen:\n\n" + "\n".join(problems),
            pytrace=False,
        )
