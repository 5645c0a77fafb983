"""Command line for editors and make: ``python -m metodebog check | ny-metode ID | ny-case ID METODE | links``."""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

from . import checks, schema, settings, site_build
from .edition import edition
from .layout import CASES_DIR, LANGUAGES, METHODS_DIR
from .links import URL
from .load import load_yaml
from .messages import say
from .model import Handbook
from .problems import ContentError, Problem
from .references import no_method
from .slug import slugify
from .translate import translate
from .validate import load_handbook

SCAFFOLDS = Path(__file__).parent / "scaffolds"
_CODE = re.compile(r"`[^`]*`")


def _outdated_schemas(root: Path, handbook: Handbook) -> dict[str, str]:
    """Return path → text of the published JSON Schemas whose file is missing or differs."""
    return {
        rel: text
        for rel, text in schema.published(handbook.terms).items()
        if not (root / rel).is_file() or (root / rel).read_text(encoding="utf-8") != text
    }


def write_schemas(root: Path, handbook: Handbook) -> list[str]:
    """Write the published JSON Schemas under ``root``; return the files that changed."""
    outdated = _outdated_schemas(root, handbook)
    for rel, text in outdated.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return list(outdated)


def check(root: Path) -> int:
    """Check all content, the hand-written pages and the published schemas; write nothing."""
    problems = checks.hand_written_pages(root)
    try:
        handbook = load_handbook(root)
    except ContentError as e:
        problems += e.problems
    else:
        for language in LANGUAGES[1:]:
            try:
                translate(root, handbook, language)
            except ContentError as e:
                problems += e.problems
        problems += [
            Problem(
                rel,
                1,
                1,
                "skemaet, som editorerne bruger til forslag, passer ikke til ordlisterne og felterne. "
                "Kør 'make skriv-skemaer', og tag ændringen med i din pull request.",
            )
            for rel in _outdated_schemas(root, handbook)
        ]
    if problems:
        print(ContentError(problems).report(), file=sys.stderr)
        return 1
    for warning in handbook.warnings:
        print(warning, file=sys.stderr)
    n = len(handbook.warnings)
    advice = f" {n} {'advarsel' if n == 1 else 'advarsler'} ovenfor er værd at rette." if n else ""
    print(say(f"Indholdet er i orden: {len(handbook.methods)} metoder og {len(handbook.cases)} cases.{advice}"))
    return 0


def refresh_schemas(root: Path) -> int:
    """Write the published JSON Schemas from the schema and the vocabulary (`make skriv-skemaer`)."""
    try:
        handbook = load_handbook(root)
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        return 1
    changed = write_schemas(root, handbook)
    for rel in changed:
        print(say(f"{rel} er skrevet. Tag ændringen med i din pull request."))
    if not changed:
        print(say("Skemaerne var allerede opdaterede."))
    return 0


def build_site(root: Path) -> int:
    """Build site/ with PDFs (`make build`); on any failure the previous site/ stays as it was."""
    try:
        site_build.build(root)
    except site_build.BuildError as e:
        print(say(str(e)), file=sys.stderr)
        return 1
    print(say("Håndbogen er bygget i site/."))
    return 0


def generate(root: Path, language: str, out: Path, site_url: str) -> int:
    """Write one edition's generated pages, data files and print documents to ``out`` (for a builder without hooks).

    Pages are Markdown in the docs tree's layout; print documents are self-contained HTML beside where
    their PDF goes (``pdf/metoder/abcd.pdf`` → ``pdf/metoder/abcd.html``). Nothing else in the project is written.
    """
    if language not in LANGUAGES:
        print(say(f"Sproget '{language}' findes ikke. Vælg et af: {', '.join(LANGUAGES)}."), file=sys.stderr)
        return 1
    try:
        processes = settings.jobs()
        made = edition(root, language, site_url)
    except ValueError as e:
        print(say(str(e)), file=sys.stderr)
        return 1
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        return 1
    written: dict[str, str] = {page.uri: page.content for page in made.pages(processes=processes)}
    written |= made.files()
    written |= {doc.pdf.removesuffix(".pdf") + ".html": doc.html for doc in made.documents}
    for rel, text in sorted(written.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    pages = sum(rel.endswith(".md") for rel in written)
    print(
        f"Udgaven på '{language}' er skrevet i {out}: {pages} sider, {len(made.documents)} printdokumenter og "
        f"{len(written) - pages - len(made.documents)} datafiler."
    )
    return 0


def _valid_new_id(root: Path, new_id: str, folder: str, suffixes: tuple[str, ...]) -> str | None:
    """Return a Danish reason why ``new_id`` cannot be used for a new file in ``folder``, or None."""
    if not new_id:
        return "skriv et id, fx ID=netvaerksmoeder."
    if slugify(new_id) != new_id or new_id == "index":
        return (
            f"'{new_id}' er ikke et gyldigt id. Brug små bogstaver, tal og bindestreg, og skriv æ, ø, å "
            f"som ae, oe, aa, fx '{slugify(new_id) or 'min-metode'}'."
        )
    for suffix in suffixes:
        if (root / folder / f"{new_id}{suffix}").exists():
            return f"{folder}/{new_id}{suffix} findes allerede. Vælg et andet id, eller ret den eksisterende fil."
    return None


def new_method(root: Path, method_id: str) -> int:
    reason = _valid_new_id(root, method_id, METHODS_DIR, (".yaml", ".yml"))
    if reason:
        print(say(f"Metoden blev ikke oprettet: {reason}"), file=sys.stderr)
        return 1
    path = root / "methods" / f"{method_id}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text((SCAFFOLDS / "metode.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    print(say(f"Oprettet: methods/{method_id}.yaml. Udfyld felterne med UDFYLD, og kør 'make check'."))
    return 0


def new_case(root: Path, case_id: str, method_id: str) -> int:
    reason = _valid_new_id(root, case_id, CASES_DIR, (".md",))
    method_file = root / METHODS_DIR / f"{method_id}.yaml"
    # The method id names a file: only an id (no path, no link) may reach the file system.
    if not reason and (slugify(method_id) != method_id or method_file.is_symlink() or not method_file.is_file()):
        reason = no_method(method_id, way_out=f"Skriv METODE=<id>, hvor id er et filnavn i {METHODS_DIR}/.")
    if reason:
        print(say(f"Casen blev ikke oprettet: {reason}"), file=sys.stderr)
        return 1
    # Only the method's own file is read: other files may be half-written while an editor works.
    doc, _ = load_yaml(method_file.read_text(encoding="utf-8", errors="replace"), method_file.name)
    faser = doc.data.get("faser") if isinstance(doc.data, dict) else None
    phases = (
        [p["id"] for p in faser if isinstance(p, dict) and isinstance(p.get("id"), str)]
        if isinstance(faser, list)
        else []
    )
    text = (
        (SCAFFOLDS / "case.md")
        .read_text(encoding="utf-8")
        .format(metode=method_id, faser=", ".join(phases) or "(ingen)", foerste_fase=phases[0] if phases else "")
    )
    path = root / "cases" / f"{case_id}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(say(f"Oprettet: cases/{case_id}.md. Udfyld teksterne med UDFYLD, og kør 'make check'."))
    return 0


def external_links(root: Path, check_online: bool) -> int:
    """List every web address in the content with file:line; with ``check_online``, try each one."""
    found: dict[str, list[str]] = {}
    for folder in (METHODS_DIR, CASES_DIR, "docs", "data"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".yaml", ".yml", ".md") or not path.is_file():
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").split("\n"), start=1):
                prose = _CODE.sub(lambda c: " " * len(c.group(0)), line)  # not the examples in code
                for m in URL.finditer(prose):
                    url = m.group(0).rstrip(".,;:")
                    if url.startswith(("http://127.0.0.1", "http://localhost")):
                        continue  # the local preview of `make serve`, not a link to the web
                    found.setdefault(url, []).append(f"{path.relative_to(root).as_posix()}:{n}:{m.start() + 1}")
    failed = 0
    for url in sorted(found):
        status = ""
        if check_online:
            try:
                request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "metodehaandbogen-links"})
                with urllib.request.urlopen(request, timeout=15) as response:
                    status = f" – svarer ({response.status})"
            except (urllib.error.URLError, TimeoutError, ValueError) as e:
                failed += 1
                status = f" – svarer ikke ({getattr(e, 'code', None) or getattr(e, 'reason', e)})"
        for place in found[url]:
            print(f"{place}: {url}{status}")
    print(say(f"{len(found)} eksterne links." + (f" {failed} svarer ikke; ret eller fjern dem." if failed else "")))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path.cwd(), help="projektets mappe")
    parser = argparse.ArgumentParser(prog="metodebog", description="Metodehåndbogens værktøjer til redaktører.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", parents=[common], help="tjek alt indhold (skriver intet)")
    sub.add_parser("skriv-skemaer", parents=[common], help="skriv skema/*.schema.json ud fra skemaet og ordlisterne")
    sub.add_parser("byg", parents=[common], help="byg site/ med PDF'er")
    p = sub.add_parser("ny-metode", parents=[common], help="opret en ny metode ud fra skabelonen")
    p.add_argument("id", nargs="?", default="")
    p = sub.add_parser("ny-case", parents=[common], help="opret en ny case ud fra skabelonen")
    p.add_argument("id", nargs="?", default="")
    p.add_argument("metode", nargs="?", default="")
    p = sub.add_parser("generate", parents=[common], help="skriv en udgaves sider, data og print til en mappe")
    p.add_argument("--sprog", default=LANGUAGES[0], help="udgavens sprog (da eller en)")
    p.add_argument("--ud", type=Path, required=True, help="mappen, siderne skrives i")
    p.add_argument("--site-url", default="", help="sidens adresse, til print (fx https://metodehaandbogen.dk/)")
    p = sub.add_parser("links", parents=[common], help="vis alle eksterne links")
    p.add_argument("--offline", action="store_true", help="vis dem uden at prøve dem")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "ny-metode":
        return new_method(root, args.id)
    if args.command == "ny-case":
        return new_case(root, args.id, args.metode)
    if args.command == "links":
        return external_links(root, not args.offline)
    if args.command == "skriv-skemaer":
        return refresh_schemas(root)
    if args.command == "byg":
        return build_site(root)
    if args.command == "generate":
        return generate(root, args.sprog, args.ud.resolve(), args.site_url)
    return check(root)


if __name__ == "__main__":
    sys.exit(main())
