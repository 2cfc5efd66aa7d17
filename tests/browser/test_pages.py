"""Every page of the book in Chromium, at desktop and phone width, in light and dark mode."""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import HTML_DIR, PAGES, SCHEMES, WIDTHS

pytestmark = pytest.mark.browser

VIEWS = [(page, width, scheme) for page in PAGES for width in WIDTHS for scheme in SCHEMES]


def view_id(view) -> str:
    page, width, scheme = view
    return f"{Path(page).stem}-{width}-{scheme}"


def known_content_failure(page: str, reason: str):
    """A failure caused by chapter content (levanalysis/notebooks), not by the book's frame.

    strict: the test fails as soon as the content is fixed, so the mark gets removed.
    """
    return pytest.mark.xfail(strict=True, reason=f"{page}: {reason}")


def views(xfails: dict[str, str] | None = None):
    """VIEWS as pytest params; pages in `xfails` carry a strict xfail with the given reason."""
    xfails = xfails or {}
    params = []
    for view in VIEWS:
        page = view[0]
        marks = [known_content_failure(page, xfails[page])] if page in xfails else []
        params.append(pytest.param(*view, id=view_id(view), marks=marks))
    return params


@pytest.mark.parametrize(("page", "width", "scheme"), views())
def test_colour_scheme_is_applied(book, page, width, scheme):
    # Guards the dark-mode checks below: they mean nothing if the page stayed light.
    assert book.visit(page, width, scheme).theme == scheme


@pytest.mark.parametrize(("page", "width", "scheme"), views())
def test_no_console_errors(book, page, width, scheme):
    visit = book.visit(page, width, scheme)
    assert visit.console_errors == []
    assert visit.failed_requests == []


@pytest.mark.parametrize(("page", "width", "scheme"), views())
def test_no_request_leaves_loopback(book, page, width, scheme):
    assert book.visit(page, width, scheme).outside_requests == []


@pytest.mark.parametrize(("page", "width", "scheme"), views())
def test_every_image_loads(book, page, width, scheme):
    assert book.visit(page, width, scheme).broken_images == []


@pytest.mark.parametrize(("page", "width", "scheme"), [v for v in views() if v.values[1] == 390])
def test_no_sideways_page_scroll_on_phone(book, page, width, scheme):
    visit = book.visit(page, width, scheme)
    assert visit.scroll_width <= visit.inner_width


@pytest.mark.parametrize(("page", "width", "scheme"), [v for v in views() if v.values[1] == 390])
def test_headings_fit_on_phone(book, page, width, scheme):
    """Long Dutch titles ("Vrijetijdseconomie (incl. retail)") wrap inside the phone's width."""
    assert book.visit(page, width, scheme).overflowing_headings == []


@pytest.mark.parametrize(("page", "width", "scheme"), views())
def test_lev_tables_show_every_column(book, page, width, scheme):
    """No key figure of a LEV table hides in a box that scrolls sideways."""
    assert book.visit(page, width, scheme).overflowing_tables == []


@pytest.mark.parametrize(("page", "width", "scheme"), views())
def test_table_captions_span_their_table(book, page, width, scheme):
    """A caption beside a table shown as cards must not shrink to a column of single words."""
    assert book.visit(page, width, scheme).squeezed_captions == []


# Pages whose chapter content (levanalysis, notebooks) rather than the book's frame causes a
# serious axe violation, with the reason: they get a strict xfail. None today.
AXE_CONTENT_FAILURES: dict[str, str] = {}


@pytest.mark.parametrize(("page", "width", "scheme"), views(AXE_CONTENT_FAILURES))
def test_axe_finds_no_serious_violation(book, page, width, scheme):
    visit = book.visit(page, width, scheme)
    serious = [v for v in visit.axe if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(f"{v['impact']} {v['id']}: {v['help']} {v['targets']}" for v in serious)


# Interface text of Sphinx and its themes that has no Dutch translation upstream.
ENGLISH_UI = [
    "Skip to main content", "Toggle primary sidebar", "Toggle secondary sidebar", "Color mode",
    "On this page", "previous page", "next page", "Search this book", "Back to top",
    "Site navigation", "Link to this", "System Settings", "Fullscreen mode", "Print to PDF",
    "Download this page", "Download source file", "Download notebook file", "Section Navigation",
    "Search the docs", "Hide Search Matches", "Search finished", "Preparing search",
    "Your search did not match", "Searching for multiple words", "Last updated",
]
ENGLISH_LABELS = {"contents", "light", "dark", "main", "page", "previous", "next", "search", "index"}


@pytest.mark.parametrize("page", [*PAGES, "search.html"])
def test_interface_is_dutch(book, page):
    visit = book.visit(page, 390, "light") if page in PAGES else None
    if visit is None:
        tab = book.open(page, 390, "light")
        try:
            text = tab.evaluate("() => document.body.innerText")
            labels = tab.evaluate(
                "() => Array.from(document.querySelectorAll('[aria-label],[title],[placeholder]'))"
                ".flatMap(e => ['aria-label','title','placeholder'].map(n => e.getAttribute(n)).filter(Boolean))"
            )
        finally:
            tab.close()
    else:
        text, labels = visit.visible_text, visit.labels
    found = [phrase for phrase in ENGLISH_UI if phrase.lower() in text.lower()]
    found += [label for label in labels if any(p.lower() in label.lower() for p in ENGLISH_UI)]
    found += [label for label in labels if label.strip().lower() in ENGLISH_LABELS]
    found += [line for line in text.splitlines() if line.strip().lower() in ENGLISH_LABELS]
    assert found == []


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


@lru_cache(maxsize=None)
def ids_in(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


@pytest.mark.parametrize("page", PAGES)
def test_internal_links_and_anchors_resolve(book, book_url, page):
    visit = book.visit(page, 1280, "light")
    host = urlsplit(book_url).netloc
    internal = [url for url in visit.links if urlsplit(url).netloc == host]
    assert internal, "a book page without a single internal link (menu, next page) was not rendered"
    broken = []
    for url in internal:
        parts = urlsplit(url)
        target = HTML_DIR / unquote(parts.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{url}: no file")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_in(target):
            broken.append(f"{url}: no anchor")
    assert broken == []


def test_no_notebook_sources_are_published(book_url):
    """The public book offers results, not the notebooks behind them (researchers use notebooks/)."""
    assert not (HTML_DIR / "_sources").exists()
    assert list(HTML_DIR.rglob("*.ipynb")) == []
