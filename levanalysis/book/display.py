"""Showing book content in a notebook: only these functions display, so everything else is
testable without a notebook."""

from __future__ import annotations

import html

import pandas as pd


def to_html_table(table: pd.DataFrame, caption: str | None = None) -> str:
    """A plain, deterministic HTML table (no random ids), scrollable on narrow screens."""
    body = table.to_html(index=False, escape=True, border=0, classes="lev-table", na_rep="geen data")
    caption_html = f'<p class="lev-table-caption">{html.escape(caption)}</p>' if caption else ""
    return f'<div class="lev-table-wrap">{caption_html}{body}</div>'


def show_table(table: pd.DataFrame, caption: str | None = None) -> None:
    from IPython.display import HTML, display

    display(HTML(to_html_table(table, caption)))


def show_markdown(text: str) -> None:
    """Display Markdown; empty text displays nothing, so pages get no blank outputs."""
    from IPython.display import Markdown, display

    if text:
        display(Markdown(text))


def show_html(text: str) -> None:
    from IPython.display import HTML, display

    if text:
        display(HTML(text))


def show_items(items) -> None:
    """Display the ("html" | "markdown" | "table", content) items chapter sections return."""
    for kind, content in items:
        if kind == "html":
            show_html(content)
        elif kind == "markdown":
            show_markdown(content)
        elif kind == "table":
            table, caption = content
            show_table(table, caption)
        else:
            raise ValueError(f"unknown display item {kind!r}")
