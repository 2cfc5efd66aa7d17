"""The whole built book as one A4 PDF for the council, printed by headless Chromium.

    python -m levanalysis.pdf [--html-dir _build/html] [--output _build/pdf/lev-evaluatie.pdf]

The chapters are taken from the built HTML (run `make book` first), in the order of the book's
menu, which Jupyter Book writes from _toc.yml. The print document is put together in the
browser, on the book's own start page (so with the book's stylesheets and print rules): its
article is replaced by a title page (date, and whether the figures are example data), a table
of contents and every page's article. It is built with DOM calls, not HTML text: the package
writes HTML only through its templates. Debian's Chromium prints it through Playwright.
Chromium cannot print the page a link points to (CSS target-counter), so every chapter is
printed on its own first, to count its pages; each chapter starts on a new page, so those
counts give the page numbers in the table of contents.

Only the standard library, Playwright and levanalysis.paths are used, so this module keeps
working whatever the rest of the package looks like.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from levanalysis.paths import PROJECT_ROOT

HTML_DIR = PROJECT_ROOT / "_build" / "html"
OUTPUT = PROJECT_ROOT / "_build" / "pdf" / "lev-evaluatie.pdf"
EXAMPLE_DATA_TITLE = "Let op: voorbeeldcijfers"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
# Chromium may reach no network here; these switches stop its own background traffic.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
# The printable width of an A4 page with the margins of lev.css (210 - 18 - 16 mm), in CSS
# pixels: scripts that measure tables (lev.js) then see the width of the paper.
PRINT_WIDTH_PX = 665


class PdfError(Exception):
    """Something the person running `make pdf` can fix; the message says what, in Dutch."""


@dataclass
class Chapter:
    key: str
    title: str
    html: str
    example_data: bool
    pages: int = 0
    first_page: int = 0


def find_chromium(explicit: str | None = None) -> str:
    candidates = [explicit, os.environ.get("LEV_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise PdfError("Chromium niet gevonden: installeer het met 'apt-get install chromium'.")


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def count_pages(pdf: bytes) -> int:
    """Pages in a PDF as Chromium (Skia) writes it: one uncompressed /Type /Page object each."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def _serve(html_dir: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Reads the book's menu, title and stylesheets from its first page.
_BOOK_JS = """
() => ({
  title: (document.querySelector(".logo__title") || {}).textContent?.trim() || document.title,
  pages: [...new Set(Array.from(document.querySelectorAll("nav.bd-docs-nav a.reference.internal"))
           .map(a => a.href.split("#")[0]))],
})
"""

# Takes a page's article for the print document: ids get the chapter's key in front (the same
# section id occurs in several chapters), links between chapters become links inside the PDF,
# download links (files of the web book) go, other links to the web book become plain text,
# every src becomes absolute.
# Closed dropdowns stay closed: they hold detail for the evaluator, not for the council.
_CHAPTER_JS = """
([key, keys, exampleTitle]) => {
  const article = document.querySelector("article.bd-article").cloneNode(true);
  article.querySelectorAll("script, .headerlink").forEach(el => el.remove());
  article.querySelectorAll("[id]").forEach(el => { el.id = key + "--" + el.id; });
  article.querySelectorAll("img[src]").forEach(img => { img.setAttribute("src", img.src); });
  article.querySelectorAll("a[href]").forEach(a => {
    const url = new URL(a.href);
    if (url.origin !== location.origin) return;
    const target = keys[url.origin + url.pathname];
    if (target) {
      const anchor = decodeURIComponent(url.hash.slice(1));
      a.setAttribute("href", "#" + (anchor ? target + "--" + anchor : target));
    } else if (a.classList.contains("download")) {
      const paragraph = a.closest("p");
      (paragraph && paragraph.textContent.trim() === a.textContent.trim() ? paragraph : a).remove();
    } else {
      a.replaceWith(...a.childNodes);
    }
  });
  const heading = article.querySelector("h1");
  return {
    title: heading ? heading.textContent.replace(/#$/, "").trim() : document.title,
    html: article.innerHTML,
    exampleData: Array.from(document.querySelectorAll(".admonition-title"))
      .some(t => t.textContent.trim() === exampleTitle),
  };
}
"""

PRINT_CSS = """
@page :first { @bottom-center { content: none; } @top-right { content: none; } }
@page {
  @top-right { content: "%(running_title)s"; font: 8pt "DejaVu Sans", Arial, sans-serif; color: #555; }
  @bottom-center { font-family: "DejaVu Sans", Arial, sans-serif; }
}
html, body { background: #fff; }
body { margin: 0; }
.lev-pdf-title { break-after: page; display: flex; flex-direction: column; min-height: 240mm; }
.lev-pdf-title h1 { font-size: 26pt; line-height: 1.2; margin: 55mm 0 8mm; }
.lev-pdf-title .lev-pdf-subtitle { font-size: 13pt; margin: 0 0 20mm; }
.lev-pdf-title dl { display: grid; grid-template-columns: max-content 1fr; gap: 2mm 8mm; font-size: 11pt; }
.lev-pdf-title dt { font-weight: 600; }
.lev-pdf-title dd { margin: 0; }
.lev-pdf-title .lev-pdf-warning { border: 1.5px solid #8a4b00; padding: 3mm 4mm; margin-top: 12mm; font-size: 11pt; }
.lev-pdf-toc { break-after: page; }
.lev-pdf-toc h1 { font-size: 20pt; margin: 0 0 8mm; }
.lev-pdf-toc ol { list-style: none; padding: 0; margin: 0; font-size: 12pt; }
.lev-pdf-toc li { margin: 0 0 3mm; }
.lev-pdf-toc a { display: flex; gap: 2mm; color: inherit; text-decoration: none; }
.lev-pdf-toc a::after { content: none !important; }
.lev-pdf-toc .lev-pdf-leader { flex: 1; border-bottom: 1px dotted #777; margin-bottom: 1.2mm; }
.lev-pdf-chapter { break-before: page; }
.lev-pdf-chapter:first-child { break-before: auto; }
.bd-article { padding: 0 !important; }
"""


# Replaces the start page's article with the print document: title page and contents (when
# `front` is given) and the chapters, each a section that starts on a new page.
_ASSEMBLE_JS = """
({bookTitle, css, front, chapters}) => {
  const make = (tag, attributes = {}, ...children) => {
    const element = document.createElement(tag);
    Object.entries(attributes).forEach(([name, value]) => element.setAttribute(name, value));
    children.forEach(child => element.append(child));
    return element;
  };
  document.documentElement.dataset.theme = "light";
  document.documentElement.dataset.mode = "light";
  document.title = bookTitle;
  document.head.append(make("style", {}, css));
  const article = document.querySelector("article.bd-article");
  article.replaceChildren();
  if (front) {
    const facts = make("dl");
    front.facts.forEach(([term, value]) => facts.append(make("dt", {}, term), make("dd", {}, value)));
    const title = make("section", {class: "lev-pdf-title"},
      make("h1", {}, bookTitle), make("p", {class: "lev-pdf-subtitle"}, front.subtitle), facts);
    if (front.warning) {
      title.append(make("p", {class: "lev-pdf-warning"}, make("strong", {}, "Let op: "), front.warning));
    }
    const entries = make("ol");
    front.contents.forEach(([key, text, page]) => entries.append(make("li", {},
      make("a", {href: "#" + key}, make("span", {}, text), make("span", {class: "lev-pdf-leader"}),
           make("span", {}, String(page))))));
    article.append(title, make("nav", {class: "lev-pdf-toc", "aria-label": "Inhoud"},
                               make("h1", {}, "Inhoud"), entries));
  }
  chapters.forEach(({key, html}) => {
    const section = make("section", {class: "lev-pdf-chapter", id: key});
    section.innerHTML = html;
    article.append(section);
  });
  // lev.js lays tables out again (as cards where they do not fit) on resize.
  window.dispatchEvent(new Event("resize"));
}
"""


def _front(chapters: list[Chapter], printed_on: dt.date) -> dict:
    if any(c.example_data for c in chapters):
        status = "Voorbeeldcijfers: verzonnen cijfers, geen echte gegevens"
        warning = ("deze uitgave gebruikt verzonnen voorbeeldcijfers. Ze laten zien hoe de evaluatie "
                   "werkt; trek er geen conclusies uit over de Liemers.")
    else:
        status = "Gegevens uit de bronnen (geen voorbeeldcijfers); herkomst en peildatum per hoofdstuk"
        warning = ""
    return {
        "subtitle": "Monitor en evaluatie van het economisch actieplan van De Liemers",
        "facts": [["Stand", dutch_date(printed_on)], ["Gegevens", status], ["Opgesteld met", "LEV-monitor"]],
        "warning": warning,
        # "00" holds the place of a page number while the pages are being counted.
        "contents": [[c.key, c.title, c.first_page or "00"] for c in chapters],
    }


def _print(page, start_url: str, book_title: str, front: dict | None, chapters: list[Chapter],
           path: Path | None = None) -> bytes:
    page.goto(start_url, wait_until="load")
    page.evaluate(_ASSEMBLE_JS, {
        "bookTitle": book_title,
        "css": PRINT_CSS.replace("%(running_title)s", book_title.replace('"', "'")),
        "front": front,
        "chapters": [{"key": c.key, "html": c.html} for c in chapters],
    })
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(300)  # lev.js waits 150 ms after a resize before it measures
    return page.pdf(
        path=str(path) if path else None,
        format="A4",
        prefer_css_page_size=True,
        print_background=True,
        outline=True,
        tagged=True,
    )


def _start_page(html_dir: Path) -> str:
    """The book's first page: index.html only redirects to it."""
    index = html_dir / "index.html"
    if not index.exists():
        raise PdfError(f"Geen gebouwd boek in {html_dir}: draai eerst 'make book'.")
    match = re.search(r'url=([^"\'>\s]+)', index.read_text(encoding="utf-8"))
    return match.group(1) if match else "index.html"


def build_pdf(html_dir: Path = HTML_DIR, output: Path = OUTPUT, chromium: str | None = None,
              printed_on: dt.date | None = None, report=print, browser=None) -> Path:
    """Print the built book to `output`; returns its path.

    `browser`: a running Playwright Chromium to use (the browser tests pass theirs: Playwright's
    sync API cannot be started twice in one thread); by default one is started and closed.
    """
    html_dir = Path(html_dir)
    start = _start_page(html_dir)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    printed_on = printed_on or dt.date.today()
    with _serve(html_dir) as base_url:
        if browser is not None:
            return _print_book(browser, base_url, start, output, printed_on, report)
        executable = find_chromium(chromium)
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise PdfError("Playwright ontbreekt: installeer de omgeving opnieuw (make book).") from error
        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                return _print_book(own, base_url, start, output, printed_on, report)
            finally:
                own.close()


def _print_book(browser, base_url: str, start: str, output: Path, printed_on: dt.date, report) -> Path:
    context = browser.new_context(viewport={"width": PRINT_WIDTH_PX, "height": 1000}, color_scheme="light")
    try:
        page = context.new_page()
        start_url = base_url + start
        page.goto(start_url, wait_until="load")
        book = page.evaluate(_BOOK_JS)
        if not book["pages"]:
            raise PdfError("Het gebouwde boek heeft geen hoofdstukken in zijn menu.")
        keys = {url: _key(url, base_url) for url in book["pages"]}
        chapters: list[Chapter] = []
        for url in book["pages"]:
            report(f"Hoofdstuk ophalen: {keys[url]}")
            page.goto(url, wait_until="load")
            found = page.evaluate(_CHAPTER_JS, [keys[url], keys, EXAMPLE_DATA_TITLE])
            title = found["title"]
            chapters.append(Chapter(keys[url], title, found["html"], found["exampleData"]))

        title = book["title"]
        next_page = count_pages(_print(page, start_url, title, _front(chapters, printed_on), [])) + 1
        for chapter in chapters:
            report(f"Pagina's tellen: {chapter.key}")
            chapter.pages = count_pages(_print(page, start_url, title, None, [chapter]))
            chapter.first_page = next_page
            next_page += chapter.pages

        report("Pdf afdrukken")
        pdf = _print(page, start_url, title, _front(chapters, printed_on), chapters, path=output)
    finally:
        context.close()
    total, expected = count_pages(pdf), next_page - 1
    if total != expected:
        raise PdfError(
            f"De inhoudsopgave klopt niet: {expected} pagina's geteld per hoofdstuk, "
            f"maar de pdf heeft er {total}."
        )
    return output


def _key(url: str, base_url: str) -> str:
    relative = url[len(base_url):] if url.startswith(base_url) else url
    return re.sub(r"[^A-Za-z0-9]+", "-", re.sub(r"\.html$", "", relative)).strip("-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m levanalysis.pdf",
        description="Het gebouwde boek als één A4-pdf voor de raad (eerst 'make book').",
    )
    parser.add_argument("--html-dir", type=Path, default=HTML_DIR, help="het gebouwde boek (standaard: %(default)s)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="de pdf (standaard: %(default)s)")
    parser.add_argument("--chromium", help="pad naar Chromium (standaard: chromium op het PATH)")
    args = parser.parse_args(argv)
    try:
        path = build_pdf(args.html_dir, args.output, args.chromium)
    except PdfError as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 1
    pages = count_pages(path.read_bytes())
    print(f"Klaar: {path} ({pages} pagina's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
