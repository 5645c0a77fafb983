"""A build's settings, read once from the MkDocs command and what a deployment sets, with Danish errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from metodebog.settings import Settings

ROOT = Path("/projekt")


def read(command: str = "build", **environ: str) -> Settings:
    return Settings.read(ROOT, "da", command, environ)


def test_a_build_makes_pdfs_and_a_preview_does_not() -> None:
    assert read("build").pdfs and read("gh-deploy").pdfs
    assert not read("serve").pdfs and read("serve").previewing
    assert read("serve", METODEBOG_PDF="ja").pdfs
    assert not read("build", METODEBOG_PDF="nej").pdfs


def test_the_defaults_of_a_build() -> None:
    s = read()
    assert s.pdf_cache == ROOT / "build" / "pdf-cache"
    assert s.site_url == "" and s.times is None
    assert s.jobs == s.pdf_jobs == (os.cpu_count() or 1)


def test_what_a_deployment_sets() -> None:
    s = read(
        SITE_URL="https://metoder.kommune.dk/haandbog",
        METODEBOG_PDF_CACHE="/cache",
        METODEBOG_JOBS="3",
        METODEBOG_TIDER="/tmp/tider.jsonl",
    )
    assert s.site_url == "https://metoder.kommune.dk/haandbog/"
    assert s.pdf_cache == Path("/cache") and s.times == Path("/tmp/tider.jsonl")
    assert s.jobs == 3 and s.pdf_jobs == 3  # the PDFs follow the build unless told otherwise
    assert read(METODEBOG_JOBS="3", METODEBOG_PDF_JOBS="1").pdf_jobs == 1


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        ({"METODEBOG_PDF": "måske"}, "METODEBOG_PDF skal være 'ja' eller 'nej', ikke 'måske'."),
        ({"METODEBOG_JOBS": "to"}, "METODEBOG_JOBS skal være et helt tal fra 1 og op"),
        ({"METODEBOG_PDF_JOBS": "0"}, "METODEBOG_PDF_JOBS skal være et helt tal fra 1 og op"),
        ({"SITE_URL": "metoder.dk"}, "SITE_URL='metoder.dk' er ikke en hel webadresse."),
    ],
)
def test_a_wrong_value_is_said_in_danish(environ: dict[str, str], said: str) -> None:
    with pytest.raises(ValueError, match=said.replace(".", r"\.").replace("(", r"\(")):
        read(**environ)


def test_a_build_stops_on_a_wrong_setting_before_it_writes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "METODEBOG_PDF": "kun-lidt"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "METODEBOG_PDF skal være 'ja' eller 'nej', ikke 'kun-lidt'." in result.stderr
    assert not site.exists()
