"""Paper: a page printed from the browser, and the council's PDF of the whole book (make pdf)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time

import pytest
from browser_support import HTML_DIR, PAGES, require

from levanalysis import pdf as book_pdf

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)
PRINT_WIDTH = book_pdf.PRINT_WIDTH_PX


def pdf_pages(path) -> list[str]:
    """The text of each page, laid out as printed (poppler's pdftotext)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def page_size(path) -> tuple[int, int]:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return round(float(width)), round(float(height))


def lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def poppler():
    require(shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None,
            "pdftotext/pdfinfo ontbreken: apt-get install poppler-utils")


@pytest.fixture(scope="session")
def council_pdf(tmp_path_factory, book_url, browser, poppler):
    """make pdf's document, printed once for all checks, with the tests' Chromium."""
    output = tmp_path_factory.mktemp("pdf") / "lev-evaluatie.pdf"
    started = time.perf_counter()
    book_pdf.build_pdf(HTML_DIR, output, printed_on=dt.date(2026, 3, 9), report=lambda _: None, browser=browser)
    print(f"\nmake pdf (zonder boek bouwen): {time.perf_counter() - started:.1f} s")
    return output


def test_council_pdf_is_a4(council_pdf):
    assert page_size(council_pdf) == A4_POINTS


def test_council_pdf_title_page_gives_date_and_data_status(council_pdf):
    title_page = re.sub(r"\s+", " ", pdf_pages(council_pdf)[0])
    assert "Evaluatie Liemerse Economische Visie 2024-2026" in title_page
    assert "Stand 9 maart 2026" in title_page
    uses_example_data = any("Let op: voorbeeldcijfers" in (HTML_DIR / p).read_text(encoding="utf-8") for p in PAGES)
    if uses_example_data:
        assert "Voorbeeldcijfers: verzonnen cijfers" in title_page
    else:
        assert "geen voorbeeldcijfers" in title_page


def test_council_pdf_contents_point_at_chapter_first_pages(council_pdf):
    pages = pdf_pages(council_pdf)
    contents = lines(pages[1])
    assert "Inhoud" in contents
    entries = [re.match(r"(.+?)\s*\.*\s+(\d+)$", line) for line in contents[contents.index("Inhoud") + 1:]]
    entries = [(m.group(1).strip(" ."), int(m.group(2))) for m in entries if m]
    assert len(entries) == len(PAGES)
    for title, number in entries:
        first_lines = lines(pages[number - 1])[:3]
        # Each chapter starts on its own page, with its title at the top (below the running head).
        assert any(title in line or line in title for line in first_lines[1:]), (title, number, first_lines)
    starts = [number for _, number in entries]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_council_pdf_pages_are_numbered_and_none_is_blank(council_pdf):
    pages = pdf_pages(council_pdf)
    assert len(pages) > 10
    for number, page in enumerate(pages, start=1):
        text = lines(page)
        assert len("".join(text)) > 40, f"page {number} is (nearly) blank"
        if number > 1:  # the title page carries no number
            assert text[-1] == str(number), f"page {number} ends with {text[-1]!r}"


def test_printing_a_page_from_the_browser_gives_a4_without_blank_pages(book, tmp_path, poppler):
    tab = book.open("chapters/samenvatting.html", 1280, "dark")
    try:
        tab.pdf(path=str(tmp_path / "samenvatting.pdf"), prefer_css_page_size=True, print_background=True)
    finally:
        tab.close()
    assert page_size(tmp_path / "samenvatting.pdf") == A4_POINTS
    pages = pdf_pages(tmp_path / "samenvatting.pdf")
    assert lines(pages[0])[0] == "Samenvatting"  # the chapter title, no navigation before it
    assert all(len("".join(lines(p))) > 40 for p in pages)


@pytest.mark.parametrize("page", PAGES)
def test_print_layout_keeps_tables_whole_and_navigation_off_paper(book, page):
    tab = book.open(page, PRINT_WIDTH, "light")
    try:
        tab.emulate_media(media="print")
        # lev.js measures tables on resize; printing re-lays out at the paper's width.
        tab.evaluate("() => window.dispatchEvent(new Event('resize'))")
        tab.wait_for_timeout(250)
        found = tab.evaluate(
            """() => ({
              cut: Array.from(document.querySelectorAll('.bd-article table'))
                .filter(t => t.checkVisibility())
                .filter(t => t.getBoundingClientRect().right > document.querySelector('.bd-article').getBoundingClientRect().right + 2)
                .map(t => (t.closest('.lev-table-wrap, .pst-scrollable-table-container') || t).innerText.slice(0, 60)),
              shownNavigation: Array.from(document.querySelectorAll(
                  '.bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .prev-next-footer'))
                .filter(el => getComputedStyle(el).display !== 'none').map(el => el.className),
              splittableFigures: Array.from(document.querySelectorAll('.bd-article figure'))
                .filter(f => getComputedStyle(f).breakInside !== 'avoid').length,
              title: getComputedStyle(document.querySelector('.bd-article h1')).display,
            })"""
        )
    finally:
        tab.close()
    assert found["cut"] == []
    assert found["shownNavigation"] == []
    assert found["splittableFigures"] == 0
    assert found["title"] != "none"
