"""Command line for editors and make: ``python -m metodebog check``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import schema
from .model import Handbook
from .problems import ContentError
from .validate import load_handbook


def write_schemas(root: Path, handbook: Handbook) -> list[str]:
    """Write the published JSON Schemas under ``root``; return the files that changed."""
    changed = []
    for rel, text in schema.published(handbook.terms).items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(rel)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="metodebog", description="Metodehåndbogens indholdstjek.")
    parser.add_argument("command", choices=["check"])
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        handbook = load_handbook(root)
    except ContentError as e:
        print(e.report(), file=sys.stderr)
        return 1
    for rel in write_schemas(root, handbook):
        print(f"{rel} er opdateret efter ordlisterne. Tag ændringen med i din pull request.")
    n_cases = len(handbook.cases)
    print(f"Indholdet er i orden: {len(handbook.methods)} metoder og {n_cases} cases.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
