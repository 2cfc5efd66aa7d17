"""The `levanalysis` command. Messages are in Dutch: they are read by researchers and officials."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from levanalysis import __version__
from levanalysis.definitions.cbs_tables import TableConfigError, load_table_specs
from levanalysis.definitions.config import ConfigError, load_config
from levanalysis.pipeline import BuildError, build_book, execute_chapters

# The modules behind the other commands import pandas (most of a second); a `build` with
# nothing to do should not wait for that, so they are imported where they are used.


def user_errors() -> tuple[type[Exception], ...]:
    """Errors that describe a problem with the user's input or environment: print the
    message, not a traceback."""
    from levanalysis.definitions.plan import PlanError
    from levanalysis.sources.cache import CacheError
    from levanalysis.sources.cbs import CbsFetchError
    from levanalysis.sources.local import ValidationError

    return (BuildError, CacheError, CbsFetchError, ConfigError, PlanError, TableConfigError, ValidationError)


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
    from levanalysis.sources.cbs import fetch_tables
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
    from levanalysis.analysis.scorecard import build_scorecard, render

    config = load_config(data_dir=args.data_dir)
    print(render(build_scorecard(config), args.format, config), end="")
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
    scorecard.add_argument("--format", choices=("text", "csv", "json"), default="text",
                           help="text (standaard, voor de terminal), csv of json")
    scorecard.set_defaults(handler=cmd_scorecard)
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`) during a build: handled like Ctrl-C, so kernels are ended too."""


def _terminate(signum, frame):
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    interruptible = getattr(args, "interruptible", False)
    if interruptible and threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.handler(args)
    except Exception as exc:
        if not isinstance(exc, user_errors()):
            raise
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as interrupt:
        if not interruptible:
            raise
        # The build publishes nothing until everything succeeded: say so, without a traceback.
        how = "Gestopt" if isinstance(interrupt, Terminated) else "Onderbroken"
        print(f"\n{how}. Er is niets gepubliceerd: de vorige hoofdstukken en het vorige boek "
              "zijn ongewijzigd.", file=sys.stderr)
        return 143 if isinstance(interrupt, Terminated) else 130
    finally:
        if interruptible and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
