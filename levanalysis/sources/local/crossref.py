"""Checks across the files of one data directory, after each file has been validated alone.

- A citation of evidence (a ``bewijs`` column in any source: uitvoering, opvolging_aanbevelingen,
  the evaluator's oordelen) must name an id of the evidence register (source ``bewijs``):
  an error, with the citing file, row and column.
- A source that lacks a municipality or a year that the other sources have gets a warning (the
  sources that take part are marked ``compare`` in ``data/definitions/coverage.yaml``), within
  the years the evaluation looks at: the previous period up to the end of the plan.
"""

from __future__ import annotations

from collections import defaultdict

from levanalysis.definitions import region as _region
from levanalysis.definitions.local_sources import ERROR, WARNING, load_definitions
from levanalysis.definitions.plan import load_plan
from levanalysis.definitions.plan_extras import load_previous_period
from levanalysis.formatting import join_and
from levanalysis.sources.local.presence import coverage_spec, presence
from levanalysis.sources.local.problems import DirectoryReport, Problem, SourceResult
from levanalysis.sources.local.rules import rows_text

EVIDENCE_SOURCE = "bewijs"
CITATION_COLUMN = "bewijs"


def cross_check(report: DirectoryReport) -> None:
    """Add the findings across files to the report's source results (in place)."""
    citation_problems(report)
    comparison_warnings(report)


def _citing_sources(report: DirectoryReport) -> list[SourceResult]:
    sources = load_definitions().sources
    return [
        result for name, result in report.sources.items()
        if name in sources and CITATION_COLUMN in sources[name].column_names
        and sources[name].column(CITATION_COLUMN).type == "list" and result.data is not None
    ]


def citation_problems(report: DirectoryReport) -> None:
    evidence = report.sources.get(EVIDENCE_SOURCE)
    register = evidence.data if evidence is not None else None
    register_name = evidence.path.name if evidence is not None and evidence.path else EVIDENCE_SOURCE
    for result in _citing_sources(report):
        fname = result.path.name if result.path else result.name
        if evidence is not None and evidence.errors:
            # The register's own errors are reported there; its ids cannot be trusted yet.
            result.problems.append(Problem(fname, f"de codes in kolom '{CITATION_COLUMN}' zijn niet gecontroleerd: "
                                           f"{register_name} heeft eerst fouten die moeten worden opgelost.", level=WARNING))
            continue
        known = set(register["id"]) if register is not None else set()
        frame = result.data
        rows = frame.attrs.get("rows") or [None] * len(frame)
        # One message per unknown id with all its rows: a missing register entry would otherwise
        # repeat on every row that cites it.
        citing: dict[str, list[int]] = defaultdict(list)
        for row, cited in zip(rows, frame[CITATION_COLUMN], strict=True):
            for evidence_id in cited if isinstance(cited, list) else []:
                if evidence_id not in known:
                    citing[evidence_id].append(row)
        found = []
        for evidence_id, id_rows in sorted(citing.items(), key=lambda item: (item[1][0] or 0, item[0])):
            where = f" (ook in {rows_text(id_rows[1:])})" if len(id_rows) > 1 else ""
            if register is None:
                detail = (f"noemt bewijs {evidence_id}{where}, maar er is geen bewijsregister "
                          "(bewijs.csv of bewijs.xlsx) in de map.")
            else:
                detail = f"bewijs {evidence_id} staat niet in het bewijsregister ({register_name}){where}."
            found.append(Problem(fname, detail, row=id_rows[0], column=CITATION_COLUMN, value=evidence_id, level=ERROR))
        if found:
            result.problems.extend(found)
            result.data = None  # a file with errors has no clean data, as after validate_file


def _window() -> tuple[int, int]:
    return load_previous_period().span[0], load_plan().period[1]


def comparison_warnings(report: DirectoryReport) -> None:
    lo, hi = _window()
    region = _region.load_region()
    sources = load_definitions().sources
    present = {}
    for name, result in report.sources.items():
        if result.data is None or name not in sources or not coverage_spec(name).compare:
            continue
        present[name] = presence(result.data, sources[name], region)
    years = {n: {y for y in p.years if lo <= y <= hi} for n, p in present.items()}
    by_municipality = {n: p for n, p in present.items() if coverage_spec(n).expect == "municipalities"}
    for name, facts in present.items():
        result = report.sources[name]
        fname = result.path.name if result.path else name
        lacking: dict[int, list[str]] = defaultdict(list)
        for other, other_years in years.items():
            for year in sorted(other_years - years[name]):
                if other != name:
                    lacking[year].append(other)
        for year, others in sorted(lacking.items()):
            result.problems.append(Problem(
                fname, f"het jaar {year} ontbreekt, terwijl {join_and(sorted(others))} dat jaar wel "
                f"{'heeft' if len(others) == 1 else 'hebben'}.", level=WARNING))
        if name not in by_municipality:
            continue
        missing: dict[str, list[int]] = defaultdict(list)
        for other, other_facts in by_municipality.items():
            if other == name:
                continue
            for unit, year in other_facts.cells:
                if lo <= year <= hi and year in years[name] and (unit, year) not in facts.cells:
                    if year not in missing[unit]:
                        missing[unit].append(year)
        for unit, unit_years in sorted(missing.items()):
            shown = ", ".join(str(y) for y in sorted(unit_years))
            result.problems.append(Problem(
                fname, f"{unit} ontbreekt voor {shown}, terwijl andere bronnen {unit} voor "
                f"{'dat jaar' if len(unit_years) == 1 else 'die jaren'} wel hebben.", level=WARNING))
