"""Text and tables made from the plan data: activities, goal trees, monitoring tables, the
introduction, the budget and the methods page."""

from __future__ import annotations

import pandas as pd

from levanalysis.analysis.judging import describe_rule
from levanalysis.definitions.plan import (
    GOAL_TREE_COLUMNS,
    GoalTree,
    Plan,
    Spearhead,
    TreeItem,
)
from levanalysis.formatting import format_number

GOAL_TREE_LABELS = {
    "behoefte": "Behoefte",
    "input": "Input",
    "activiteiten": "Activiteiten",
    "output": "Output",
    "resultaat": "Resultaat",
    "impact": "Impact",
}


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)


def activities_markdown(spearhead: Spearhead) -> str:
    """Each activity as a short block: what it is, its input and who is responsible."""
    blocks = []
    for number, activity in enumerate(spearhead.activities, start=1):
        lines = [f"**{number}. {activity.name}**", ""]
        lines += [f"- {item}" for item in activity.description]
        lines.append(f"- *Input vanuit LEV:* {'; '.join(activity.input) or 'niet genoemd'}")
        lines.append(f"- *Verantwoordelijk:* {'; '.join(activity.responsible)}")
        for note in (activity.budget_note, activity.text_note):
            if note:
                lines.append(f"- *Noot:* {note}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def activity_budget_table(spearhead: Spearhead, plan: Plan) -> pd.DataFrame:
    """The spearhead's lines of the budget table, in euros, with a computed total."""
    years = plan.budget_meta["years"]
    lines = plan.budget[plan.budget["group"] == spearhead.id]
    rows = []
    for line in lines.to_dict("records"):
        row = {"Begrotingsregel": line["description"]}
        row.update({str(year): format_number(line[year] * 1000) for year in years})
        row["Totaal"] = format_number(sum(line[year] for year in years) * 1000)
        rows.append(row)
    unbudgeted = [a.name for a in spearhead.activities if not any(a.id in ids for ids in lines["activity_ids"])]
    for name in unbudgeted:
        rows.append({"Begrotingsregel": f"{name} (geen eigen regel)", **{str(y): "-" for y in years}, "Totaal": "-"})
    return pd.DataFrame(rows)


def goal_tree_markdown(tree: GoalTree) -> str:
    """The goal tree as a list per column (Behoefte to Impact), readable on a phone."""
    parts = []
    for column in GOAL_TREE_COLUMNS:
        entries = getattr(tree, column)
        if not entries:
            continue
        lines = []
        for entry in entries:
            if isinstance(entry, TreeItem):
                lines.append(f"- {entry.text}" + "".join(f"\n  - {item}" for item in entry.items))
            else:
                lines.append(f"- {entry}")
        parts.append(f"**{GOAL_TREE_LABELS[column]}**\n\n" + "\n".join(lines))
    if tree.transcription_note:
        parts.append(f"*Leeswijzer bij de doelenboom: {tree.transcription_note}*")
    return "\n\n".join(parts)


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
    return pd.DataFrame(rows, columns=["Doel", "Indicator", "Streefwaarde (plan)", "Toetsing in deze monitor", "Bron (plan)"])


def pending_monitoring_markdown(spearhead: Spearhead) -> str:
    monitoring = spearhead.monitoring
    text = (
        "```{admonition} Nog geen meetbare doelen\n:class: note\n"
        f"{monitoring.reason}\n\nVerwacht uit: {monitoring.awaiting}.\n```"
    )
    if monitoring.themes:
        text += "\n\nDe thema's van Logistics Valley:\n\n" + _bullets(monitoring.themes)
    return text


def introduction_markdown(plan: Plan, region) -> str:
    """The opening text of the book: what the LEV is, who takes part and for which period."""
    document = plan.document
    names = [m.name for m in region.municipalities]
    municipalities = ", ".join(names[:-1]) + " en " + names[-1]
    spearheads = ", ".join(s.short_name.lower() for s in plan.spearheads[:-1])
    spearheads += " en " + plan.spearheads[-1].short_name.lower()
    period = f"{document.period.start}-{document.period.end}"
    previous = document.previous_evaluation
    return (
        f"De {document.full_title} (LEV) is het gezamenlijke economische actieplan van de "
        f"gemeenten {municipalities}: samen **{region.name}**. "
        f"Het plan loopt van {document.period.start} tot en met {document.period.end} en wordt "
        f"uitgevoerd door de {document.executor}. Het richt zich op drie speerpunten: "
        f"{spearheads}.\n\n"
        f"Het plan bouwt voort op de vorige periode, die in {previous.year} door {previous.by} is "
        f"geëvalueerd. Dit boek is de evaluatie van de periode {period}: per speerpunt zet het de "
        "doelen en streefwaarden uit het plan naast wat de cijfers laten zien."
    )


def spearhead_overview(plan: Plan) -> pd.DataFrame:
    """Per spearhead: its goals, indicators and budget for the whole period (euros)."""
    years = plan.budget_meta["years"]
    rows = []
    for spearhead in plan.spearheads:
        budget = plan.budget.loc[plan.budget["group"] == spearhead.id, years].to_numpy().sum()
        monitoring = spearhead.monitoring
        rows.append({
            "Speerpunt": spearhead.name,
            "Meetbare doelen": len(monitoring.goals) if monitoring.status == "defined" else "nog niet vastgesteld",
            "Indicatoren": len(monitoring.kpis) if monitoring.status == "defined" else "nog niet vastgesteld",
            f"Begroting {years[0]}-{years[-1]}": format_number(budget * 1000),
        })
    return pd.DataFrame(rows)


def budget_table(plan: Plan) -> pd.DataFrame:
    """The budget table for the book: Dutch labels and numbers, totals computed."""
    from levanalysis.analysis.budget import budget_with_totals

    years = plan.budget_meta["years"]
    groups = plan.budget_meta["groups"]
    table = budget_with_totals(plan)
    shown = pd.DataFrame({
        "Onderdeel": table["group"].map(lambda g: groups.get(g, "Totaal")),
        "Regel": table["description"],
    })
    for column in [*years, "totaal"]:
        shown[str(column).capitalize()] = table[column].map(lambda v: format_number(v, 1))
    return shown


def budget_check_markdown(discrepancies: pd.DataFrame) -> str:
    if discrepancies.empty:
        return "De totalen in het plan zijn gelijk aan de som van de begrotingsregels."
    lines = [
        f"- {row.soort} {row.omschrijving}: plan {format_number(row.volgens_plan, 1)}, "
        f"berekend {format_number(row.berekend, 1)}"
        for row in discrepancies.itertuples()
    ]
    return "De totalen in het plan wijken af van de som van de regels:\n\n" + "\n".join(lines)


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


def actuals_table(table: pd.DataFrame) -> pd.DataFrame:
    from levanalysis.formatting import format_percent

    return pd.DataFrame({
        "Begrotingsregel": table["description"],
        "Jaar": table["jaar"].astype(str),
        "Begroot": table["begroot"].map(format_number),
        "Gerealiseerd": table["gerealiseerd"].map(format_number),
        "Verschil": table["verschil"].map(format_number),
        "Realisatie": table["realisatiegraad"].map(lambda v: format_percent(v, 0)),
    })


def available_funds_markdown(funds: dict) -> str:
    return (
        f"De toelichting op de begroting noemt circa € 151.000 per jaar plus circa € 40.000 uit de "
        f"vorige periode: samen {format_number(funds['beschikbaar'])} euro. De begrotingstabel telt op tot "
        f"{format_number(funds['begroot'])} euro; het verschil is {format_number(funds['verschil'])} euro."
    )


def region_table(region) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Gemeente": m.name, "CBS-code": m.code, "UWV-arbeidsmarktregio": m.uwv_region} for m in region.municipalities]
    )


def reorganisations_markdown(region) -> str:
    from levanalysis.definitions.region import municipality_name

    lines = []
    for r in region.reorganisations:
        successor = municipality_name(r.into, region=region)
        lines.append(
            f"- {r.absorbed_name} ({r.absorbed_code}) is op {r.effective:%d-%m-%Y} opgegaan in {successor}. "
            f"Reeksen van vóór {r.effective_year} tellen {r.absorbed_name} bij {successor} op, "
            "zodat de reeks vergelijkbaar blijft."
        )
    return "\n".join(lines)


def sectors_table(sectors: dict) -> pd.DataFrame:
    rows = []
    for sector in sectors.values():
        for sub in sector.subsectors:
            rows.append({"Sector": sector.name, "Onderdeel": sub.name, "SBI 2008": ", ".join(sub.sbi)})
    return pd.DataFrame(rows)


def local_source_formats_markdown() -> str:
    """Per local source: what it is, who supplies it and its columns, in a collapsible block."""
    from levanalysis.definitions.local_sources import columns_frame, load_definitions

    blocks = []
    for name, spec in load_definitions().sources.items():
        columns = columns_frame(name)
        escaped = columns["betekenis"].str.replace("|", "\\|", regex=False)
        rows = "\n".join(
            f"| `{kolom}` | {verplicht} | {betekenis} |"
            for kolom, verplicht, betekenis in zip(columns["kolom"], columns["verplicht"], escaped, strict=True)
        )
        blocks.append(
            f"```{{dropdown}} {spec.title} (`{name}.csv` of `{name}.xlsx`)\n"
            f"{spec.description}\n\nLeverancier: {spec.supplier}. Frequentie: {spec.frequency}.\n\n"
            f"| kolom | verplicht | betekenis |\n|---|---|---|\n{rows}\n```"
        )
    return "\n\n".join(blocks)
