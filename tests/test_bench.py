"""`make bench N=20`: the benchmark runs every stage on a small synthetic handbook, so it cannot rot."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import REPO


def test_make_bench_measures_every_stage(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    result = subprocess.run(
        ["make", "--no-print-directory", "bench", "N=20", f"BENCH_OUT={out}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    row = json.loads((out / "bench.json").read_text(encoding="utf-8"))["rows"][0]
    # The corpus: 20 methods (the shipped ones and synthetic ones with three phases and two cases each).
    assert row["n"] == 20 and row["pages"] > 20 + 2 * 12
    assert row["wall_s"] > 0 and row["peak_mb"] > 0 and row["site_mb"] > 0
    for stage in ("load", "render", "pages", "search"):
        assert 0 < row[f"{stage}_s"] < row["wall_s"]
    assert row["largest_kb"] <= 300 and row["largest_page"].endswith("/")
    # A first query fetches part of the index, and every query finds something.
    assert 0 < row["search_kb"] < 1000
    assert all(q["results"] > 0 for q in row["search_queries"].values())
    # The plain Material site of the same pages was built in the same run.
    assert row["peer_s"] > 0 and abs(row["ratio"] - row["wall_s"] / row["peer_s"]) < 0.05
    # PDFs: a cold build renders them, an unchanged one reuses them all.
    assert row["pdfs"] > 20 and row["pdf_warm_s"] < row["pdf_cold_s"]
    assert row["book_volumes"] >= 1 and row["book_pages"] > 20 and row["book_mb"] > 0
    table = (out / "bench.md").read_text(encoding="utf-8")
    assert table.splitlines()[2].startswith("| 20 | ") and table in result.stdout
