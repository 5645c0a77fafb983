"""The web editor at /admin/: Decap CMS configured from the schema, writing files `make check` accepts.

End to end offline: the built site's /admin/ in Chromium, with decap-server on 127.0.0.1 in git mode
over a copy of the handbook, so every save is a commit on the entry's own branch (the pull request's).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page

from conftest import REPO, generated, make_project, page_text, wait_for
from metodebog import cms, schema
from metodebog.validate import load_handbook

ARTIFACTS = REPO / "build" / "artifacts"
SERVER = REPO / cms.PACKAGE_DIR / "decap-server" / "dist" / "index.js"
PORT = 8081  # the local backend's address in the generated configuration


# -- the configuration follows the schema ----------------------------------------------------------------


def _config() -> dict[str, Any]:
    return cms.config(load_handbook(REPO).terms, "metodehaandbogen/metodehaandbogen")


def _walk(node: dict[str, Any], fields: list[dict[str, Any]], where: str, optional: bool = False) -> list[str]:
    """Every schema property without its form field, or with the wrong kind of field: the mismatches."""
    by_name = {f["name"]: f for f in fields}
    required = set() if optional else set(node.get("required", []))
    out = []
    for name, sub in node.get("properties", {}).items():
        f = by_name.get(name)
        if f is None:
            out.append(f"{where}{name}: intet felt i webeditoren")
            continue
        if f["required"] != (name in required):
            out.append(f"{where}{name}: påkrævet {f['required']} i webeditoren")
        kind = sub.get("type")
        if kind == "object" and "properties" in sub:
            out += _walk(sub, f["fields"], f"{where}{name}.", optional=name not in required)
        elif kind == "array" and sub["items"].get("type") == "object":
            out += _walk(sub["items"], f["fields"], f"{where}{name}[].")
    return out


def test_every_schema_field_has_a_form_field() -> None:
    config = _config()
    method, case = (c["fields"] for c in config["collections"])
    terms = load_handbook(REPO).terms
    assert _walk(schema.method_schema({}), method, "metode: ") == []
    assert _walk(schema.case_schema(), case, "case: ") == []
    by_name = {f["name"]: f for f in method}
    for kind in schema.VOCABULARY_KINDS:  # vocabularies are chosen from their lists, by name
        assert by_name[kind]["widget"] == "select" and by_name[kind]["multiple"] is True
        assert [o["value"] for o in by_name[kind]["options"]] == [t.id for t in terms if t.kind == kind]
    assert by_name["type"]["options"] == list(schema.METHOD_TYPES)
    assert by_name["formål"]["widget"] == "text"  # Markdown stays as written (Decap's editor would rewrite it)
    phase = {f["name"]: f for f in by_name["faser"]["fields"]}
    assert phase["id"]["pattern"][0] == schema.SLUG
    assert {f["name"] for f in phase["tjekliste"]["fields"]} == {"titel", "punkter"}
    decision = {f["name"]: f for f in by_name["økonomi"]["fields"]}
    assert decision["tekst"]["pattern"][0] == f"^[\\s\\S]{{1,{schema.DECISION_MAX_LENGTH}}}$"
    groups = {f["name"]: f for f in by_name["relationel_koordinering"]["fields"]}["grupper"]
    scores = {f["name"]: f for f in groups["fields"]}
    assert scores["egen"] | {} == scores["egen"] and (scores["egen"]["min"], scores["egen"]["max"]) == (1, 5)
    assert [f["name"] for f in scores["om"]["fields"]] == ["id", "værdi"]
    case_fields = {f["name"]: f for f in case}
    assert case_fields["metode"]["widget"] == "relation" and case_fields["metode"]["collection"] == "metoder"
    assert case_fields["fase"]["value_field"] == "faser.*.id"
    assert config["locale"] == "da" and config["publish_mode"] == "editorial_workflow"


def test_a_new_schema_field_is_a_new_form_field(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is kept by hand: a field added to the schema appears in the form, with its label and hint."""
    original = schema.method_schema

    def extended(vocabulary: dict[str, list[str]]) -> dict[str, Any]:
        s = original(vocabulary)
        s["properties"]["målgruppens_alder"] = schema._text("Hvilke aldre metoden er til.", "18–30 år")
        return s

    monkeypatch.setattr(schema, "method_schema", extended)
    fields = {f["name"]: f for f in _config()["collections"][0]["fields"]}
    assert fields["målgruppens_alder"] == {
        "name": "målgruppens_alder",
        "label": "Målgruppens alder",
        "required": False,
        "hint": "Hvilke aldre metoden er til.",
        "widget": "string",
    }


def test_shipped_files_are_in_the_editors_style() -> None:
    """The editor writes what it read byte for byte where nothing changed: the shipped files are in its style."""
    files = sorted(
        str(p.relative_to(REPO)) for p in [*(REPO / "methods").glob("*.yaml"), *(REPO / "cases").glob("*.md")]
    )
    result = subprocess.run(["node", "cms/formater.js", "--check", *files], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, "ikke i webeditorens stil:\n" + result.stdout + result.stderr


# -- end to end in the browser ------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the handbook as an editor's repository: the shipped content, committed on main."""
    root = make_project(tmp_path_factory.mktemp("redaktoer") / "repo", REPO)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "Håndbogen")
    return root


def _listening() -> bool:
    """Whether something listens on the local backend's port."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", PORT)) == 0


@pytest.fixture(scope="module")
def backend(repo: Path) -> Iterator[subprocess.Popen[str]]:
    """decap-server in git mode on 127.0.0.1 (unset, BIND_HOST would listen on every interface)."""
    if not SERVER.is_file():
        pytest.fail("decap-server mangler: kør 'make test', som installerer webeditoren i cms/")
    if _listening():
        pytest.fail(f"port {PORT} er optaget; webeditorens lokale forbindelse skal bruge den")
    env = {**os.environ, "MODE": "git", "BIND_HOST": "127.0.0.1", "PORT": str(PORT), "GIT_REPO_DIRECTORY": str(repo)}
    env |= {"GIT_AUTHOR_NAME": "Redaktør", "GIT_AUTHOR_EMAIL": "r@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Redaktør", "GIT_COMMITTER_EMAIL": "r@example.org"}
    server = subprocess.Popen(
        ["node", str(SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for(lambda: _listening() or server.poll() is not None, 30, "decap-server")
        assert server.poll() is None
    except (TimeoutError, AssertionError):
        server.kill()
        pytest.fail("decap-server startede ikke: " + (server.stdout.read() if server.stdout else ""))
    yield server
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def editor(new_page: Callable[..., Page], base_url: str, backend: subprocess.Popen[str]) -> Page:
    page = new_page(viewport={"width": 1400, "height": 1000}, locale="da-DK")
    page.goto(f"{base_url}/{cms.ADMIN}/")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("link", name="Metoder").first.wait_for()
    return page


def _branch_file(repo: Path, branch: str, path: str) -> str:
    return _git(repo, "show", f"{branch}:{path}")


def _wait_for_branch(repo: Path, branch: str, timeout: float = 20) -> None:
    """Wait until the save is committed on the entry's branch and the server is back on main."""

    def committed() -> bool:
        return (
            branch in _git(repo, "branch", "--list", branch)
            and int(_git(repo, "rev-list", "--count", f"main..{branch}")) > 0
            and _git(repo, "branch", "--show-current").strip() == "main"
        )

    wait_for(committed, timeout, f"webeditoren gemte ikke: grenen {branch} fik ingen commit")


def _export(repo: Path, branch: str, dest: Path) -> Path:
    """The branch's files in ``dest``, as a checkout has them (read from git's objects: the server may be
    checking the branch out to read it back)."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", branch], cwd=repo, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def _save(page: Page) -> None:
    page.get_by_role("button", name="Gem", exact=True).click()


def _choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the select labelled ``label``: Decap's selects are typed into."""
    box = page.get_by_label(label, exact=True).first
    box.click()
    box.type(option)
    page.get_by_role("option", name=option, exact=False).first.wait_for()
    box.press("Enter")


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "hooks")}
    return subprocess.run(
        [sys.executable, "-m", "metodebog", "check", "--root", str(root)], capture_output=True, text=True, env=env
    )


def test_round_trip_changes_only_what_the_editor_changed(editor: Page, base_url: str, repo: Path) -> None:
    """Open a shipped method (phases, scores, every kind of field), change its title, save: one line differs."""
    method = "relationel-velfaerd"
    editor.goto(f"{base_url}/{cms.ADMIN}/#/collections/metoder/entries/{method}")
    title = editor.get_by_label("Titel", exact=True).first
    title.click()
    title.press("End")
    title.type(" i praksis")
    _save(editor)
    branch = f"cms/metoder/{method}"
    _wait_for_branch(repo, branch)
    before = _branch_file(repo, "main", f"methods/{method}.yaml")
    after = _branch_file(repo, branch, f"methods/{method}.yaml")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [("titel: Relationel velfærd", "titel: Relationel velfærd i praksis")]
    assert after.endswith("\n") and after.count("\n") == before.count("\n")


def test_create_a_method_through_the_form(editor: Page, base_url: str, repo: Path, tmp_path: Path) -> None:
    """Title, summary, one phase with two tool questions and a checklist: the file passes check and makes its page."""
    editor.goto(f"{base_url}/{cms.ADMIN}/#/collections/metoder/new")
    editor.get_by_label("Titel", exact=True).first.fill("Fælles morgenmøde")
    _choose(editor, "Type", "metode")
    editor.get_by_label("Resumé", exact=True).fill("Et kort dagligt møde, hvor teamet fordeler dagens opgaver.")
    _choose(editor, "Målgrupper", "Socialt isolerede")
    _choose(editor, "Områder", "Voksen")
    _choose(editor, "Tilgange", "Relation")
    editor.get_by_label("Formål", exact=True).first.fill("Teamet skal starte dagen med et fælles overblik.\n")
    editor.get_by_role("button", name="Tilføj faser").click()
    editor.get_by_label("Id", exact=True).first.fill("morgenmoedet")
    editor.get_by_label("Titel", exact=True).nth(1).fill("Morgenmødet")
    editor.get_by_label("Formål", exact=True).nth(1).fill("Alle ved, hvem der gør hvad i dag.\n")
    for _ in range(2):
        editor.get_by_role("button", name="Tilføj spørgsmål").first.click()
    editor.get_by_label("Spørgsmål", exact=True).nth(0).fill("Hvem har brug for en kollega i dag?")
    editor.get_by_label("Spørgsmål", exact=True).nth(1).fill("Hvad skal vi følge op på fra i går?")
    editor.get_by_label("Titel (kan udelades)", exact=True).first.fill("Før mødet")
    editor.get_by_role("button", name="Tilføj punkter").first.click()
    editor.get_by_label("Punkter", exact=True).first.fill("Dagens besøg står på tavlen.")
    editor.get_by_role("button", name="Tilføj kilder").last.click()
    editor.get_by_label("Titel", exact=True).last.fill("Teamets egne erfaringer")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor.get_by_label("Titel", exact=True).first.scroll_into_view_if_needed()
    editor.screenshot(path=str(ARTIFACTS / "webeditor-metode.png"))
    _save(editor)
    branches = wait_for(
        lambda: [b for b in _git(repo, "branch", "--list", "cms/metoder/f*").split() if b != "*"],
        20,
        "webeditoren gemte ikke den nye metode",
    )
    branch = branches[0]
    _wait_for_branch(repo, branch)
    slug = branch.rsplit("/", 1)[1]
    text = _branch_file(repo, branch, f"methods/{slug}.yaml")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/metode.schema.json"
    data = yaml.safe_load(text)
    assert list(data) == ["titel", "type", "resumé", "målgrupper", "områder", "tilgange", "formål", "faser", "kilder"]
    assert data["faser"] == [
        {
            "id": "morgenmoedet",
            "titel": "Morgenmødet",
            "formål": "Alle ved, hvem der gør hvad i dag.\n",
            "værktøjer": {"spørgsmål": ["Hvem har brug for en kollega i dag?", "Hvad skal vi følge op på fra i går?"]},
            "tjekliste": {"titel": "Før mødet", "punkter": ["Dagens besøg står på tavlen."]},
        }
    ]
    # The branch, checked out, passes make check and makes a page with the phase and its questions.
    work = _export(repo, branch, tmp_path / "gren")
    result = _check(work)
    assert result.returncode == 0, result.stdout + result.stderr
    page = page_text(generated(work)[f"metoder/{slug}.md"])
    for words in ("Fælles morgenmøde", "Fase 1: Morgenmødet", "Hvem har brug for en kollega i dag?", "Dagens besøg"):
        assert words in page, words


def test_a_cpr_number_is_warned_about_and_not_saved(editor: Page, base_url: str, repo: Path) -> None:
    case = "kaffen-om-tirsdagen"
    editor.goto(f"{base_url}/{cms.ADMIN}/#/collections/cases/entries/{case}")
    body = editor.get_by_label("Fortællingen", exact=True)
    body.click()
    body.press("Control+End")
    body.type("\n\nEriks CPR-nummer er 010190-1234.")
    preview = editor.frame_locator("iframe").first
    warning = preview.get_by_role("alert")
    warning.wait_for()
    text = " ".join(warning.inner_text().split())
    assert "her står noget, der ligner et CPR-nummer (010190-****)" in text
    assert "Håndbogen må ikke indeholde personoplysninger" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    editor.screenshot(path=str(ARTIFACTS / "webeditor-advarsel.png"))
    _save(editor)
    editor.get_by_text("Dokumentet kunne ikke gemmes").first.wait_for()  # Decap's word that the save was refused
    assert f"cms/cases/{case}" not in _git(repo, "branch", "--list")


def test_edit_a_case(editor: Page, base_url: str, repo: Path, tmp_path: Path) -> None:
    case = "sedlen-der-forsvandt"
    editor.goto(f"{base_url}/{cms.ADMIN}/#/collections/cases/entries/{case}")
    summary = editor.get_by_label("Resumé (kan udelades)", exact=True)
    old = summary.input_value()
    summary.fill(old.rstrip(".") + ", og hvad teamet lærte af det.")
    _save(editor)
    branch = f"cms/cases/{case}"
    _wait_for_branch(repo, branch)
    before = _branch_file(repo, "main", f"cases/{case}.md")
    after = _branch_file(repo, branch, f"cases/{case}.md")
    front_before, body_before = before.split("---\n", 2)[1:]
    front_after, body_after = after.split("---\n", 2)[1:]
    assert body_after == body_before  # the story is untouched
    expected = yaml.safe_load(front_before) | {"resumé": old.rstrip(".") + ", og hvad teamet lærte af det."}
    assert yaml.safe_load(front_after) == expected
    # The branch as a checkout passes make check.
    result = _check(_export(repo, branch, tmp_path / "gren"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_style_writes_what_yaml_reads_back() -> None:
    """Whatever an editor types, `make check` (PyYAML) reads back exactly what the editor's style wrote."""
    import json
    import random

    rng = random.Random(15)
    alphabet = "abcæøå ABC 0123456789 -–:#?!,.[]{}'\"|>%@&*`\\/\t\n\u2028é"
    words = ["yes", "no", "on", "null", "~", "1.5", "0x1f", "2024-01-01", "12:30", "- x", "? y", "#z", "a: b", " pad "]

    def text() -> str:
        if rng.random() < 0.3:
            return rng.choice(words)
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 140)))

    samples = []
    for _ in range(1000):
        samples.append(
            {
                "titel": text(),
                "formål": text() + "\n" + text() + "\n",
                "emneord": [text() for _ in range(rng.randint(0, 4))] or ["ord"],
                "faser": [{"id": "a", "titel": text(), "råd": [text(), text()]}],
            }
        )
    script = (
        "const s = require('./docs/admin/yaml-stil.js');"
        "const shape = JSON.parse(require('fs').readFileSync('schema/metode.schema.json', 'utf8'));"
        "const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(data.map(d => s.dump(d, shape))));"
    )
    result = subprocess.run(
        ["node", "-e", script], cwd=REPO, input=json.dumps(samples), capture_output=True, text=True, check=True
    )
    for sample, dumped in zip(samples, json.loads(result.stdout), strict=True):
        assert yaml.safe_load(dumped) == sample, dumped
