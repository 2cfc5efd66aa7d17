"""Opening the built book in headless Chromium: what the browser tests share.

The book is served from _build/html on 127.0.0.1 and opened by Playwright driving Debian's
Chromium (never a browser that Playwright downloads: this machine cannot fetch it). Each page
is opened once per viewport and colour scheme; every check reads that one visit, so the whole
suite costs one page load and one axe-core run per page, width and scheme.

Without a built book, Chromium or node_modules the tests are skipped, except in CI (CI=true),
where a missing piece is a broken pipeline and fails.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from levanalysis.paths import PROJECT_ROOT

HTML_DIR = PROJECT_ROOT / "_build" / "html"
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
TOC_FILE = PROJECT_ROOT / "_toc.yml"
REPORT_FILE = PROJECT_ROOT / "_build" / "browser" / "axe-report.json"

WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")
VIEWPORT_HEIGHT = 900


def require(condition: bool, reason: str) -> None:
    """Skip when a prerequisite is missing, but fail in CI, where it must be there."""
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run must install it)")
    pytest.skip(reason)


def chromium_path() -> str | None:
    candidate = os.environ.get("LEV_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


def toc_pages() -> list[str]:
    """The book's pages in reading order, as paths relative to _build/html."""
    toc = yaml.safe_load(TOC_FILE.read_text(encoding="utf-8"))
    files = [toc["root"]]
    for entry in toc.get("chapters", []):
        files.append(entry["file"])
        files.extend(section["file"] for section in entry.get("sections", []))
    return [f"{name}.html" for name in files]


PAGES = toc_pages()


@dataclass
class Visit:
    """What one page showed at one width in one colour scheme."""

    page: str
    width: int
    scheme: str
    theme: str = ""
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    image_count: int = 0
    scroll_width: int = 0
    inner_width: int = 0
    overflowing_tables: list[dict] = field(default_factory=list)
    lev_table_count: int = 0
    overflowing_headings: list[str] = field(default_factory=list)
    squeezed_captions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    visible_text: str = ""
    labels: list[str] = field(default_factory=list)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class Book:
    """Opens pages of the served book; one browser context per width and colour scheme."""

    def __init__(self, browser, base_url: str, axe_source: str):
        self.browser = browser
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.axe_source = axe_source
        self._contexts: dict[tuple[int, str], object] = {}
        self._visits: dict[tuple[str, int, str], Visit] = {}

    def context(self, width: int, scheme: str):
        key = (width, scheme)
        if key not in self._contexts:
            context = self.browser.new_context(
                viewport={"width": width, "height": VIEWPORT_HEIGHT},
                color_scheme=scheme,
                service_workers="block",
            )
            context.route("**/*", self._only_loopback)
            self._contexts[key] = context
        return self._contexts[key]

    def _only_loopback(self, route) -> None:
        # Anything not served by our loopback server would reach the internet in production
        # (a CDN, a font host, an analytics beacon): record it on the request and refuse it.
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != self.host:
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def open(self, page_path: str, width: int, scheme: str):
        """A fresh tab on a page; the caller closes it."""
        page = self.context(width, scheme).new_page()
        page.goto(self.base_url + page_path, wait_until="load")
        return page

    def visit(self, page_path: str, width: int, scheme: str) -> Visit:
        key = (page_path, width, scheme)
        if key not in self._visits:
            self._visits[key] = self._visit(page_path, width, scheme)
        return self._visits[key]

    def _visit(self, page_path: str, width: int, scheme: str) -> Visit:
        visit = Visit(page_path, width, scheme)
        page = self.context(width, scheme).new_page()
        page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
        page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: self._note_outside(r.url, visit))
        page.on("requestfailed", lambda r: visit.failed_requests.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and visit.failed_requests.append(f"{r.url} ({r.status})"))
        try:
            page.goto(self.base_url + page_path, wait_until="load")
            page.evaluate("() => document.fonts.ready")
            data = page.evaluate(_COLLECT_JS)
            visit.theme = data["theme"]
            visit.image_count = data["imageCount"]
            visit.broken_images = data["brokenImages"]
            visit.scroll_width = data["scrollWidth"]
            visit.inner_width = data["innerWidth"]
            visit.overflowing_tables = data["overflowingTables"]
            visit.lev_table_count = data["levTableCount"]
            visit.overflowing_headings = data["overflowingHeadings"]
            visit.squeezed_captions = data["squeezedCaptions"]
            visit.links = data["links"]
            visit.visible_text = data["text"]
            visit.labels = data["labels"]
            page.add_script_tag(content=self.axe_source)
            visit.axe = page.evaluate(_AXE_JS)
        finally:
            page.close()
        return visit

    def _note_outside(self, url: str, visit: Visit) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            visit.outside_requests.append(url)

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()

    def write_axe_report(self) -> None:
        """Counts of axe violations by impact per page, width and scheme (for people, not asserted)."""
        if not self._visits:
            return
        report = {}
        for (page_path, width, scheme), visit in sorted(self._visits.items()):
            counts: dict[str, int] = {}
            for violation in visit.axe:
                counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
            report[f"{page_path} {width} {scheme}"] = {
                "by_impact": counts,
                "violations": [f"{v['impact']}: {v['id']} ({v['nodes']}x)" for v in visit.axe],
            }
        REPORT_FILE.parent.mkdir(parents=True, exist_ok=True)
        REPORT_FILE.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


_COLLECT_JS = """
async () => {
  const imgs = Array.from(document.images);
  imgs.forEach(img => { img.loading = "eager"; });
  await Promise.all(imgs.map(img => img.complete ? null : img.decode().catch(() => null)));
  const isShown = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const labelled = Array.from(document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]"));
  return {
    theme: document.documentElement.dataset.theme || "",
    imageCount: imgs.length,
    brokenImages: imgs.filter(img => !img.complete || img.naturalWidth === 0)
                      .map(img => (img.getAttribute("src") || "").slice(0, 80)),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    levTableCount: document.querySelectorAll("table.lev-table").length,
    overflowingTables: Array.from(document.querySelectorAll("table.lev-table"))
      .filter(isShown)
      .map(table => {
        const box = table.closest(".lev-table-wrap") || table.parentElement;
        const caption = box.querySelector(".lev-table-caption");
        return {caption: caption ? caption.textContent.trim() : "",
                tableWidth: Math.ceil(table.getBoundingClientRect().width),
                boxWidth: box.clientWidth, scrollWidth: box.scrollWidth};
      })
      .filter(t => t.scrollWidth > t.boxWidth + 1),
    overflowingHeadings: Array.from(document.querySelectorAll(".bd-article :is(h1, h2, h3)"))
      .filter(h => isShown(h) && h.scrollWidth > h.clientWidth + 1).map(h => h.textContent.trim()),
    squeezedCaptions: Array.from(document.querySelectorAll("table.lev-table > caption"))
      .filter(c => isShown(c) && c.textContent.trim().length > 30
                   && c.getBoundingClientRect().width < 0.5 * c.closest(".lev-table-wrap").clientWidth)
      .map(c => c.textContent.trim()),
    links: Array.from(document.querySelectorAll("a[href]")).map(a => a.href),
    text: document.body.innerText,
    labels: labelled.flatMap(el => ["aria-label", "title", "placeholder", "alt"]
      .map(name => el.getAttribute(name)).filter(Boolean)),
  };
}
"""

_AXE_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}
"""
