"""The `levanalysis` command. Messages are in Dutch: they are read by researchers and officials."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from tqdm import tqdm

from levanalysis import __version__
from levanalysis.definitions.cbs_tables import TableConfigError, load_table_specs
from levanalysis.definitions.config import ConfigError, load_config
from levanalysis.definitions.plan import PlanError, load_plan
from levanalysis.formatting import printable
from levanalysis.pipeline import BuildError, build_book, execute_chapters
from levanalysis.sources.cache import CacheError
from levanalysis.sources.cbs import (
    API_CHOICES,
    CbsFetchError,
    cache_sentence,
    cache_state,
    dutch_date,
    fetch_tables,
    report_lines,
    revision_table,
)
from levanalysis.sources.cbs.fetch import UNVERIFIED_NOTE
from levanalysis.sources.local import (
    TemplateError,
    ValidationError,
    render_report,
    validate_directory,
    write_templates,
)
from levanalysis.sources.store import open_store

# Errors that describe a problem with the user's input or environment: print the message,
# not a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (
    BuildError, CacheError, CbsFetchError, ConfigError, PlanError, TableConfigError, ValidationError,
)


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        help="map met de gegevens (standaard: lev.data_dir uit _config.yml, of LEV_DATA_DIR)",
    )


def cmd_build(args: argparse.Namespace) -> int:
    config = load_config(data_dir=args.data_dir)
    if args.chapter:
        execute_chapters(config, args.chapter)
        print("Hoofdstukken uitgevoerd; het boek zelf is niet opnieuw gebouwd (gebruik 'levanalysis build').")
        return 0
    index = build_book(config, execute=not args.no_execute)
    print(f"Klaar. Open het boek: {index}")
    return 0


def cmd_execute(args: argparse.Namespace) -> int:
    config = load_config(data_dir=args.data_dir)
    outputs = execute_chapters(config, args.chapter or None)
    print(f"{len(outputs)} hoofdstuk(ken) uitgevoerd in {outputs[0].parent}.")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    config = load_config(data_dir=args.data_dir)
    specs = load_table_specs()
    if args.table:
        unknown = sorted(set(args.table) - {spec.id for spec in specs})
        if unknown:
            known = ", ".join(spec.id for spec in specs)
            raise ConfigError(f"Onbekende tabel(len): {', '.join(unknown)}. Bekend: {known}.")
        specs = [spec for spec in specs if spec.id in args.table]
    cache_dir = open_store(config.data_dir).cbs_dir

    def report(line: str) -> None:
        # Through tqdm, so a retry line does not break a progress bar; always shown, also with --quiet.
        tqdm.write(line, file=sys.stderr)

    try:
        fetched = fetch_tables(specs, cache_dir, base_url=args.cbs_url, v4_url=args.cbs_v4_url, api=args.cbs_api,
                               progress=not args.quiet, report=report)
    except KeyboardInterrupt as interrupt:
        if getattr(interrupt, "cache_written", False):
            print("Afgebroken (Ctrl-C), maar pas nadat alles was opgeslagen: de cache is bijgewerkt.", file=sys.stderr)
        else:
            state = cache_state(cache_dir, [spec.id for spec in specs])
            print(f"Ophalen afgebroken (Ctrl-C). {cache_sentence(state, unreachable=False)}", file=sys.stderr)
        return 130
    for table_id, dataset in fetched.items():
        provenance = dataset.provenance
        statuses = sorted({s for s in provenance.period_status.values() if s})
        print(
            f"{table_id}: {provenance.row_count} rijen via {provenance.query.get('api', 'CBS')}, "
            f"CBS-versie {provenance.modified or 'onbekend'}, status {', '.join(statuses) or 'onbekend'}, "
            f"opgehaald {provenance.retrieved_at}"
        )
        for note in provenance.notes:
            if note != UNVERIFIED_NOTE:
                print(f"  let op: {note}")
    _print_revisions(fetched)
    print(f"Opgeslagen in {cache_dir}.")
    return 0


def _print_revisions(fetched: dict) -> None:
    compared = [d.provenance for d in fetched.values() if d.provenance.extra.get("previous_retrieved_at")]
    if not compared:
        return  # a first fetch has nothing to compare with
    revised = revision_table(compared, latest_only=True)
    previous = dutch_date(date.fromisoformat(min(p.extra["previous_retrieved_at"] for p in compared)[:10]))
    if revised.empty:
        print(f"Geen herzieningen: alle cijfers die al in de cache stonden (opgehaald {previous}) zijn gelijk gebleven.")
        return
    print(f"Herzieningen sinds de vorige ophaalronde ({previous}): {len(revised)} cijfer(s) veranderd.")
    for line in report_lines(revised):
        print(f"  {line}")


def cmd_validate(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else load_config(data_dir=args.data_dir).data_dir
    report = validate_directory(directory)
    print(render_report(report), end="")
    return 0 if report.ok else 1


def cmd_templates(args: argparse.Namespace) -> int:
    try:
        result = write_templates(args.directory)
    except TemplateError as exc:
        _print_error(str(exc))
        return 1
    print(result.to_text(), end="")
    return 0


def cmd_scorecard(args: argparse.Namespace) -> int:
    from levanalysis.analysis.evaluation import evaluate_plan
    from levanalysis.book.exports import render

    config = load_config(data_dir=args.data_dir)
    if not config.data_dir.is_dir():
        raise ConfigError(f"De gegevensmap {config.data_dir} bestaat niet.")
    if args.format == "xlsx":
        return _scorecard_xlsx(config, Path(args.output or "jaarverslag-lev.xlsx"))
    results = [e.result for e in evaluate_plan(load_plan(), open_store(config.data_dir), config)]
    print(render(results, args.format, config), end="")
    return 0


def _scorecard_xlsx(config, path: Path) -> int:
    """The annual-report tables (a sheet per spearhead) as one Excel file."""
    from levanalysis.book.annual_report_files import (
        report_tables,
        write_annual_report_xlsx,
    )

    store = open_store(config.data_dir)
    example = any(p.kind == "example" for p in store.available().values())
    try:
        written = write_annual_report_xlsx(report_tables(load_plan(), store, config), path, example)
    except OSError as exc:
        raise ConfigError(f"Kan {path} niet schrijven ({exc.strerror or exc}).") from exc
    print(f"Geschreven: {written} (één werkblad per speerpunt{', voorbeeldcijfers' if example else ''}).")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    import datetime as dt

    from levanalysis.analysis.coverage import coverage, read_calendar
    from levanalysis.book.coverage_page import render_coverage

    config = load_config(data_dir=args.data_dir)
    today = dt.date.today()
    items = coverage(config.data_dir, load_plan(), config.evaluation_year, today)
    print(render_coverage(items, args.format, config.data_dir, today, read_calendar().moments), end="")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="levanalysis",
        description="Monitor en evaluatie van de Liemerse Economische Visie 2024-2026.",
    )
    parser.add_argument("--version", action="version", version=f"levanalysis {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht")

    build = commands.add_parser("build", help="hoofdstukken uitvoeren en het boek bouwen")
    _add_data_dir(build)
    build.add_argument("--chapter", action="append", metavar="ID",
                       help="alleen dit hoofdstuk opnieuw uitvoeren (mag vaker)")
    build.add_argument("--no-execute", action="store_true",
                       help="alleen het boek bouwen uit eerder uitgevoerde hoofdstukken")
    build.set_defaults(handler=cmd_build)

    execute = commands.add_parser("execute", help="alleen de hoofdstukken uitvoeren (papermill)")
    _add_data_dir(execute)
    execute.add_argument("--chapter", action="append", metavar="ID",
                         help="alleen dit hoofdstuk (mag vaker)")
    execute.set_defaults(handler=cmd_execute)

    fetch = commands.add_parser("fetch", help="CBS-tabellen ophalen en in de cache zetten")
    _add_data_dir(fetch)
    fetch.add_argument("--cbs-api", choices=API_CHOICES,
                       help="welke CBS-API: v3, v4, of auto (v4 waar de tabel daar staat, anders v3); "
                            "standaard LEV_CBS_API of auto")
    fetch.add_argument("--cbs-url", help="basisadres van CBS OData v3 (standaard: LEV_CBS_URL of "
                                         "https://opendata.cbs.nl)")
    fetch.add_argument("--cbs-v4-url", help="basisadres van CBS OData v4 (standaard: LEV_CBS_V4_URL of "
                                            "https://datasets.cbs.nl/odata/v1); met alleen --cbs-url gebruikt "
                                            "'auto' alleen v3")
    fetch.add_argument("--table", action="append", metavar="ID", help="alleen deze tabel (mag vaker)")
    fetch.add_argument("--quiet", action="store_true", help="geen voortgangsbalk")
    fetch.set_defaults(handler=cmd_fetch)

    validate = commands.add_parser("validate", help="lokale gegevensbestanden controleren")
    _add_data_dir(validate)
    validate.add_argument("directory", nargs="?", help="de map om te controleren (standaard: de gegevensmap)")
    validate.set_defaults(handler=cmd_validate)

    templates = commands.add_parser("templates", help="lege Excel-sjablonen schrijven (overschrijft nooit)")
    templates.add_argument("directory", help="de map voor de sjablonen")
    templates.set_defaults(handler=cmd_templates)

    scorecard = commands.add_parser("scorecard", help="per indicator de stand ten opzichte van de streefwaarde")
    _add_data_dir(scorecard)
    scorecard.add_argument("--format", choices=("text", "csv", "json", "xlsx"), default="text",
                           help="text (standaard, voor de terminal), csv, json of xlsx (jaarverslagtabel per speerpunt)")
    scorecard.add_argument("--output", metavar="BESTAND",
                           help="bij --format xlsx: het Excel-bestand (standaard jaarverslag-lev.xlsx)")
    scorecard.set_defaults(handler=cmd_scorecard)

    coverage = commands.add_parser("coverage", help="welke gegevens er zijn en wat er ontbreekt, per bron")
    _add_data_dir(coverage)
    coverage.add_argument("--format", choices=("text", "csv", "json"), default="text",
                          help="text (standaard, voor de terminal), csv of json")
    coverage.set_defaults(handler=cmd_coverage)
    return parser


def _print_error(message: str) -> None:
    # Line by line: control characters inside a line are escaped, line breaks between stay.
    text = "\n".join(printable(line) for line in message.splitlines())
    print(f"Fout: {text}", file=sys.stderr)


def _tolerant_output() -> None:
    """A character the terminal cannot show becomes an escape (\\u20ac), never a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # not a text stream we may reconfigure
            pass


def main(argv: list[str] | None = None) -> int:
    _tolerant_output()
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except USER_ERRORS as exc:
        _print_error(str(exc))
        return 1
    except KeyboardInterrupt:
        print("Onderbroken.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
