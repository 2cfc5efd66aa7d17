"""Showing book content in a notebook. Only these functions display; everything else returns
plain data or rendered text, so it can be tested without a notebook."""

from __future__ import annotations

from collections.abc import Iterable


def html(text: str) -> None:
    """Display rendered HTML; empty text displays nothing, so pages get no blank outputs."""
    from IPython.display import HTML, display

    if text:
        display(HTML(text))


def markdown(text: str) -> None:
    """Display MyST from a ``*.md.j2`` template (download links); empty text displays nothing."""
    from IPython.display import Markdown, display

    if text:
        display(Markdown(text))


def items(parts: Iterable[tuple[str, str]]) -> None:
    """Display ("html" | "markdown", text) parts in order, as chapter sections return them."""
    for kind, text in parts:
        if kind == "html":
            html(text)
        elif kind == "markdown":
            markdown(text)
        else:
            raise ValueError(f"unknown display part {kind!r}")


def as_display(text: str):
    """Rendered HTML as a display object that is not shown here (for glue on other pages)."""
    from IPython.display import HTML

    return HTML(text)
