"""Property-based tests of the loader and validator: any file gives a handbook or Danish problems, never a crash.

Hypothesis writes method files (and vocabulary files) of three kinds: fragments of YAML syntax
mixed at random, documents shaped like the schema with hostile text in them, and well-formed
methods in ordinary Danish words. The first two must give either a handbook or Danish
problems with a file and a line; the last must always validate and render, and a few of them
are built with MkDocs from start to end.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_project, mkdocs_build
from metodebog.problems import ContentError
from metodebog.render import render
from metodebog.validate import SCHEMA_LINE, load_handbook

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Words every Danish message of the checks uses at least one of.
DANISH = re.compile(
    r"\b(?:er|ikke|skal|der|filen|feltet|felt|ukendt|Mente|Skriv|Slet|Ret|Tilføj|mangler|står|må|kan|Brug|linket|tom)\b"
)
KEYS = [
    "titel", "type", "resumé", "målgrupper", "områder", "tilgange", "formål", "kilder", "faser", "id", "punkter",
    "tjekliste", "værktøjer", "spørgsmål", "baggrund", "principper", "tekst", "relaterede", "emneord", "år", "url",
]  # fmt: skip
PIECES = [
    *(f"{k}: " for k in KEYS), "\n", "\n  ", "\n    ", "- ", "[", "]", "{", "}", ", ", ": ", "'", '"', "|\n  ", ">\n  ",
    "!!int ", "!!str ", "!!python/object:os.system ", "!foo ", "&a ", "*a ", "<<: ", "? ", "---\n", "...\n", "#", "%YAML 1.1\n",
    "0x_", "0o9", "1_000", ".inf", "~", "null", "yes", "2024-13-45", "12:30", "\t", "\\", "\x00", "\x85", "\ufeff",
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "UDFYLD", "010190-1234", "æøå", "metode", "tilgang",
    "socialt-isolerede", "voksenomraadet", "opsoegende", "naboskab", "https://eksempel.dk/", "**fed**", "# overskrift",
]  # fmt: skip
yaml_noise = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)

ANY_TEXT = st.one_of(st.text(max_size=30), st.sampled_from(PIECES))
ANY_VALUE = st.recursive(
    st.one_of(ANY_TEXT, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=20,
)
schema_shaped = st.fixed_dictionaries(
    {"titel": ANY_TEXT, "type": st.sampled_from(["metode", "model", "tilgang", "x"]), "resumé": ANY_TEXT},
    optional={
        "målgrupper": st.lists(st.sampled_from(["socialt-isolerede", "lokalsamfund", "x"]), max_size=2),
        "områder": st.just(["voksenomraadet"]),
        "tilgange": st.just(["opsoegende"]),
        "formål": ANY_TEXT,
        "kilder": st.lists(st.fixed_dictionaries({"titel": ANY_TEXT}, optional={"år": ANY_VALUE}), max_size=2),
        "faser": st.lists(st.dictionaries(st.sampled_from(KEYS), ANY_VALUE, max_size=5), max_size=2),
        "emneord": st.lists(ANY_TEXT, max_size=3),
        "relaterede": st.lists(st.sampled_from(["opsoegning", "naboskab", "ukendt"]), max_size=2),
    },
)

# Ordinary Danish text: letters and the punctuation of running prose, no digits (no phone numbers).
WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ", min_size=1, max_size=10)
SENTENCE = (
    st.lists(WORD, min_size=1, max_size=8)
    .map(" ".join)
    .map(lambda s: s[0].upper() + s[1:] + ".")
    .filter(lambda s: "UDFYLD" not in s.upper())  # the scaffold's placeholder is refused by design
)
SLUG = st.from_regex(r"[a-z]{3,10}(-[a-z]{2,6})?", fullmatch=True)
valid_method = st.fixed_dictionaries(
    {
        "titel": SENTENCE,
        "type": st.sampled_from(["metode", "model", "tilgang"]),
        "resumé": SENTENCE,
        "målgrupper": st.just(["socialt-isolerede"]),
        "områder": st.just(["voksenomraadet"]),
        "tilgange": st.just(["opsoegende"]),
        "formål": st.lists(SENTENCE, min_size=1, max_size=3).map("\n\n".join),
        "kilder": st.lists(st.fixed_dictionaries({"titel": SENTENCE}), min_size=1, max_size=2),
    },
    optional={
        "faser": st.lists(
            st.fixed_dictionaries(
                {"id": SLUG, "titel": SENTENCE, "formål": SENTENCE},
                optional={
                    "råd": st.lists(SENTENCE, max_size=2),
                    "tjekliste": st.fixed_dictionaries(
                        {"titel": SENTENCE, "punkter": st.lists(SENTENCE, min_size=1, max_size=3)}
                    ),
                    "værktøjer": st.fixed_dictionaries({"spørgsmål": st.lists(SENTENCE, min_size=1, max_size=3)}),
                },
            ),
            max_size=3,
            unique_by=lambda p: p["id"],
        ),
        "emneord": st.lists(WORD, max_size=3, unique=True),
        "baggrund": SENTENCE,
    },
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("egenskaber") / "projekt")


def _load(project: Path) -> None:
    """Load the project; any outcome but a handbook or Danish problems with file and line fails."""
    files = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    try:
        load_handbook(project)
    except ContentError as e:
        assert e.problems
        for p in e.problems:
            assert p.file in files or p.file.split("/")[0] in ("methods", "cases", "data", "schema"), p
            assert p.line >= 1 and p.column >= 1, p
            assert DANISH.search(p.message), p
            assert "Traceback" not in p.message and "Error" not in p.message, p


@settings(SETTINGS, max_examples=300)
@given(text=yaml_noise)
def test_any_method_file_gives_a_handbook_or_danish_problems(workdir: Path, text: str) -> None:
    _load_with_method(workdir, text)


def _load_with_method(project: Path, text: str) -> None:
    """Load the project with one more method file holding ``text``, then take the file away again."""
    path = project / "methods" / "stoej.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        _load(project)
    finally:
        path.unlink()


@SETTINGS
@given(text=yaml_noise)
def test_any_vocabulary_or_case_gives_danish_problems(workdir: Path, text: str) -> None:
    original = {
        p: p.read_text(encoding="utf-8") for p in (workdir / "data" / "vokabular.yaml", workdir / "cases" / "kortet.md")
    }
    try:
        (workdir / "data" / "vokabular.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        _load(workdir)
        (workdir / "data" / "vokabular.yaml").write_text(
            original[workdir / "data" / "vokabular.yaml"], encoding="utf-8"
        )
        (workdir / "cases" / "kortet.md").write_text(
            f"---\n{text}\n---\n{text}\n", encoding="utf-8", errors="surrogatepass"
        )
        _load(workdir)
    finally:
        for path, content in original.items():
            path.write_text(content, encoding="utf-8")


@settings(SETTINGS, max_examples=200)
@given(doc=schema_shaped)
def test_any_schema_shaped_method_gives_a_handbook_or_danish_problems(workdir: Path, doc: dict) -> None:
    _load_with_method(workdir, SCHEMA_LINE + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))


def _write_method(project: Path, doc: dict) -> None:
    text = SCHEMA_LINE + "\n" + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
    (project / "methods" / "ny-metode.yaml").write_text(text, encoding="utf-8")


@SETTINGS
@given(doc=valid_method)
def test_valid_generated_methods_always_validate_and_render(workdir: Path, doc: dict) -> None:
    _write_method(workdir, doc)
    try:
        handbook = load_handbook(workdir)
        pages = {p.uri: p.content for p in render(handbook)}
        assert "metoder/ny-metode.md" in pages
    finally:
        (workdir / "methods" / "ny-metode.yaml").unlink()


@settings(SETTINGS, max_examples=3)
@given(doc=valid_method)
def test_valid_generated_methods_build_with_mkdocs(tmp_path_factory: pytest.TempPathFactory, doc: dict) -> None:
    root = tmp_path_factory.mktemp("byg")
    project = make_project(root / "projekt")
    _write_method(project, doc)
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "metoder" / "ny-metode" / "index.html").is_file()
    shutil.rmtree(root)
