"""Measure what a first search costs as the handbook grows.

Writes a synthetic, schema-valid corpus of N methods (with the shipped vocabulary and
glossary), builds it with the real configuration (no PDFs), serves it on 127.0.0.1 and
lets Chromium type a query; prints build time, page size and the bytes Pagefind fetched.

    .venv/bin/python bench/search_bytes.py 100 1000 5000

Output goes to stdout and build/artifacts/search-bench.txt.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from conftest import CHROMIUM_ARGS  # noqa: E402

WORDS = (
    "borger netværk kontakt relation samarbejde familie handleplan møde recovery ressource hverdag "
    "forandring støtte dialog tillid ansvar mål opfølgning fællesskab medarbejder"
).split()


def _real_sentences() -> list[str]:
    """Sentences of the shipped handbook: synthetic pages read like real ones (same words, same spread)."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "cases").glob("*.md")))
    text = re.sub(r"[#*>|`\[\]()-]", " ", text)
    return [" ".join(s.split()) + "." for s in re.split(r"[.!?]\s", text) if 6 <= len(s.split()) <= 30]


SENTENCES = _real_sentences()
QUERIES = ("netværksmøde", "handleplanerne", "SoS")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def sentence(rng: random.Random, n: int = 12) -> str:
    return rng.choice(SENTENCES)


def q(text: str) -> str:
    """A YAML scalar for any text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write_corpus(root: Path, n: int) -> None:
    rng = random.Random(n)  # the same corpus for the same N
    for name in ("mkdocs.yml", "docs", "hooks", "data"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    (root / "methods").mkdir()
    (root / "cases").mkdir()
    shutil.copy2(REPO / "methods" / "signs-of-safety.yaml", root / "methods" / "signs-of-safety.yaml")
    shutil.copy2(REPO / "methods" / "aaben-dialog.yaml", root / "methods" / "aaben-dialog.yaml")
    for path in (root / "methods").glob("*.yaml"):  # keep their cross-links inside the corpus
        text = path.read_text(encoding="utf-8")
        path.write_text(
            "\n".join(line for line in text.split("\n") if not line.startswith("relaterede:")), encoding="utf-8"
        )
    for i in range(n - 2):
        questions = "\n".join(f"        - {q(sentence(rng, 8)[:-1] + '?')}" for _ in range(6))
        items = "\n".join(f"        - {q(sentence(rng, 9))}" for _ in range(6))
        (root / "methods" / f"metode-{i:05d}.yaml").write_text(
            f"""# yaml-language-server: $schema=../schema/metode.schema.json
titel: Metode {i} om {rng.choice(WORDS)} og {rng.choice(WORDS)}
type: {rng.choice(["metode", "model", "tilgang"])}
resumé: {q(sentence(rng, 20))}
målgrupper: [{rng.choice(["socialt-isolerede", "psykisk-saarbare", "udsatte-boern-og-familier"])}]
områder: [{rng.choice(["voksenomraadet", "boern-og-familie"])}]
tilgange: [{rng.choice(["recovery", "dialogisk", "ressourcebaseret"])}]
baggrund: |
  {" ".join(sentence(rng) for _ in range(8))}
formål: |
  {" ".join(sentence(rng) for _ in range(4))}
faser:
  - id: fase-a
    titel: Første fase
    formål: {q(sentence(rng))}
    fremgangsmåde: |
      {" ".join(sentence(rng) for _ in range(10))}
    værktøjer:
      spørgsmål:
{questions}
    tjekliste:
      titel: Før mødet
      punkter:
{items}
kilder:
  - titel: Syntetisk kilde
""",
            encoding="utf-8",
        )


def measure(n: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "projekt"
        root.mkdir()
        write_corpus(root, n)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "METODEBOG_PDF": "nej", "SOURCE_DATE_EPOCH": "0"}
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(root / "site")],
            cwd=root,
            env=env,
            check=True,
        )
        build = time.perf_counter() - start
        site = root / "site"
        page_kb = (site / "metoder" / "metode-00000" / "index.html").stat().st_size / 1024
        index_kb = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 1024
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        results = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for query in QUERIES:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
                sizes: list[int] = []
                files: list[str] = []

                def record(r, sizes=sizes, files=files):
                    if "/pagefind/" in r.url:
                        n = r.sizes()["responseBodySize"]
                        sizes.append(n)
                        files.append(f"{r.url.rsplit('/', 1)[-1].split('?')[0]} {n // 1024} KB")

                page.on("requestfinished", record)
                page.locator("#mh-soeg-felt").fill(query)
                page.wait_for_function(
                    "q => document.querySelector('#mh-soeg-status').dataset.query === q", arg=query, timeout=60_000
                )
                hits = page.locator("#mh-soeg-status").inner_text()
                results.append(f"{query!r}: {sum(sizes) / 1024:.0f} KB in {len(sizes)} files ({hits})")
                if os.environ.get("BENCH_DETAIL"):
                    results.append("[" + ", ".join(files) + "]")
                page.close()
            browser.close()
        server.shutdown()
        return (
            f"N={n}: build {build:.1f} s, method page {page_kb:.1f} KB, whole index {index_kb / 1024:.1f} MB; "
            f"first query: " + "; ".join(results)
        )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    out = REPO / "build" / "artifacts" / "search-bench.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as f:
        for n in sizes:
            line = measure(n)
            print(line, flush=True)
            f.write(line + "\n")


if __name__ == "__main__":
    main()
