"""A symbol and a word with every status: colour alone never carries the meaning."""

from __future__ import annotations

import html

from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    DATA_EXAMPLE,
    GEEN_DATA,
    NIET_BEHAALD,
    NOG_GEEN_STREEFWAARDE,
    OP_KOERS,
    KpiResult,
)

# A symbol and a word with every status: colour alone never carries the meaning.
STATUS_SYMBOLS = {
    BEHAALD: "✔",
    NIET_BEHAALD: "✘",
    OP_KOERS: "➚",
    ACHTER_OP_KOERS: "⚠",
    GEEN_DATA: "–",
    NOG_GEEN_STREEFWAARDE: "…",
}


def status_class(status: str) -> str:
    return "lev-status-" + status.replace(" ", "-")


def status_label(result: KpiResult) -> str:
    """'➚ op koers', with '(voorbeeldcijfers)' when the data are examples: never scored as real."""
    text = f"{STATUS_SYMBOLS[result.status]} {result.status}"
    if result.data_kind == DATA_EXAMPLE and result.status not in (GEEN_DATA, NOG_GEEN_STREEFWAARDE):
        text += " (voorbeeldcijfers)"
    return text


def status_html(result: KpiResult) -> str:
    return f'<span class="lev-status {status_class(result.status)}">{html.escape(status_label(result))}</span>'
