"""Finding one's way: the phone menu, the page contents, and search."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from browser_support import PAGES

pytestmark = pytest.mark.browser

PHONE = 390


def visible_toggle(tab, css: str):
    toggles = tab.locator(f"{css}:visible")
    assert toggles.count() == 1, f"expected one visible {css}, found {toggles.count()}"
    return toggles.first


@pytest.mark.parametrize("page", [PAGES[1], PAGES[-1]], ids=lambda p: p.split("/")[-1])
def test_phone_menu_opens_and_lists_every_chapter(book, page):
    tab = book.open(page, PHONE, "light")
    try:
        visible_toggle(tab, "button.primary-toggle").click()
        menu = tab.locator("#pst-primary-sidebar-modal")
        menu.wait_for(state="visible", timeout=3000)
        assert menu.evaluate("d => d.open")
        hrefs = menu.locator("a:visible").evaluate_all("links => links.map(a => a.href)")
        missing = [p for p in PAGES if not any(h.split("#")[0].endswith("/" + p) for h in hrefs)]
        assert missing == []
        # Every chapter link is on screen, not cut off at the phone's edge.
        widths = menu.locator("a:visible").evaluate_all(
            "links => links.map(a => a.getBoundingClientRect().right)"
        )
        assert max(widths) <= PHONE
        tab.keyboard.press("Escape")
        menu.wait_for(state="hidden", timeout=3000)
    finally:
        tab.close()


def test_phone_page_contents_opens(book):
    tab = book.open("chapters/maakindustrie.html", PHONE, "light")
    try:
        visible_toggle(tab, "button.secondary-toggle").click()
        contents = tab.locator("#pst-secondary-sidebar-modal")
        contents.wait_for(state="visible", timeout=3000)
        sections = contents.locator("a:visible").evaluate_all("links => links.map(a => a.textContent.trim())")
        assert "Wat wil het plan?" in sections
    finally:
        tab.close()


def search(book, query: str) -> tuple[str, list[str], list[str]]:
    """Summary, titles of the pages found and their snippets, as the search page shows them."""
    tab = book.open(f"search.html?q={quote(query)}", 1280, "light")
    try:
        # Sphinx writes the summary once the search has finished, found or not.
        tab.wait_for_function(
            "() => document.querySelector('#search-results .search-summary')?.innerText.trim()",
            timeout=10_000,
        )
        summary = tab.inner_text("#search-results .search-summary")
        titles = tab.locator("#search-results ul.search > li > a").all_inner_texts()
        snippets = tab.locator("#search-results ul.search > li > p.context").all_inner_texts()
        return summary, titles, snippets
    finally:
        tab.close()


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("werkgelegenheid", "Maakindustrie"),
        # Municipalities appear on several pages, which ones depends on the chapters' text.
        ("Zevenaar", None),
        ("Duiven", None),
        ("maakindustrie", "Maakindustrie"),
        ("toeristen", "Vrijetijdseconomie (incl. retail)"),
        # The plan's own words for the VTE goal ("Als gevolg van het toerisme ...").
        ("toerisme", "Vrijetijdseconomie (incl. retail)"),
    ],
)
def test_search_finds_core_words(book, query, expected_page):
    summary, titles, snippets = search(book, query)
    assert titles if expected_page is None else expected_page in titles
    assert "gevonden" in summary
    # The snippet under a result shows the word in its sentence, not an empty "...".
    assert any(query.lower() in snippet.lower() for snippet in snippets)


def test_search_reports_nothing_found_in_dutch(book):
    summary, titles, _ = search(book, "xyzzyqwv")
    assert titles == []
    assert "geen resultaten" in summary
