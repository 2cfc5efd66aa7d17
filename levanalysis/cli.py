"""The `levanalysis` command. Messages are in Dutch: they are read by researchers and officials."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from levanalysis import __version__
from levanalysis.definitions.cbs_tables import (
    API_CHOICES,
    TableConfigError,
    load_table_specs,
)
from levanalysis.definitions.config import ConfigError, load_config
from levanalysis.formatting import printable
from levanalysis.pipeline import BuildError, build_book, execute_chapters

# The modules behind most commands import pandas (most of a second); a `build` with nothing to
# do should not wait for that, so they are imported where they are used.


def user_errors() -> tuple[type[Exception], ...]:
    """Errors that describe a problem with the user's input or environment: print the
    message, not a traceback."""
    from levanalysis.definitions.plan import PlanError
    from levanalysis.sources.cache import CacheError
    from levanalysis.sources.cbs import CbsFetchError
    from levanalysis.sources.local import TemplateError, ValidationError

    return (BuildError, CacheError, CbsFetchError, ConfigError, PlanError, TableConfigError, TemplateError,
            ValidationError)


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        help="map met de gegevens (standaard: lev.data_dir uit _config.yml, of LEV_DATA_DIR)",
    )


def cmd_build(args: argparse.Namespace) -> int:
    config = load_config(data_dir=args.data_dir)
    if args.chapter:
        result = execute_chapters(config, args.chapter, force=args.force, jobs=args.jobs)
        if result.published:
            print("Hoofdstukken uitgevoerd; het boek zelf is niet opnieuw gebouwd (gebruik 'levanalysis build').")
        return 0
    index = build_book(config, execute=not args.no_execute, force=args.force, jobs=args.jobs)
    print(f"Klaar. Open het boek: {index}")
    return 0


def cmd_execute(args: argparse.Namespace) -> int:
    config = load_config(data_dir=args.data_dir)
    result = execute_chapters(config, args.chapter or None, force=args.force, jobs=args.jobs)
    if result.published:
        print(f"De hoofdstukken staan in {result.outputs[0].parent}.")
    return 0


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is geen positief geheel getal")
    return jobs


def _add_execution_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true",
                        help="alles opnieuw uitvoeren en bouwen, ook wat niet veranderd is")
    parser.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                        help=f"zoveel hoofdstukken tegelijk uitvoeren (standaard: het aantal processorkernen, {os.cpu_count()})")


def cmd_fetch(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from levanalysis.sources.cbs import cache_sentence, cache_state, fetch_tables
    from levanalysis.sources.cbs.fetch import UNVERIFIED_NOTE
    from levanalysis.sources.store import open_store

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
    from datetime import date

    from levanalysis.sources.cbs import dutch_date, report_lines, revision_table

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
    from levanalysis.sources.local import render_report, validate_directory

    directory = Path(args.directory) if args.directory else load_config(data_dir=args.data_dir).data_dir
    report = validate_directory(directory)
    print(render_report(report), end="")
    return 0 if report.ok else 1


def cmd_templates(args: argparse.Namespace) -> int:
    from levanalysis.sources.local import write_templates

    result = write_templates(args.directory)
    print(result.to_text(), end="")
    return 0


def cmd_scorecard(args: argparse.Namespace) -> int:
    from levanalysis.analysis.evaluation import evaluate_plan
    from levanalysis.book.exports import render
    from levanalysis.definitions.plan import load_plan
    from levanalysis.sources.store import open_store

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
    from levanalysis.definitions.plan import load_plan
    from levanalysis.sources.store import open_store

    store = open_store(config.data_dir)
    example = any(p.kind == "example" for p in store.available().values())
    try:
        written = write_annual_report_xlsx(report_tables(load_plan(), store, config), path, example)
    except OSError as exc:
        raise ConfigError(f"Kan {path} niet schrijven ({exc.strerror or exc}).") from exc
    print(f"Geschreven: {written} (één werkblad per speerpunt{', voorbeeldcijfers' if example else ''}).")
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from levanalysis.analysis.coverage import coverage, read_calendar
    from levanalysis.book.coverage_page import render_coverage
    from levanalysis.definitions.plan import load_plan

    config = load_config(data_dir=args.data_dir)
    today = config.peildatum  # default: the day of the run
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

    build = commands.add_parser("build", help="hoofdstukken uitvoeren (alleen wat veranderd is) en het boek bouwen")
    _add_data_dir(build)
    build.add_argument("--chapter", action="append", metavar="ID",
                       help="alleen dit hoofdstuk opnieuw uitvoeren (mag vaker); de andere worden hergebruikt als ze actueel zijn")
    build.add_argument("--no-execute", action="store_true",
                       help="niets uitvoeren: het boek bouwen uit de hoofdstukken van de vorige build, als die bij de huidige invoer horen")
    _add_execution_options(build)
    build.set_defaults(handler=cmd_build, interruptible=True)

    execute = commands.add_parser("execute", help="alleen de hoofdstukken uitvoeren (papermill), niet het boek bouwen")
    _add_data_dir(execute)
    execute.add_argument("--chapter", action="append", metavar="ID",
                         help="alleen dit hoofdstuk (mag vaker)")
    _add_execution_options(execute)
    execute.set_defaults(handler=cmd_execute, interruptible=True)

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


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`) during a build: handled like Ctrl-C, so kernels are ended too."""


def _terminate(signum, frame):
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    _tolerant_output()
    args = build_parser().parse_args(argv)
    interruptible = getattr(args, "interruptible", False)
    handle_term = interruptible and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if handle_term else None
    try:
        return args.handler(args)
    except KeyboardInterrupt as interrupt:
        if not interruptible:
            print("Onderbroken.", file=sys.stderr)
            return 130
        # The build publishes nothing until everything succeeded: say so, without a traceback.
        how = "Gestopt" if isinstance(interrupt, Terminated) else "Onderbroken"
        print(f"\n{how}. Er is niets gepubliceerd: de vorige hoofdstukken en het vorige boek "
              "zijn ongewijzigd.", file=sys.stderr)
        return 143 if isinstance(interrupt, Terminated) else 130
    except Exception as exc:
        if not isinstance(exc, user_errors()):
            raise
        _print_error(str(exc))
        return 1
    finally:
        if handle_term:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
