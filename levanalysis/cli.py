"""The `levanalysis` command. Messages are in Dutch: they are read by researchers and officials."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from levanalysis import __version__
from levanalysis.definitions.cbs_tables import TableConfigError, load_table_specs
from levanalysis.definitions.config import ConfigError, load_config
from levanalysis.definitions.plan import PlanError, load_plan
from levanalysis.pipeline import BuildError, build_book, execute_chapters
from levanalysis.sources.cache import CacheError
from levanalysis.sources.cbs import CbsFetchError, fetch_tables
from levanalysis.sources.local import (
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
    fetched = fetch_tables(specs, cache_dir, base_url=args.cbs_url, progress=not args.quiet)
    for table_id, dataset in fetched.items():
        provenance = dataset.provenance
        statuses = sorted({s for s in provenance.period_status.values() if s})
        print(
            f"{table_id}: {provenance.row_count} rijen, CBS-versie {provenance.modified or 'onbekend'}, "
            f"status {', '.join(statuses) or 'onbekend'}, opgehaald {provenance.retrieved_at}"
        )
    print(f"Opgeslagen in {cache_dir}.")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else load_config(data_dir=args.data_dir).data_dir
    report = validate_directory(directory)
    print(render_report(report), end="")
    return 0 if report.ok else 1


def cmd_templates(args: argparse.Namespace) -> int:
    result = write_templates(args.directory)
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
    from levanalysis.book.annual_report_files import report_tables, write_annual_report_xlsx

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
    fetch.add_argument("--cbs-url", help="basisadres van CBS StatLine (standaard: LEV_CBS_URL of CBS zelf)")
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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except USER_ERRORS as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
