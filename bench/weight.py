"""Weight and speed per page type: bytes on the wire, time to the main text on Fast 3G, Lighthouse scores.

Serves a built site (default site/) gzip-compressed on 127.0.0.1, opens each page type in
Debian's Chromium with the DevTools "Fast 3G" profile and an empty cache, and prints the
compressed bytes transferred and when the page's heading was painted. Then runs Lighthouse
(npm, bench/package.json) on the same pages and prints its four scores.

    make build && .venv/bin/python bench/weight.py [site]

Targets: a method page ≤ 150 KB and its text within 1 s on Fast 3G; Lighthouse accessibility
and best practices 100, SEO ≥ 95, performance ≥ 95. Output also goes to build/artifacts/weight.txt.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, StaticHandler  # noqa: E402

PAGES = {
    "forside": "/",
    "metode": "/metoder/opsoegende-indsats/",
    "case": "/cases/for-enden-af-grusvejen/",
    "oversigt": "/metoder/",
    "find-en-metode": "/find-en-metode/",
    "tjeklister": "/tjeklister/",
}
# Chrome DevTools' "Fast 3G": 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up.
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.44e6 / 8, "uploadThroughput": 675e3 / 8}
LIGHTHOUSE = REPO / "bench" / "node_modules" / ".bin" / "lighthouse"


class GzipHandler(StaticHandler):
    """Compresses text responses, as any production web server would."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml")
        if not compressible or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def measure(base: str) -> list[str]:
    lines = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in PAGES.items():
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", FAST_3G)
            transferred: list[int] = []
            cdp.on("Network.loadingFinished", lambda e, t=transferred: t.append(int(e["encodedDataLength"])))
            page.goto(base + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            paint = page.evaluate(
                "() => { const e = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');"
                " return e ? e.startTime : null; }"
            )
            lines.append(
                f"{name:15} {sum(transferred) / 1024:6.1f} KB in {len(transferred):2} requests; "
                f"text painted after {paint / 1000:.2f} s on Fast 3G"
            )
            context.close()
        browser.close()
    return lines


def lighthouse(base: str) -> list[str]:
    if not LIGHTHOUSE.exists():
        return ["Lighthouse is not installed: cd bench && npm ci"]
    lines = []
    for name in ("metode", "forside", "case", "find-en-metode"):
        out = subprocess.run(
            [
                str(LIGHTHOUSE),
                base + PAGES[name],
                "--output=json",
                "--quiet",
                "--form-factor=mobile",
                "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if out.returncode != 0:
            lines.append(f"{name:15} Lighthouse failed: {out.stderr.strip()[-300:]}")
            continue
        categories = json.loads(out.stdout)["categories"]
        scores = ", ".join(
            f"{c} {round(categories[c]['score'] * 100)}"
            for c in ("performance", "accessibility", "best-practices", "seo")
        )
        lines.append(f"{name:15} Lighthouse: {scores}")
    return lines


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    lines = measure(base) + lighthouse(base)
    server.shutdown()
    out = REPO / "build" / "artifacts" / "weight.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
