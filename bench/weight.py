"""Weight and speed per page type: bytes on the wire, time to the first text on Fast 3G, Lighthouse scores.

Serves a built site (default site/) on 127.0.0.1 as a web server would: gzip-compressed, the 404 page
for a missing address, and every file fresh for ten minutes, as GitHub Pages serves them. Opens each
page type in Debian's Chromium with the DevTools "Fast 3G" profile, twice: as a first visit (empty
cache), and as the second page of a visit (coming from a method page in the same tab, with the cache
that page left). For each it prints the compressed bytes fetched, of them the page itself and the
look-ups that found nothing (404: Material looks for a sitemap.xml beside each hreflang link), and
when text was first painted, the linked style sheets were in and the scripts had run. Then the
site's size, and Lighthouse (npm, bench/package.json) on the same pages with its four scores.

    make build && .venv/bin/python bench/weight.py [site]

Targets: a method page ≤ 150 KB and its text within 1 s on Fast 3G; a second page ≤ 15 KB; Lighthouse
accessibility and best practices 100, SEO ≥ 95, performance ≥ 95. Output also goes to
build/artifacts/weight.txt.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import statistics
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
# The page a reader comes from when the second page is measured: another method than PAGES["metode"].
FROM = "/metoder/signs-of-safety/"
RUNS = 3  # paint times are the median of this many visits
# Chrome DevTools' "Fast 3G": 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up.
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 1.44e6 / 8, "uploadThroughput": 675e3 / 8}
LIGHTHOUSE = REPO / "bench" / "node_modules" / ".bin" / "lighthouse"


class GzipHandler(StaticHandler):
    """Compresses text responses, the 404 page too, as any production web server would."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml")
        if not compressible or not self._gzip() or not path.is_file():
            return super().send_head()
        return self._send(200, self.guess_type(str(path)), path.read_bytes())

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file() or not self._gzip():
            return super().send_error(code, message, explain)
        self.wfile.write(self._send(404, "text/html; charset=utf-8", page.read_bytes()).read())

    def end_headers(self) -> None:
        # As GitHub Pages serves every file: fresh for ten minutes, so a second page reuses what the first fetched.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def _gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def _send(self, code: int, content_type: str, raw: bytes) -> io.BytesIO:
        body = gzip.compress(raw, mtime=0)
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Visit:
    """A throttled tab, and what each page load in it cost: bytes fetched (the page, and 404s apart) and times."""

    def __init__(self, context) -> None:
        self.page = context.new_page()
        self.cdp = context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.emulateNetworkConditions", FAST_3G)
        self.responses: dict[str, tuple[str, int]] = {}  # request -> (resource type, status)
        self.done: list[tuple[str, int]] = []  # request, bytes on the wire (0 when taken from the cache)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", lambda e: self.done.append((e["requestId"], e["encodedDataLength"])))

    def _response(self, event: dict) -> None:
        self.responses[event["requestId"]] = (event["type"], event["response"]["status"])

    def load(self, url: str) -> dict[str, float]:
        """Open ``url`` in this tab, wait until the network is quiet, and return what that load cost."""
        self.done.clear()
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        timing = self.page.evaluate(
            "() => { const p = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint');"
            " const css = performance.getEntriesByType('resource').filter(e => e.initiatorType === 'link'"
            " && e.name.endsWith('.css')).map(e => e.responseEnd);"
            " const nav = performance.getEntriesByType('navigation')[0];"
            " return {paint: p ? p.startTime : NaN, styles: css.length ? Math.max(...css) : NaN,"
            " scripts: nav.domContentLoadedEventEnd}; }"
        )
        fetched = [(self.responses.get(rid, ("", 0)), n) for rid, n in self.done if n > 0]
        return {
            "kb": sum(n for _, n in fetched) / 1024,
            "fetched": len(fetched),
            "page_kb": sum(n for (kind, status), n in fetched if kind == "Document" and status == 200) / 1024,
            "missing_kb": sum(n for (_, status), n in fetched if status == 404) / 1024,
            "missing": sum(1 for (_, status), _ in fetched if status == 404),
            **timing,
        }


def measure(base: str, browser=None) -> list[str]:
    """Bytes and times per page type; in ``browser`` if given (a test's), else in a Chromium of its own."""
    if browser is None:
        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return measure(base, own)
            finally:
                own.close()
    lines = []
    for name, path in PAGES.items():
        first, second = [], []
        for _ in range(RUNS):
            context = browser.new_context()  # a new context starts with an empty cache
            first.append(Visit(context).load(base + path))
            context.close()
            context = browser.new_context()
            visit = Visit(context)
            visit.load(base + FROM)
            second.append(visit.load(base + path))
            context.close()
        lines.append(f"{name:15} first visit  {_summary(first)}")
        lines.append(f"{'':15} second page  {_summary(second)}")
    lines.append(f"(second page: coming from {FROM} in the same tab; times are medians of {RUNS} visits)")
    return lines


def _summary(visits: list[dict[str, float]]) -> str:
    """Bytes of the last visit (they repeat), times as the median of all visits."""
    v = visits[-1]
    paint, styles, scripts = (statistics.median(x[k] for x in visits) / 1000 for k in ("paint", "styles", "scripts"))
    text = (
        f"{v['kb']:6.1f} KB in {v['fetched']:2} fetched (the page {v['page_kb']:4.1f} KB, "
        f"{v['missing']} look-ups for nothing {v['missing_kb']:4.1f} KB): text painted {paint:.2f} s"
    )
    if styles == styles:  # not NaN: the page links style sheets
        text += f", style sheets in {styles:.2f} s"
    return text + f", scripts run {scripts:.2f} s"


def size(site: Path) -> list[str]:
    files = [f for f in site.rglob("*") if f.is_file()]
    html = [f for f in files if f.suffix == ".html"]
    mb = sum(f.stat().st_size for f in files) / 1e6
    html_mb = sum(f.stat().st_size for f in html) / 1e6
    return [f"site            {len(files)} files, {mb:.1f} MB; {len(html)} HTML pages, {html_mb:.1f} MB"]


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
    lines = measure(base) + size(site) + lighthouse(base)
    server.shutdown()
    out = REPO / "build" / "artifacts" / "weight.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
