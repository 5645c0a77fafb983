"""Builds never report a broken site as success; files and commands that could harm the build are refused in Danish."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, make_project

ENV = {
    **os.environ,
    "PYTHONPATH": str(REPO / "hooks"),
    "NO_MKDOCS_2_WARNING": "1",
    "SOURCE_DATE_EPOCH": "1700000000",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def byg(project: Path, **env: str) -> subprocess.Popen[str]:
    """Start `make build`'s command (python -m metodebog byg) in its own process group."""
    return subprocess.Popen(
        [sys.executable, "-m", "metodebog", "byg", "--root", str(project)],
        env={**ENV, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def until(running: subprocess.Popen[str], words: str, nth: int = 1) -> None:
    """Read the build's output up to its ``nth`` line with ``words`` (or its end)."""
    assert running.stdout is not None
    for line in running.stdout:
        if words in line:
            nth -= 1
            if not nth:
                return


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The file list of one undisturbed build of the fixture project."""
    project = make_project(tmp_path_factory.mktemp("ref") / "projekt")
    done = byg(project, METODEBOG_PDF="nej")
    out, _ = done.communicate(timeout=300)
    assert done.returncode == 0, out
    return files(project / "site")


def test_two_builds_at_once_take_turns(project: Path, reference: list[str]) -> None:
    first, second = byg(project, METODEBOG_PDF="nej"), byg(project, METODEBOG_PDF="nej")
    out1, _ = first.communicate(timeout=300)
    out2, _ = second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, out1 + out2
    assert "En anden bygning kører allerede i denne mappe. Venter, til den er færdig …" in out1 + out2
    assert files(project / "site") == reference


def test_a_kill_at_any_moment_leaves_the_whole_previous_site(project: Path, reference: list[str]) -> None:
    done = byg(project, METODEBOG_PDF="nej")
    assert done.wait(timeout=300) == 0
    before = files(project / "site")
    # Kill the build at moments spread over its run, read from its own output: at its start, as MkDocs starts
    # the Danish edition, once that is written and indexed, as the English one starts; then at the swap below.
    for words, nth in [("", 0), ("Building documentation", 1), ("Søgeindeks", 1), ("Building documentation", 2)]:
        running = byg(project, METODEBOG_PDF="nej")
        if words:
            until(running, words, nth)
        os.killpg(running.pid, signal.SIGKILL)
        running.wait()
        assert files(project / "site") == before, (words, nth)
    for pause in ("swap", "aside"):
        running = byg(project, METODEBOG_PDF="nej", METODEBOG_PAUSE=f"{pause}:30", METODEBOG_SWAP="flyt")
        until(running, f"pause ved {pause}")
        os.killpg(running.pid, signal.SIGKILL)
        running.wait()
        # Killed between the two moves: site/ is aside for a moment, and the next build puts it back first.
        again = byg(project, METODEBOG_PDF="nej")
        out, _ = again.communicate(timeout=300)
        assert again.returncode == 0, out
        assert files(project / "site") == before
    # With the one-step exchange (the default on Linux), even the moment of the swap leaves a whole site.
    running = byg(project, METODEBOG_PDF="nej", METODEBOG_PAUSE="swap:30")
    until(running, "pause ved swap")
    os.killpg(running.pid, signal.SIGKILL)
    running.wait()
    assert files(project / "site") == before


def test_a_failed_build_keeps_the_site_and_says_so(project: Path) -> None:
    assert byg(project, METODEBOG_PDF="nej").wait(timeout=300) == 0
    before = files(project / "site")
    (project / "methods" / "naboskab.yaml").write_text("titel: [", encoding="utf-8")
    failed = byg(project, METODEBOG_PDF="nej")
    out, _ = failed.communicate(timeout=300)
    assert failed.returncode == 1
    assert "Bygningen fejlede (se beskederne ovenfor), så site/ er ikke ændret." in out
    assert "Traceback" not in out
    assert files(project / "site") == before


def test_a_broken_pdf_in_the_cache_is_made_again(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert byg(project, METODEBOG_PDF_CACHE=str(cache)).wait(timeout=300) == 0
    cached = sorted(cache.glob("*.pdf"))
    assert cached
    for pdf in cached:  # cut every cached PDF in half, as a full disk or a kill might
        data = pdf.read_bytes()
        pdf.write_bytes(data[: len(data) // 2])
    again = byg(project, METODEBOG_PDF_CACHE=str(cache))
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out
    assert "PDF'en i cachen var ødelagt og laves igen." in out
    for pdf in (project / "site" / "pdf").rglob("*.pdf"):
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
        assert len(PdfReader(pdf).pages) >= 1


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "metodebog", "check", "--root", str(project)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_content_files_must_be_regular_files_of_the_project(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig.yaml"
    secret.write_text((project / "methods" / "naboskab.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "methods" / "hemmelig.yaml").symlink_to(secret)
    (project / "data" / "ordliste.yaml").unlink()
    (project / "data" / "ordliste.yaml").symlink_to("/etc/hostname")
    shutil.copy(project / "methods" / "naboskab.yaml", project / "methods" / "stor.YAML")
    shutil.copy(project / "methods" / "naboskab.yaml", project / "methods" / "gammel.yml")
    shutil.copy(project / "cases" / "kortet.md", project / "cases" / "kort.markdown")
    big = (project / "methods" / "naboskab.yaml").read_text(encoding="utf-8") + "baggrund: " + "x" * 2_000_000 + "\n"
    (project / "methods" / "kaempe.yaml").write_text(big, encoding="utf-8")
    start = time.monotonic()
    result = check(project)
    assert time.monotonic() - start < 20  # a 2 MB field is refused at once, not worked through for minutes
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "cases/kort.markdown:1:1: kort.markdown har endelsen '.markdown', men cases/ må kun indeholde filer, der ender på .md. Omdøb filen til 'kort.md', eller flyt den ud af mappen.",
        "data/ordliste.yaml:1:1: filen er et symbolsk link til en anden fil. Læg selve filen i mappen i stedet, så håndbogen kun bygger på filer i projektet.",
        "methods/gammel.yml:1:1: gammel.yml har endelsen '.yml', men methods/ må kun indeholde filer, der ender på .yaml. Omdøb filen til 'gammel.yaml', eller flyt den ud af mappen.",
        "methods/hemmelig.yaml:1:1: hemmelig.yaml er et symbolsk link. Læg selve filen i methods/ i stedet, så håndbogen kun bygger på filer i projektet.",
        "methods/kaempe.yaml:1:1: filen fylder 2,0 MB, men en fil i håndbogen må højst fylde 1,0 MB. Del indholdet op, eller fjern det, der ikke hører til.",
        "methods/stor.YAML:1:1: stor.YAML har endelsen '.YAML', men methods/ må kun indeholde filer, der ender på .yaml. Omdøb filen til 'stor.yaml', eller flyt den ud af mappen.",
        "6 fejl i indholdet. Ret dem, og kør 'make check' igen.",
    ]


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the project's Makefile with the repository's virtual environment."""
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={REPO / '.venv'}", *args],
        cwd=project,
        env={k: v for k, v in ENV.items() if k != "PYTHONPATH"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "payload",
    ['x"; touch {p}; echo "', "$(touch {p})", "`touch {p}`", "$(shell touch {p})", "x'; touch {p}; echo '"],
)
def test_make_runs_no_command_from_an_id(project: Path, tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "kørt"
    for target in (
        ["ny-metode", f"ID={payload.format(p=marker)}"],
        ["ny-case", "ID=ny", f"METODE={payload.format(p=marker)}"],
    ):
        result = make(project, *target)
        assert result.returncode != 0
        assert "blev ikke oprettet" in result.stderr
        assert not marker.exists(), target


def test_a_case_cannot_name_a_method_outside_methods(project: Path) -> None:
    result = make(project, "ny-case", "ID=ny", "METODE=../cases/kortet")
    assert result.returncode != 0
    assert "Casen blev ikke oprettet: der findes ingen metode med id'et '../cases/kortet'." in result.stderr
    assert not (project / "cases" / "ny.md").exists()


def test_make_check_writes_nothing(project: Path) -> None:
    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            p.relative_to(project).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in project.rglob("*")
            if p.is_file()
        }

    assert make(project, "skriv-skemaer").returncode == 0
    before = snapshot()
    result = make(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot() == before


def test_a_stale_published_schema_is_an_error_that_names_the_command(project: Path) -> None:
    assert check(project).returncode == 0
    voc = project / "data" / "vokabular.yaml"
    voc.write_text(voc.read_text(encoding="utf-8") + "  ny-tilgang:\n    navn: En ny tilgang\n", encoding="utf-8")
    stale = check(project)
    assert stale.returncode == 1
    assert (
        "schema/metode.schema.json:1:1: skemaet, som editorerne bruger til forslag, passer ikke til ordlisterne og "
        "felterne. Kør 'make skriv-skemaer', og tag ændringen med i din pull request." in stale.stderr
    )
    written = make(project, "skriv-skemaer")
    assert "schema/metode.schema.json er skrevet." in written.stdout
    assert check(project).returncode == 0


def test_a_cache_that_cannot_be_written_is_a_danish_message(project: Path) -> None:
    from metodebog.pdf import PdfSetupError, render_pdfs
    from metodebog.printing import documents
    from metodebog.validate import load_handbook

    docs = documents(load_handbook(project), "https://eksempel.dk/")[:1]
    with pytest.raises(PdfSetupError) as caught:
        render_pdfs(docs, Path("/proc/metodebog-cache"))  # no one may make a folder in /proc, not even root
    assert str(caught.value).startswith("PDF-cachen /proc/metodebog-cache kan ikke skrives:")
    assert "METODEBOG_PDF_CACHE" in str(caught.value)


def test_a_full_disk_is_a_danish_message(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    from metodebog.pdf import PdfSetupError, render_pdfs
    from metodebog.printing import documents
    from metodebog.validate import load_handbook

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", full)
    docs = documents(load_handbook(project), "https://eksempel.dk/")[:1]
    with pytest.raises(PdfSetupError) as caught:
        render_pdfs(docs, tmp_path / "cache")
    assert f"PDF-cachen {tmp_path / 'cache'} kan ikke skrives: disken er fuld." in str(caught.value)
    assert list((tmp_path / "cache").glob("*.tmp")) == []


def test_a_missing_system_library_names_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from metodebog import pdf

    real_import = builtins.__import__

    def without_pango(name: str, *args: object, **kwargs: object):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pango)
    with pytest.raises(pdf.PdfSetupError) as caught:
        pdf.render_pdfs([], Path("/tmp"))
    assert "Installér libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0 og fonts-dejavu-core" in str(caught.value)
