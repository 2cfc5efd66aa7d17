"""A symbol and a word with every status: colour alone never carries the meaning."""

from __future__ import annotations

from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    DATA_EXAMPLE,
    GEEN_DATA,
    NIET_BEHAALD,
    NOG_GEEN_STREEFWAARDE,
    OP_KOERS,
    STATUSES,
    KpiResult,
)
from levanalysis.book.render import render

STATUS_SYMBOLS = {
    BEHAALD: "✔",
    NIET_BEHAALD: "✘",
    OP_KOERS: "➚",
    ACHTER_OP_KOERS: "⚠",
    GEEN_DATA: "–",
    NOG_GEEN_STREEFWAARDE: "…",
}

STATUS_MEANINGS = {
    BEHAALD: "de streefwaarde is gehaald (voor een telling: het aantal is bereikt; anders: over de hele planperiode)",
    NIET_BEHAALD: "de planperiode is voorbij en de streefwaarde is niet gehaald",
    OP_KOERS: "de planperiode loopt nog en de cijfers tot nu toe halen de streefwaarde",
    ACHTER_OP_KOERS: "de planperiode loopt nog en de cijfers tot nu toe halen de streefwaarde niet",
    GEEN_DATA: "er zijn (nog) geen bruikbare cijfers; de monitor geeft dan geen oordeel",
    NOG_GEEN_STREEFWAARDE: "het plan heeft (nog) geen meetbare streefwaarde",
}


def status_class(status: str) -> str:
    return "lev-status-" + status.replace(" ", "-")


def status_label(result: KpiResult) -> str:
    """'➚ op koers', with '(voorbeeldcijfers)' when the data are examples: never scored as real."""
    text = f"{STATUS_SYMBOLS[result.status]} {result.status}"
    if result.data_kind == DATA_EXAMPLE and result.status not in (GEEN_DATA, NOG_GEEN_STREEFWAARDE):
        text += " (voorbeeldcijfers)"
    return text


def status_context(result: KpiResult) -> dict:
    """What a status badge shows: the label (symbol and word) and the class that colours it."""
    return {"label": status_label(result), "css_class": status_class(result.status), "status": result.status}


def legend() -> list[dict]:
    """Every status with its symbol and meaning, in the vocabulary's order."""
    return [{"symbol": STATUS_SYMBOLS[s], "status": s, "meaning": STATUS_MEANINGS[s], "css_class": status_class(s)}
            for s in STATUSES]


def legend_html() -> str:
    return render("legend.html.j2", legend=legend())
