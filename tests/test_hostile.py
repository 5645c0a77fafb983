"""Hostile content: every file a careless or malicious contributor could send is refused with a Danish message.

Each folder in ``tests/fixtures/fjendtlig/`` holds files laid over the fixture project and the
exact report ``make check`` must give (``forventet.txt``); the check must fail, say it in Danish
with file:line, and never print a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO
from test_validate import overlay

HOSTILE = sorted(p for p in (FIXTURES / "fjendtlig").iterdir() if p.is_dir())
ENV = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}


@pytest.mark.parametrize("case", HOSTILE, ids=[p.name for p in HOSTILE])
def test_hostile_file_is_refused_in_danish(case: Path, project: Path) -> None:
    overlay(project, case)
    result = subprocess.run(
        [sys.executable, "-m", "metodebog", "check", "--root", str(project)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    expected = (case / "forventet.txt").read_text(encoding="utf-8")
    assert result.stderr == expected


def test_hand_written_pages_are_checked_too(project: Path) -> None:
    (project / "docs" / "om.md").write_text(
        "---\ntitle: Om\n---\n# Om\n\nTekst <iframe src=x></iframe>\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "metodebog", "check", "--root", str(project)], capture_output=True, text=True, env=ENV
    )
    assert result.returncode == 1
    assert result.stderr.startswith("docs/om.md:6:7: HTML-elementet <iframe> er ikke tilladt i håndbogens tekster.")
