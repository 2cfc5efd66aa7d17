"""A symbol and a word with every status: colour alone never carries the meaning.

The badge shows the status a KPI stands at (:attr:`KpiResult.shown_status`), with ', binnen de
meetmarge' when rounding alone could turn it around and '(voorbeeldcijfers)' on example data. The
evaluator's judgement has its own badge, beside the computed one.
"""

from __future__ import annotations

from datetime import date

from levanalysis.analysis.results import (
    ACHTER_OP_KOERS,
    BEHAALD,
    DATA_EXAMPLE,
    EINDMETING,
    GEEN_DATA,
    NIET_BEHAALD,
    NOG_GEEN_STREEFWAARDE,
    OORDEEL_ONTBREEKT,
    OP_KOERS,
    STATUSES,
    TUSSENSTAND,
    VOORLOPIGE_EINDMETING,
    WITHIN_MARGIN,
    Judgement,
    KpiResult,
)
from levanalysis.analysis.targets import Target
from levanalysis.book.execution_blocks import evidence_links
from levanalysis.book.render import render

STATUS_SYMBOLS = {
    BEHAALD: "✔",
    NIET_BEHAALD: "✘",
    OP_KOERS: "➚",
    ACHTER_OP_KOERS: "⚠",
    GEEN_DATA: "–",
    OORDEEL_ONTBREEKT: "?",
    NOG_GEEN_STREEFWAARDE: "…",
}

STATUS_MEANINGS = {
    BEHAALD: "de streefwaarde is gehaald: met cijfers over het laatste planjaar, of bij een telling zodra het "
             "aantal is bereikt",
    NIET_BEHAALD: "er zijn cijfers over het laatste planjaar (bij een telling: de planperiode is voorbij) en de "
                  "streefwaarde is niet gehaald",
    OP_KOERS: "de planperiode loopt nog en de laatste waarde ligt op of voorbij het streefpad: de waarde die in "
              "dat jaar nodig is om de streefwaarde aan het eind van de periode te halen",
    ACHTER_OP_KOERS: "de planperiode loopt nog en de laatste waarde ligt achter op het streefpad",
    GEEN_DATA: "er zijn (nog) geen bruikbare cijfers, of het laatste jaar mist een deel (een school, een "
               "gemeente) dat het basisjaar wel had; de monitor geeft dan geen oordeel",
    OORDEEL_ONTBREEKT: "het plan vraagt een kwalitatieve beoordeling en de evaluator heeft nog geen oordeel "
                       "gegeven; de monitor toont de cijfers als hulpmiddel, zonder eigen oordeel",
    NOG_GEEN_STREEFWAARDE: "het plan heeft (nog) geen meetbare streefwaarde",
}

QUALIFIER_MEANINGS = {
    WITHIN_MARGIN: "staat achter een status als het verschil met het streefpad of met Nederland kleiner is dan "
                   "de onzekerheid die de afronding van de bronnen alleen al geeft (95%-marge); de regel van het "
                   "plan beslist, maar de cijfers kunnen het verschil niet met zekerheid aantonen",
}

MEASUREMENT_MEANINGS = {
    TUSSENSTAND: "de cijfers gaan nog niet over het laatste planjaar; de status kan nog veranderen",
    VOORLOPIGE_EINDMETING: "de cijfers gaan over het laatste planjaar, maar een bron noemt ze voorlopig; een "
                           "herziening kan de status nog veranderen",
    EINDMETING: "de definitieve cijfers over het laatste planjaar (bij een telling: de planperiode is voorbij)",
}


def status_class(status: str) -> str:
    return "lev-status-" + status.replace(" ", "-")


def _label(status: str, within_margin: bool, example: bool) -> str:
    text = f"{STATUS_SYMBOLS[status]} {status}"
    if within_margin:
        text += f", {WITHIN_MARGIN}"
    if example and status not in (GEEN_DATA, NOG_GEEN_STREEFWAARDE, OORDEEL_ONTBREEKT):
        text += " (voorbeeldcijfers)"
    return text


def status_label(result: KpiResult) -> str:
    """'➚ op koers', with ', binnen de meetmarge' and '(voorbeeldcijfers)' where they apply."""
    within = result.within_margin and not result.qualitative
    return _label(result.shown_status, within, result.data_kind == DATA_EXAMPLE)


def status_context(result: KpiResult) -> dict:
    """What a status badge shows: the label (symbol and word) and the class that colours it."""
    return {"label": status_label(result), "css_class": status_class(result.shown_status),
            "status": result.shown_status}


def target_status_context(target: Target, compact: bool = False) -> dict:
    """The badge of a plan target (for an "Of:" pair: met when either indicator is met).

    ``compact`` keeps the badge to symbol and word and puts the qualifier and the example mark in
    ``remarks``, shown under the badge: a narrow table column then stays readable.
    """
    example = any(r.data_kind == DATA_EXAMPLE for r in target.results)
    if not compact:
        return {"label": _label(target.status, target.within_margin, example), "css_class": status_class(target.status),
                "status": target.status, "remarks": []}
    remarks = [WITHIN_MARGIN] if target.within_margin else []
    if example and target.status not in (GEEN_DATA, NOG_GEEN_STREEFWAARDE, OORDEEL_ONTBREEKT):
        remarks.append("voorbeeldcijfers")
    return {"label": _label(target.status, False, False), "css_class": status_class(target.status),
            "status": target.status, "remarks": remarks}


def date_text(iso: str) -> str:
    """'2026-01-15' -> '15-01-2026'."""
    return date.fromisoformat(iso).strftime("%d-%m-%Y")


def judgement_context(result: KpiResult) -> dict | None:
    """The evaluator's judgement as shown beside the computed status; None without one."""
    judgement: Judgement | None = result.judgement
    if judgement is None:
        return None
    return {
        "label": f"{STATUS_SYMBOLS[judgement.status]} {judgement.status}",
        "css_class": status_class(judgement.status),
        "status": judgement.status,
        "motivation": judgement.motivation,
        "date": date_text(judgement.date),
        "role": judgement.role,
        # Cited ids are checked against the register by validate, so each has its anchor there.
        "evidence": evidence_links(judgement.evidence, None),
        "differs": result.judgement_differs,
        "computed": None if result.qualitative else result.status,
    }


def legend() -> list[dict]:
    """Every status with its symbol and meaning, in the vocabulary's order."""
    return [{"symbol": STATUS_SYMBOLS[s], "status": s, "meaning": STATUS_MEANINGS[s], "css_class": status_class(s)}
            for s in STATUSES]


def legend_html() -> str:
    return render("legend.html.j2", legend=legend(),
                  qualifiers=[{"term": k, "meaning": v} for k, v in QUALIFIER_MEANINGS.items()],
                  measurements=[{"term": k, "meaning": v} for k, v in MEASUREMENT_MEANINGS.items()])
