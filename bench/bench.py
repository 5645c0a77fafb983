"""Measure the build as the handbook grows: `make bench` (N=100 1000 2000) or `make bench N=20`.

For each N it writes a synthetic corpus (bench/corpus.py), builds its Danish edition without
PDFs with the real configuration, and records wall time, peak memory, seconds per stage (load
and validate, render, MkDocs pages, search index), pages, site size and the largest page. Then,
up to limits that keep a run within reach:

- search: Chromium types three queries into the built site; the bytes Pagefind fetched for
  the first query are recorded (the most of the three);
- peer (N ≤ --peer-max): the same rendered pages (``python -m metodebog generate``) built as a
  plain Material site, with its default navigation and its own search, in the same run;
- PDFs (N ≤ --pdf-max): a build with every PDF from an empty cache, then an unchanged rebuild;
- book (N ≤ --book-max): the whole-handbook PDF (all its volumes) alone, time and peak memory.

Prints a Markdown table and writes it with the JSON to build/artifacts/bench/ (or --out).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "hooks"))

import corpus  # noqa: E402

QUERIES = ("netværksmøde", "handleplanerne", "SoS")
MAX_N = 5000
STAGES = ("load", "render", "pages", "search", "pdf")


def run(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[float, int]:
    """Run ``command``; return its wall time in seconds and its peak memory in MB (the largest process)."""
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} … failed ({proc.returncode}); see {log}:\n{log.read_text()[-3000:]}")
    return wall, usage.ru_maxrss // 1024


def _env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "0",
        "PYTHONPATH": str(REPO / "hooks"),
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    }


def _stages(path: Path) -> dict[str, float]:
    """The Danish edition's seconds per stage, as the build wrote them (the last build in the file)."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {k: v for k, v in lines[-1].items() if k != "language"}


def site_figures(site: Path) -> dict[str, Any]:
    pages = [p for p in site.rglob("*.html") if p.parent / "index.html" == p or p.name == "404.html"]
    pages = [p for p in pages if "pdf" not in p.relative_to(site).parts[:1]]
    largest = max(pages, key=lambda p: p.stat().st_size)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {
        "pages": len(pages),
        "site_mb": round(size / 1e6, 1),
        "largest_kb": round(largest.stat().st_size / 1024),
        "largest_page": largest.parent.relative_to(site).as_posix() + "/",
    }


def first_query_bytes(site: Path) -> dict[str, Any]:
    """Serve ``site`` and let Chromium search; return the Pagefind bytes of the costliest first query."""
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS, StaticHandler

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found: dict[str, Any] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in QUERIES:
                page = browser.new_page()
                page.goto(base)
                sizes: list[int] = []
                page.on(
                    "requestfinished",
                    lambda r, s=sizes: s.append(r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None,
                )
                page.locator("#mh-soeg-felt").fill(query)
                page.wait_for_function(
                    "q => document.querySelector('#mh-soeg-status').dataset.query === q", arg=query, timeout=60_000
                )
                hits = page.locator("#mh-soeg-resultater .md-search-result__item").count()
                found[query] = {"kb": round(sum(sizes) / 1024), "files": len(sizes), "results": hits}
                page.close()
            browser.close()
    finally:
        server.shutdown()
    worst = max(found.values(), key=lambda f: f["kb"])
    return {"search_kb": worst["kb"], "search_queries": found}


PEER_CONFIG = """site_name: Metodehåndbogen (almindelig Material)
site_url: https://metodehaandbogen.example/
theme:
  name: material
  language: da
plugins:
  - search:
      lang: da
markdown_extensions: {extensions}
"""


def peer_build(project: Path, work: Path) -> tuple[float, int]:
    """Build the same rendered pages as a plain Material site: default navigation, Material's own search."""
    docs = work / "docs"
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "metodebog", "generate", "--root", str(project), "--sprog", "da", "--ud", str(docs)],
        env=_env(),
        check=True,
        capture_output=True,
    )
    for page in (project / "docs").rglob("*.md"):  # the hand-written pages of the Danish edition
        rel = page.relative_to(project / "docs")
        if rel.parts[0] not in ("overrides", "en"):
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, docs / rel)
    import yaml

    ours = yaml.safe_load(
        "\n".join(
            line
            for line in (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
            if "!!python" not in line  # the emoji options name Python objects; the plain site leaves them out
        )
    )["markdown_extensions"]
    extensions = [e for e in ours if not (isinstance(e, dict) and "pymdownx.emoji" in e)]
    (work / "mkdocs.yml").write_text(
        PEER_CONFIG.format(extensions=json.dumps(extensions, ensure_ascii=False)), encoding="utf-8"
    )
    return run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site")],
        work,
        _env(),
        work / "build.log",
    )


def book_only(project: Path, work: Path) -> dict[str, Any]:
    """Render the whole-handbook PDF (every volume) alone from an empty cache: time, pages, peak memory."""
    script = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from metodebog.edition import edition\n"
        "from metodebog.pdf import render_pdfs\n"
        "made = edition(Path(sys.argv[1]), 'da', 'https://metodehaandbogen.example/')\n"
        "book = made.addresses.book_pdf.removesuffix('.pdf')\n"
        "docs = [d for d in made.documents if d.pdf.startswith(book)]\n"
        "start = time.perf_counter()\n"
        "results = render_pdfs(docs, Path(sys.argv[2]))\n"
        "print(json.dumps({'volumes': len(results), 'pages': sum(r.pages for r in results),"
        " 'seconds': time.perf_counter() - start}))\n"
    )
    log = work / "book.log"
    wall, peak = run([sys.executable, "-c", script, str(project), str(work / "book-cache")], project, _env(), log)
    figures = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
    return {
        "book_volumes": figures["volumes"],
        "book_pages": figures["pages"],
        "book_s": round(figures["seconds"], 1),
        "book_mb": peak,
    }


def measure(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    project = work / f"projekt-{n}"
    shutil.rmtree(project, ignore_errors=True)
    corpus.write(project, n)
    times = work / f"tider-{n}.jsonl"
    build = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")]
    wall, peak = run(build, project, _env(METODEBOG_PDF="nej", METODEBOG_TIDER=str(times)), work / f"build-{n}.log")
    row: dict[str, Any] = {"n": n, "wall_s": round(wall, 1), "peak_mb": peak}
    row |= {f"{k}_s": round(v, 1) for k, v in _stages(times).items()}
    row |= site_figures(project / "site")
    row["ms_per_page"] = round(1000 * wall / row["pages"], 1)
    if args.search:
        row |= first_query_bytes(project / "site")
    if n <= args.peer_max:
        peer_wall, peer_peak = peer_build(project, work / f"peer-{n}")
        row |= {"peer_s": round(peer_wall, 1), "peer_mb": peer_peak, "ratio": round(wall / peer_wall, 2)}
    if n <= args.pdf_max:
        cache = work / f"pdf-cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        env = _env(METODEBOG_PDF_CACHE=str(cache), METODEBOG_TIDER=str(times))
        for label in ("pdf_cold", "pdf_warm"):
            wall, peak = run(build, project, env, work / f"build-{label}-{n}.log")
            row[f"{label}_s"] = round(_stages(times)["pdf"], 2)
            row[f"{label}_build_s"] = round(wall, 1)
            row[f"{label}_mb"] = peak
        row["pdfs"] = sum(1 for _ in (project / "site" / "pdf").rglob("*.pdf"))
    if n <= args.book_max:
        row |= book_only(project, work)
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)
        shutil.rmtree(work / f"peer-{n}", ignore_errors=True)
    return row


COLUMNS = (
    ("n", "Metoder"),
    ("pages", "Sider"),
    ("wall_s", "Byg (s)"),
    ("ms_per_page", "ms/side"),
    ("peak_mb", "Hukommelse (MB)"),
    ("load_s", "Indlæs+tjek (s)"),
    ("render_s", "Render (s)"),
    ("pages_s", "MkDocs-sider (s)"),
    ("search_s", "Søgeindeks (s)"),
    ("site_mb", "site/ (MB)"),
    ("largest", "Største side"),
    ("search_kb", "1. søgning (KB)"),
    ("peer", "Almindelig Material (s)"),
    ("pdf", "PDF'er kold / uændret (s)"),
    ("book", "Hele håndbogen som PDF"),
)


def _cell(row: dict[str, Any], key: str) -> str:
    if key == "largest":
        return f"{row['largest_kb']} KB ({row['largest_page']})"
    if key == "peer":
        return f"{row['peer_s']} ({row['ratio']}×)" if "peer_s" in row else "–"
    if key == "pdf":
        if "pdf_cold_s" not in row:
            return "–"
        return f"{row['pdfs']} PDF'er: {row['pdf_cold_s']} / {row['pdf_warm_s']} ({row['pdf_cold_mb']} MB)"
    if key == "book":
        if "book_s" not in row:
            return "–"
        return f"{row['book_volumes']} bind, {row['book_pages']} sider, {row['book_s']} s, {row['book_mb']} MB"
    value = row.get(key)
    return "–" if value is None else str(value)


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(name for _, name in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_cell(row, key) for key, _ in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 2000])
    parser.add_argument("--peer-max", type=int, default=1000, help="build the plain Material peer up to this N")
    parser.add_argument("--pdf-max", type=int, default=100, help="build every PDF (cold, then cached) up to this N")
    parser.add_argument("--book-max", type=int, default=2000, help="render the whole-handbook PDF up to this N")
    parser.add_argument("--no-search", dest="search", action="store_false", help="skip the browser's search")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and sites")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "artifacts" / "bench")
    args = parser.parse_args(argv)
    if any(not 1 <= n <= MAX_N for n in args.sizes):
        parser.error(f"N must be between 1 and {MAX_N}")
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="metodebog-bench-") as tmp:
        work = Path(tmp) if not args.keep else args.out / "work"
        work.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            rows.append(measure(n, args, work))
            print(f"N={n}: " + json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    report = {"machine": machine, "rows": rows}
    (args.out / "bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    text = table(rows)
    (args.out / "bench.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
