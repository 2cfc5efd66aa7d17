"""The `levanalysis` command. Messages are in Dutch: they are read by researchers and officials."""

from __future__ import annotations

import argparse
import sys

from levanalysis import __version__
from levanalysis.config import ConfigError, load_config
from levanalysis.pipeline import BuildError, build_book, execute_chapters
from levanalysis.plan import PlanError

# Errors that describe a problem with the user's input or environment: print the message,
# not a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (BuildError, ConfigError, PlanError)


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
