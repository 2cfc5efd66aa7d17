"""The validation report of a data directory as Dutch text for people."""

from __future__ import annotations

import difflib

from levanalysis.definitions.local_sources import ERROR, load_definitions, source_names
from levanalysis.formatting import count_text, printable
from levanalysis.sources.local.problems import DirectoryReport

_STATUS_TEXT = {
    "ok": "in orde",
    "warnings": "in orde, met waarschuwingen",
    "errors": "fouten gevonden",
    "absent": "ontbreekt",
}



def render_report(report: DirectoryReport, *, max_per_source: int | None = 50) -> str:
    """The report as Dutch text for people, ending with a one-line summary; safe to print
    (control characters and undecodable bytes of file names are shown escaped).

    At most ``max_per_source`` messages are shown per source (``None``: all).
    """
    lo, hi = report.year_range
    lines = [f"Controle van lokale bronnen in {report.directory}", f"Toegestane jaren: {lo}-{hi}.", ""]
    for p in report.problems:
        lines.append(f"  FOUT: {p.message}")
    if report.problems:
        lines.append("")
    defs = load_definitions()
    for name, res in report.sources.items():
        title = defs.sources[name].title if name in defs.sources else name
        if res.status == "absent":
            # Only a source that feeds indicators makes them 'geen data'; the workbench sources
            # (uitvoering, bewijs, ...) leave their page section empty instead.
            spec = defs.sources.get(name)
            effect = ("indicatoren die deze bron gebruiken krijgen geen gegevens" if spec is not None and spec.indicators
                      else "het boek toont dit onderdeel dan als niet aangeleverd")
            lines.append(f"{name} ({title}): ontbreekt; {effect}.")
            continue
        counts = []
        if res.errors:
            counts.append(count_text(len(res.errors), "fout", "fouten"))
        if res.warnings:
            counts.append(count_text(len(res.warnings), "waarschuwing", "waarschuwingen"))
        detail = f"{_STATUS_TEXT[res.status]}, {count_text(res.rows, 'rij', 'rijen')} gegevens"
        if counts:
            detail += f" ({', '.join(counts)})"
        lines.append(f"{name} ({res.path.name if res.path else title}): {detail}.")
        shown = res.problems if max_per_source is None else res.problems[:max_per_source]
        for p in shown:
            label = "FOUT" if p.level == ERROR else "LET OP"
            lines.append(f"  {label}: {p.message}")
        if len(shown) < len(res.problems):
            lines.append(f"  ... en nog {len(res.problems) - len(shown)} meldingen.")
    if report.unused_files:
        lines.append("")
        lines.append("Niet gebruikte bestanden in de map:")
        names = list(source_names())
        for p in report.unused_files:
            hint = difflib.get_close_matches(p.stem.casefold().replace("-", "_").replace(" ", "_"), names, n=1, cutoff=0.6)
            extra = f" (bedoelt u {hint[0]}{p.suffix}?)" if hint else ""
            lines.append(f"  {p.name}{extra}")
    n_sources = len(report.sources)
    n_found = len(report.found)
    n_bad = sum(1 for r in report.sources.values() if r.errors)
    summary = (
        f"Samenvatting: {n_found} van {n_sources} bronnen gevonden, {len(report.absent)} ontbreken; "
        f"{count_text(n_bad, 'bron', 'bronnen')} met fouten; "
        f"{count_text(len(report.errors), 'fout', 'fouten')}, "
        f"{count_text(len(report.warnings), 'waarschuwing', 'waarschuwingen')}."
    )
    lines += ["", summary]
    # File and directory names may hold control characters or bytes that are not UTF-8.
    return "\n".join(printable(line) for line in lines) + "\n"

