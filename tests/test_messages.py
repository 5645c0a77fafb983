"""Editors' messages in English with METODEBOG_SPROG=en: every golden Danish message has an English wording."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, REPO
from metodebog.messages import translated

GOLDEN = sorted((FIXTURES / "fejl").glob("*/forventet.txt")) + sorted((FIXTURES / "fjendtlig").glob("*/forventet.txt"))
_PLACE = re.compile(r"^[^ ]+:\d+:\d+: ")


def _messages() -> list[str]:
    lines = [line for path in GOLDEN for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted({_PLACE.sub("", line) for line in lines})


def test_every_golden_message_has_an_english_wording() -> None:
    messages = _messages()
    assert len(messages) > 50
    assert [m for m in messages if translated(m, "en") is None] == []


def _check(project: Path, language: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "METODEBOG_SPROG": language}
    cmd = [sys.executable, "-m", "metodebog", "check", "--root", str(project)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def test_check_speaks_english_when_asked(project: Path) -> None:
    ok = _check(project, "en")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().startswith("The content is in order: 2 methods and 2 cases.")
    assert "methods/naboskab.yaml:7:1: warning: " in ok.stderr and "advarsel" not in ok.stderr
    path = project / "methods" / "naboskab.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("formål:", "formaal:"), encoding="utf-8")
    bad = _check(project, "en")
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "methods/naboskab.yaml:8:1: unknown field 'formaal'. Did you mean 'formål'?",
        "1 error in the content. Fix it, and run 'make check' again.",
    ]
    assert _check(project, "da").stderr.splitlines()[0].endswith("ukendt felt 'formaal'. Mente du 'formål'?")


def test_commands_speak_english_too(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks"), "METODEBOG_SPROG": "en"}
    cmd = [sys.executable, "-m", "metodebog", "ny-metode", "Åben-Dialog", "--root", str(project)]
    refused = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "The method was not created: 'Åben-Dialog' is not a valid id. Use lowercase letters, digits and hyphens, "
        "and write æ, ø, å as ae, oe, aa, e.g. 'aaben-dialog'."
    )
