"""What the book shows from the plan itself: the introduction, activities, goal trees,
monitoring tables and the budget. Builders return plain data (DataFrames of raw values, lists,
dicts); the ``*_html`` functions render them through the templates."""

from __future__ import annotations

import pandas as pd

from levanalysis.analysis.budget import budget_with_totals
from levanalysis.analysis.judging import describe_rule
from levanalysis.book import tables
from levanalysis.book.render import render
from levanalysis.definitions.plan import (
    GOAL_TREE_COLUMNS,
    GoalTree,
    Plan,
    Spearhead,
    TreeItem,
)
from levanalysis.definitions.region import Region
from levanalysis.formatting import format_euro, format_number, join_and

THOUSAND = 1000
GOAL_TREE_LABELS = {
    "behoefte": "Behoefte",
    "input": "Input",
    "activiteiten": "Activiteiten",
    "output": "Output",
    "resultaat": "Resultaat",
    "impact": "Impact",
}


def _html_paragraphs(paragraphs, css_class: str = "") -> str:
    return render("paragraphs.html.j2", paragraphs=[p for p in paragraphs if p], css_class=css_class)


# --------------------------------------------------------------------------- introduction


def introduction(plan: Plan, region: Region) -> list[str]:
    """The opening paragraphs of the book: what the LEV is, who takes part, for which period."""
    document = plan.document
    spearheads = join_and([s.short_name.lower() for s in plan.spearheads])
    previous = document.previous_evaluation
    return [
        f"De {document.full_title} (LEV) is het gezamenlijke economische actieplan van de gemeenten "
        f"{join_and(region.names)}: samen {region.name}. Het plan loopt van {document.period.start} tot en met "
        f"{document.period.end} en wordt uitgevoerd door de {document.executor}. Het richt zich op drie "
        f"speerpunten: {spearheads}.",
        f"Het plan bouwt voort op de vorige periode, die in {previous.year} door {previous.by} is geëvalueerd. "
        f"Dit boek is de evaluatie van de periode {document.period.start}-{document.period.end}: per speerpunt zet "
        "het de doelen en streefwaarden uit het plan naast wat de cijfers laten zien.",
    ]


def introduction_html(plan: Plan, region: Region) -> str:
    return _html_paragraphs(introduction(plan, region))


def spearhead_overview(plan: Plan) -> pd.DataFrame:
    """Per spearhead: its number of goals and indicators and its budget for the period (euros)."""
    years = plan.budget_meta["years"]
    rows = []
    for spearhead in plan.spearheads:
        budget = plan.budget.loc[plan.budget["group"] == spearhead.id, years].to_numpy().sum() * THOUSAND
        monitoring = spearhead.monitoring
        defined = monitoring.status == "defined"
        rows.append({
            "Speerpunt": spearhead.name,
            "Meetbare doelen": str(len(monitoring.goals)) if defined else "nog niet vastgesteld",
            "Indicatoren": str(len(monitoring.kpis)) if defined else "nog niet vastgesteld",
            f"Begroting {years[0]}-{years[-1]}": budget,
        })
    return pd.DataFrame(rows)


def spearhead_overview_html(plan: Plan) -> str:
    years = plan.budget_meta["years"]
    return tables.table_html(spearhead_overview(plan), "De drie speerpunten van de LEV 2024-2026.",
                             {f"Begroting {years[0]}-{years[-1]}": tables.euro()})


# --------------------------------------------------------------------------- a spearhead


def goal_html(spearhead: Spearhead) -> str:
    paragraphs = [spearhead.goal]
    if spearhead.definition_note:
        paragraphs.append(f"Afbakening: {spearhead.definition_note}")
    return _html_paragraphs(paragraphs)


def activities(spearhead: Spearhead) -> list[dict]:
    """Each activity: number, name, what it is, its input and who is responsible, and notes."""
    return [
        {
            "number": number,
            "name": activity.name,
            "description": list(activity.description),
            "input": "; ".join(activity.input) or "niet genoemd",
            "responsible": "; ".join(activity.responsible),
            "notes": [note for note in (activity.budget_note, activity.text_note) if note],
        }
        for number, activity in enumerate(spearhead.activities, start=1)
    ]


def activities_html(spearhead: Spearhead) -> str:
    return render("activities.html.j2", activities=activities(spearhead))


def activity_budget_table(spearhead: Spearhead, plan: Plan) -> pd.DataFrame:
    """The spearhead's lines of the budget table in euros with a computed total; an activity
    without a line of its own has no amounts."""
    years = plan.budget_meta["years"]
    lines = plan.budget[plan.budget["group"] == spearhead.id]
    rows = []
    for line in lines.to_dict("records"):
        row = {"Begrotingsregel": line["description"]}
        row.update({str(year): line[year] * THOUSAND for year in years})
        row["Totaal"] = sum(line[year] for year in years) * THOUSAND
        rows.append(row)
    unbudgeted = [a.name for a in spearhead.activities if not any(a.id in ids for ids in lines["activity_ids"])]
    for name in unbudgeted:
        rows.append({"Begrotingsregel": f"{name} (geen eigen regel)", **{str(y): None for y in years}, "Totaal": None})
    return pd.DataFrame(rows, columns=["Begrotingsregel", *[str(y) for y in years], "Totaal"])


def activity_budget_html(spearhead: Spearhead, plan: Plan) -> str:
    table = activity_budget_table(spearhead, plan)
    formats = {c: tables.euro() for c in table.columns if c != "Begrotingsregel"}
    return tables.table_html(table, "Begroting volgens het actieplan, in euro's.", formats,
                             numeric=[c for c in table.columns if c != "Begrotingsregel"], missing="–")


def goal_tree(tree: GoalTree) -> dict:
    """The goal tree as columns (Behoefte to Impact) of entries with optional sub-items."""
    columns = []
    for column in GOAL_TREE_COLUMNS:
        entries = [
            {"text": e.text, "items": list(e.items)} if isinstance(e, TreeItem) else {"text": e, "items": []}
            for e in getattr(tree, column)
        ]
        if entries:
            columns.append({"label": GOAL_TREE_LABELS[column], "entries": entries})
    return {"columns": columns, "note": tree.transcription_note}


def goal_tree_html(tree: GoalTree) -> str:
    return render("goal_tree.html.j2", tree=goal_tree(tree))


MONITORING_COLUMNS = ["Doel", "Indicator", "Streefwaarde (plan)", "Toetsing in deze monitor", "Bron (plan)"]


def monitoring_table(spearhead: Spearhead, baseline_year: int, evaluation_year: int, period: tuple[int, int]) -> pd.DataFrame:
    """The plan's monitoring table, with the rule this monitor applies to each streefwaarde."""
    goals = {goal.id: goal.text for goal in spearhead.monitoring.goals}
    rows = [
        {
            "Doel": goals[kpi.goal],
            "Indicator": kpi.indicator,
            "Streefwaarde (plan)": kpi.target,
            "Toetsing in deze monitor": describe_rule(kpi.rule, baseline_year, evaluation_year, period),
            "Bron (plan)": kpi.source,
        }
        for kpi in spearhead.monitoring.kpis
    ]
    return pd.DataFrame(rows, columns=MONITORING_COLUMNS)


def monitoring_html(spearhead: Spearhead, baseline_year: int, evaluation_year: int, period: tuple[int, int]) -> str:
    """The monitoring table, or for a spearhead without measurable goals the plan's reason."""
    monitoring = spearhead.monitoring
    if monitoring.status == "pending":
        notice = {"kind": "note", "title": "Nog geen meetbare doelen",
                  "paragraphs": [" ".join(str(monitoring.reason).split()), f"Verwacht uit: {monitoring.awaiting}."],
                  "items": []}
        parts = [render("notice.html.j2", notice=notice)]
        if monitoring.themes:
            parts.append(_html_paragraphs(["De thema's van Logistics Valley:"]))
            parts.append(render("bullets.html.j2", items=list(monitoring.themes), css_class=""))
        return "\n".join(parts)
    return tables.table_html(monitoring_table(spearhead, baseline_year, evaluation_year, period),
                             "Monitoringtabel van het actieplan, met de toetsregel die deze monitor toepast.")


# --------------------------------------------------------------------------- the budget


def budget_table(plan: Plan) -> pd.DataFrame:
    """The budget table in euros with computed totals (the plan prints thousands)."""
    years = plan.budget_meta["years"]
    groups = plan.budget_meta["groups"]
    table = budget_with_totals(plan)
    shown = pd.DataFrame({
        "Onderdeel": table["group"].map(lambda g: groups.get(g, "Totaal")),
        "Regel": table["description"],
    })
    for column in [*years, "totaal"]:
        shown[str(column).capitalize()] = table[column] * THOUSAND
    return shown


def budget_html(plan: Plan) -> str:
    table = budget_table(plan)
    formats = {c: tables.euro() for c in table.columns if c not in ("Onderdeel", "Regel")}
    return tables.table_html(table, "Begroting LEV 2024-2026 in euro's; de totalen zijn berekend uit de regels.", formats)


def budget_check(discrepancies: pd.DataFrame) -> list[str]:
    """Sentences on where the totals printed in the plan differ from the sums of its lines."""
    if discrepancies.empty:
        return ["De totalen in het plan zijn gelijk aan de som van de begrotingsregels."]
    return ["De totalen in het plan wijken af van de som van de regels:"] + [
        f"{row.soort} {row.omschrijving}: plan {format_euro(row.volgens_plan * THOUSAND)}, "
        f"berekend {format_euro(row.berekend * THOUSAND)}"
        for row in discrepancies.itertuples()
    ]


def budget_check_html(discrepancies: pd.DataFrame) -> str:
    sentences = budget_check(discrepancies)
    if len(sentences) == 1:
        return _html_paragraphs(sentences)
    return _html_paragraphs(sentences[:1]) + "\n" + render("bullets.html.j2", items=sentences[1:], css_class="")


def inconsistencies_table(table: pd.DataFrame) -> pd.DataFrame:
    """One row per plan statement: its amounts per year beside the budget table's (euros)."""
    years = sorted(table["jaar"].unique())
    span = " / ".join(str(y) for y in years)
    rows = []
    for (onderdeel, waar, tekst), group in table.groupby(["onderdeel", "waar", "tekst"], sort=False):
        group = group.set_index("jaar").loc[years]
        rows.append({
            "Onderdeel": onderdeel,
            "Waar in het plan": f"{waar}: “{tekst}”" + (" (circa)" if group["circa"].any() else ""),
            f"Volgens de tekst ({span})": " / ".join(format_number(v) for v in group["volgens_tekst"]),
            f"Volgens de begrotingstabel ({span})": " / ".join(format_number(v) for v in group["volgens_begroting"]),
        })
    return pd.DataFrame(rows)


def available_funds_text(funds: dict) -> str:
    """The funds the plan's explanation names against the total of its budget table."""
    return (
        f"De toelichting op de begroting noemt circa {format_euro(funds['per_jaar'])} per jaar "
        f"gedurende {funds['jaren']} jaar plus circa {format_euro(funds['restant'])} uit de vorige periode: "
        f"samen {format_euro(funds['beschikbaar'])}. De begrotingstabel telt op tot {format_euro(funds['begroot'])}; "
        f"het verschil is {format_euro(funds['verschil'])}."
    )


def actuals_table(comparison: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Begrotingsregel": comparison["description"],
        "Jaar": comparison["jaar"],
        "Begroot": comparison["begroot"],
        "Gerealiseerd": comparison["gerealiseerd"],
        "Verschil": comparison["verschil"],
        "Realisatie": comparison["realisatiegraad"],
    })


def actuals_html(comparison: pd.DataFrame) -> str:
    return tables.table_html(actuals_table(comparison), "Realisatie per begrotingsregel, in euro's.", {
        "Jaar": tables.year, "Begroot": tables.euro(), "Gerealiseerd": tables.euro(), "Verschil": tables.euro(),
        "Realisatie": tables.percent(0),
    })


def paragraphs_html(paragraphs, css_class: str = "") -> str:
    """Paragraphs of text (computed sentences, plan text) as HTML."""
    return _html_paragraphs(paragraphs, css_class)


# --------------------------------------------------------------------------- spent and remaining


def position_table(position: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """Per budget line over the plan period: begroot, uitgegeven so far and resterend (euros)."""
    return pd.DataFrame({
        "Onderdeel": position["group"].map(lambda g: groups.get(g, g)),
        "Regel": position["description"],
        "Begroot": position["begroot"],
        "Uitgegeven": position["uitgegeven"],
        "Resterend": position["resterend"],
        "Jaren met uitgaven": position["jaren_met_uitgaven"],
    })


def position_html(position: pd.DataFrame, groups: dict[str, str], period: tuple[int, int]) -> str:
    # The download keeps 'Onderdeel'; on the page the line names are distinct and the table narrower.
    return tables.table_html(
        position_table(position, groups).drop(columns="Onderdeel"),
        f"Begroot, uitgegeven en resterend per begrotingsregel over {period[0]}-{period[1]}, in euro's.",
        {"Begroot": tables.euro(), "Uitgegeven": tables.euro(), "Resterend": tables.euro()})


def cumulative_table(cumulative: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Jaar": cumulative["jaar"],
        "Begroot": cumulative["begroot"],
        "Uitgegeven": cumulative["uitgegeven"],
        "Begroot, opgeteld": cumulative["begroot_cumulatief"],
        "Uitgegeven, opgeteld": cumulative["uitgegeven_cumulatief"],
        "Restant incl. vorige periode": cumulative["restant"],
    })


def cumulative_html(cumulative: pd.DataFrame) -> str:
    formats = {c: tables.euro() for c in cumulative_table(cumulative).columns if c != "Jaar"}
    return tables.table_html(cumulative_table(cumulative), "Begroot en uitgegeven, opgeteld per jaar, in euro's.",
                             {"Jaar": tables.year, **formats})


def carried_over_text(carry: float, cumulative: pd.DataFrame) -> str:
    """What the cumulative table assumes, with the carried-over amount from the plan data."""
    known = cumulative.dropna(subset=["restant"])
    text = (f"Het plan noemt circa {format_euro(carry)} aan resterende middelen uit de vorige periode. De laatste "
            "kolom telt dat bedrag op bij de begroting tot en met dat jaar en trekt de uitgaven ervan af; zo "
            "blijkt of het restant wordt benut. Jaren zonder uitgaven tellen niet mee.")
    if not known.empty:
        last = known.iloc[-1]
        text += f" Eind {int(last['jaar'])} is er nog {format_euro(last['restant'])} over."
    return text


def contradiction_texts(found: list[dict]) -> list[str]:
    """Where the execution report names another amount than the accounts (both shown)."""
    return [f"Let op: {c['line']} {c['year']}: de uitvoering meldt {format_euro(c['report'])}, de jaarrekening "
            f"{format_euro(c['accounts'])}; de jaarrekening telt." for c in found]
