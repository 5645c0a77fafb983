"""Loading and validation: golden fixtures (bad file → the exact Danish message with its line)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO
from metodebog.problems import ContentError
from metodebog.validate import load_handbook

GOLDEN = sorted(p for p in (FIXTURES / "fejl").iterdir() if p.is_dir())


def overlay(project: Path, case: Path) -> None:
    """Put the golden case's files over the fixture project's."""
    for src in sorted(case.rglob("*")):
        if src.is_file() and src.name != "forventet.txt":
            dest = project / src.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)


@pytest.mark.parametrize("case", GOLDEN, ids=[p.name for p in GOLDEN])
def test_golden_message(case: Path, project: Path) -> None:
    overlay(project, case)
    with pytest.raises(ContentError) as caught:
        load_handbook(project)
    expected = (case / "forventet.txt").read_text(encoding="utf-8")
    assert caught.value.report() + "\n" == expected


def test_fixture_project_is_valid(project: Path) -> None:
    hb = load_handbook(project)
    assert [m.id for m in hb.methods] == ["naboskab", "opsoegning"]
    m = hb.method("opsoegning")
    assert [p.id for p in m.phases] == ["foerste-besoeg", "naeste-skridt"]
    assert m.phases[0].checklist.items == ("Vi har aftalt, hvem der banker på.", "Vi har håndsprit og skoovertræk med.")
    assert [c.anchor for c in m.all_checklists] == ["foerste-besoeg-tjekliste", "ledelse"]
    assert [t.anchor for t in m.all_tools] == ["foerste-besoeg-spoergsmaal", "sparring"]
    assert [c.id for c in hb.cases_of("opsoegning", "foerste-besoeg")] == ["gaarden"]
    assert hb.cases_of("opsoegning", "naeste-skridt") == ()


def test_methods_with_term_sorted_by_title(project: Path) -> None:
    hb = load_handbook(project)
    assert [m.title for m in hb.methods_with("ressourcebaseret")] == ["Opsøgning på landet", "Stærke naboskaber"]
    assert [m.title for m in hb.methods_with("lokalsamfund")] == ["Stærke naboskaber"]


def test_check_command_exit_codes(project: Path) -> None:
    """`make check` runs this command: 0 and a Danish summary when clean, 1 and file:line:col when not."""
    cmd = [sys.executable, "-m", "metodebog", "check", "--root", str(project)]
    env = {"PYTHONPATH": str(REPO / "hooks"), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert "Indholdet er i orden: 2 metoder og 2 cases." in ok.stdout
    path = project / "methods" / "naboskab.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("formål:", "formaal:"), encoding="utf-8")
    bad = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "methods/naboskab.yaml:8:1: ukendt felt 'formaal'. Mente du 'formål'?",
        "1 fejl i indholdet. Ret den, og kør 'make check' igen.",
    ]


def test_check_writes_schema_with_vocabulary(project: Path) -> None:
    env = {"PYTHONPATH": str(REPO / "hooks"), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "-m", "metodebog", "check", "--root", str(project)], env=env, check=True, capture_output=True
    )
    text = (project / "schema" / "metode.schema.json").read_text(encoding="utf-8")
    assert '"socialt-isolerede"' in text and '"Metodens formål' not in text


def test_danish_alphabetical_order() -> None:
    from metodebog.model import danish_key

    words = ["Åben Dialog", "Ørnereden", "Æblehaven", "Zebra", "Aabenraa", "Borgeren"]
    assert sorted(words, key=danish_key) == ["Aabenraa", "Borgeren", "Zebra", "Æblehaven", "Ørnereden", "Åben Dialog"]


def test_an_old_anchor_on_two_parts_of_a_method_is_refused(project: Path) -> None:
    """An old link can land in one place only: two parts of a method may not both claim the same old id."""
    method = project / "methods" / "opsoegning.yaml"
    text = method.read_text(encoding="utf-8")
    text = text.replace("  - id: ledelse\n", "  - id: ledelse\n    tidligere_id: [gammel]\n", 1)
    text = text.replace("  - id: sparring\n", "  - id: sparring\n    tidligere_id: [gammel]\n", 1)
    method.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_handbook(project)
    first = text.split("\n").index("    tidligere_id: [gammel]") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"methods/opsoegning.yaml:{first + 7}:20: id'et 'gammel' bruges allerede på linje {first}. Giv hver fase, "
        "tjekliste og arbejdsark i metoden sit eget id."
    ]
