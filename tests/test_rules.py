"""The handbook's content rules in `make check`: what readers and trainers count on, said as a Danish warning at file:line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, edit
from metodebog.validate import load_handbook


def warnings(project: Path) -> list[str]:
    return [str(w) for w in load_handbook(project).warnings]


def test_a_case_ends_in_three_to_five_questions(project: Path) -> None:
    said = warnings(project)
    assert (
        "cases/gaarden.md:12:1: advarsel: 'Refleksionsspørgsmål' har 2 nummererede spørgsmål. Skriv 3–5 spørgsmål"
        in "\n".join(said)
    )
    assert any(
        w.startswith("cases/kortet.md:7:1: advarsel: casen slutter ikke med '## Refleksionsspørgsmål'.") for w in said
    )
    edit(project / "cases" / "gaarden.md", "2. Hvem kunne du spørge til råds?", "2. Hvem?\n3. Hvornår?")
    assert not any(w.startswith("cases/gaarden.md") for w in warnings(project))


def test_a_method_without_checklist_worksheet_or_case_is_told(project: Path) -> None:
    said = "\n".join(warnings(project))
    assert "methods/naboskab.yaml:2:1: advarsel: metoden har ingen tjekliste" in said
    assert "methods/naboskab.yaml:2:1: advarsel: metoden har ingen værktøjsspørgsmål" in said
    assert "metoden har endnu ingen case" not in said  # both methods have one
    (project / "cases" / "kortet.md").unlink()
    said = "\n".join(warnings(project))
    assert (
        "methods/naboskab.yaml:2:1: advarsel: metoden har endnu ingen case. Skriv en med 'make ny-case ID=<id> METODE=naboskab'"
        in said
    )


def test_an_unknown_fact_says_that_the_sources_are_silent(project: Path) -> None:
    method = project / "methods" / "opsoegning.yaml"
    assert "'økonomi' er markeret" not in "\n".join(warnings(project))  # "Kilden oplyser ikke, …"
    edit(method, "Kilden oplyser ikke, hvad metoden koster.", "Metoden koster noget.")
    line = method.read_text(encoding="utf-8").split("\n").index("  tekst: Metoden koster noget.") + 1
    assert (
        f"methods/opsoegning.yaml:{line}:10: advarsel: 'økonomi' er markeret 'uoplyst: true', men teksten siger ikke, "
        "at kilderne er tavse."
    ) in "\n".join(warnings(project))


def test_a_first_name_belongs_to_one_case(project: Path) -> None:
    edit(project / "cases" / "kortet.md", "Beboerne tegner", "Annas nabo og beboerne tegner")
    said = [w for w in warnings(project) if "navnet" in w]
    assert said == [
        "cases/kortet.md:7:1: advarsel: navnet Anna bruges også i casen 'Gården ved skoven' (cases/gaarden.md). "
        "Giv personerne i hver case deres eget navn, så ingen blander historierne sammen."
    ]


def test_a_rule_warns_and_does_not_stop_the_check(project: Path) -> None:
    (project / "cases" / "kortet.md").unlink()
    out = subprocess.run(
        [sys.executable, "-m", "metodebog", "check", "--root", str(project)],
        env={"PYTHONPATH": str(REPO / "hooks"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "advarsel: metoden har endnu ingen case." in out.stdout + out.stderr


def test_a_case_link_may_name_any_heading_of_the_case(project: Path) -> None:
    edit(
        project / "cases" / "gaarden.md",
        "## Refleksionsspørgsmål",
        "## Efter besøget\n\nDe taler.\n\n## Refleksionsspørgsmål",
    )
    edit(
        project / "methods" / "opsoegning.yaml",
        "tekst: Kilden oplyser ikke,",
        "tekst: Se [casen](case:gaarden#efter-besoeget). Kilden oplyser ikke,",
    )
    load_handbook(project)  # the anchor exists
    edit(project / "methods" / "opsoegning.yaml", "case:gaarden#efter-besoeget", "case:gaarden#foer-besoeget")
    try:
        load_handbook(project)
    except Exception as e:  # noqa: BLE001 - the report is what the editor reads
        assert "foer-besoeget" in str(e)
    else:
        raise AssertionError("et link til en overskrift, casen ikke har, blev ikke fanget")
