"""A synthetic, schema-valid handbook of N methods, for measuring the build as content grows.

The shipped methods, cases, glossary and vocabulary are kept (the glossary names them), and
N minus the shipped methods are added: each with three phases (five tool questions and an
eight-item checklist per phase), every field of a shipped method with phases, and two cases.
Their texts are the shipped handbook's own sentences, shuffled, so pages have real words in a
real spread for Markdown, the glossary and the search index. The same N gives the same corpus.

    .venv/bin/python bench/corpus.py 1000 /tmp/projekt
"""

from __future__ import annotations

import bisect
import copy
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = "opsoegende-indsats"  # a shipped method with phases, sheets and every decision field
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "docs", "hooks", "data", "schema", "methods", "cases")
PHASES, QUESTIONS, ITEMS, CASES_PER_METHOD = 3, 5, 8, 2
# Strings at most this long are names, ids, addresses or numbers and are kept as they are.
SHORT = 60
WORDS = (
    "borger netværk kontakt relation samarbejde familie handleplan møde recovery ressource hverdag "
    "forandring støtte dialog tillid ansvar mål opfølgning fællesskab medarbejder"
).split()


def _sentences() -> list[str]:
    """The shipped handbook's Danish sentences (methods and cases), without Markdown or links."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "cases").glob("*.md"))]
    for path in sorted((REPO / "methods").glob("*.yaml")):
        if not path.name.endswith(".en.yaml"):
            texts += [s for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))) if len(s) > SHORT]
    text = re.sub(r"[#*>|`\[\]()_]|\b\w+:[\w./#-]+|https?://\S+", " ", " ".join(texts))
    found = {" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s", text)}
    return sorted(s for s in found if 6 <= len(s.split()) <= 30 and s[0].isupper() and s[-1] in ".!?")


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


class Writer:
    def __init__(self, n: int):
        self.rng = random.Random(n)
        self.pool = _sentences()
        self.by_length = sorted(self.pool, key=len)
        self.lengths = [len(s) for s in self.by_length]

    def fitting(self, length: int) -> list[str]:
        """The sentences no longer than ``length`` characters (the shortest one when none is)."""
        return self.by_length[: bisect.bisect_right(self.lengths, length)] or self.by_length[:1]

    def text(self, like: str) -> str:
        """Sentences about as long as ``like`` and never longer (a field may have a limit), in its paragraphs."""
        paragraphs = [p for p in like.split("\n\n") if p.strip()] or [like]
        out = []
        for p in paragraphs:
            words, chosen = len(p.split()), [self.rng.choice(self.fitting(len(p)))]
            while sum(len(s.split()) for s in chosen) < words:
                sentence = self.rng.choice(self.pool)
                if len(" ".join(chosen)) + 1 + len(sentence) > len(p):
                    break
                chosen.append(sentence)
            out.append(" ".join(chosen))
        return "\n\n".join(out) + ("\n" if like.endswith("\n") else "")

    def replace(self, node: Any) -> Any:
        """Every longer text below ``node`` replaced by shuffled sentences; ids, names and addresses kept."""
        if isinstance(node, dict):
            return {k: self.replace(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.replace(v) for v in node]
        if isinstance(node, str) and len(node) > SHORT and "://" not in node:
            return self.text(node)
        return node

    def line(self, ending: str = ".") -> str:
        return self.rng.choice(self.pool)[:-1] + ending


def _method(w: Writer, template: dict[str, Any], i: int, related: list[str]) -> dict[str, Any]:
    m = w.replace(copy.deepcopy(template))
    a, b = w.rng.sample(WORDS, 2)
    m["titel"] = f"Metode {i} om {a} og {b}"
    m.pop("forkortelse", None)
    phases = [copy.deepcopy(m["faser"][k % len(m["faser"])]) for k in range(PHASES)]
    for k, phase in enumerate(phases):
        phase["id"] = f"fase-{k + 1}"
        phase["titel"] = f"Fase {k + 1}: {w.rng.choice(WORDS)}"
        phase["værktøjer"]["spørgsmål"] = [w.line("?") for _ in range(QUESTIONS)]
        phase["tjekliste"]["punkter"] = [w.line() for _ in range(ITEMS)]
    m["faser"] = phases
    m["relaterede"] = related
    return m


def _case(w: Writer, method_id: str, i: int, k: int) -> str:
    front = {
        "titel": f"Case {i}.{k + 1} om {w.rng.choice(WORDS)}",
        "metode": method_id,
        "fase": f"fase-{k % PHASES + 1}",
        "resumé": w.line(),
        "emneord": w.rng.sample(WORDS, 3),
        "kilde": "Fiktiv case skrevet til målingen af håndbogen.",
    }
    body = "\n\n".join(" ".join(w.rng.choice(w.pool) for _ in range(5)) for _ in range(6))
    questions = "\n".join(f"{q + 1}. {w.line('?')}" for q in range(4))
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{head}---\n\n{body}\n\n## Refleksionsspørgsmål\n\n{questions}\n"


def write(root: Path, n: int) -> None:
    """Write a project of ``n`` methods (at least the shipped ones) and two cases per added method to ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(
            src, root / name, **({} if src.is_file() else {"ignore": shutil.ignore_patterns("__pycache__")})
        )
    w = Writer(n)
    template = yaml.safe_load((REPO / "methods" / f"{TEMPLATE}.yaml").read_text(encoding="utf-8"))
    shipped = sorted(p.name.removesuffix(".yaml") for p in (REPO / "methods").glob("*.yaml") if ".en." not in p.name)
    header = "# yaml-language-server: $schema=../schema/metode.schema.json\n"
    for i in range(max(0, n - len(shipped))):
        method_id = f"metode-{i:05d}"
        related = [w.rng.choice(shipped)]
        data = _method(w, template, i, related)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (root / "methods" / f"{method_id}.yaml").write_text(header + text, encoding="utf-8")
        for k in range(CASES_PER_METHOD):
            (root / "cases" / f"case-{i:05d}-{k + 1}.md").write_text(_case(w, method_id, i, k), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
