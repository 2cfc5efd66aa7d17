"""The project configuration: the `lev` section of ``_config.yml``.

The same file configures Jupyter Book, so the chapters papermill executes and the book that
renders them cannot drift apart. The data directory can be overridden per run with
``--data-dir`` or the environment variable ``LEV_DATA_DIR``. The ``peildatum`` (reference date
of the evaluation: which years of a count have ended, whether a final figure is overdue) is
today unless the configuration fixes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from levanalysis.paths import PROJECT_ROOT

CONFIG_FILE = PROJECT_ROOT / "_config.yml"
TOC_FILE = PROJECT_ROOT / "_toc.yml"
BOOK_DIR = PROJECT_ROOT / "book"
CHAPTER_DIR = BOOK_DIR / "chapters"
DATA_DIR_ENV = "LEV_DATA_DIR"


class ConfigError(ValueError):
    """The configuration is incomplete or inconsistent; the message says where."""


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    template: Path
    parameters: dict = field(default_factory=dict)

    @property
    def output(self) -> Path:
        return CHAPTER_DIR / f"{self.id}.ipynb"

    @property
    def toc_entry(self) -> str:
        return f"chapters/{self.id}"


@dataclass(frozen=True)
class Config:
    region: str
    baseline_year: int
    evaluation_year: int
    data_dir: Path
    chapters: tuple[Chapter, ...]
    book_title: str
    peildatum: date = field(default_factory=date.today)
    max_cache_age_days: int = 90
    """A CBS cache older than this is called out on the Samenvatting (``lev.max_cache_age_days``)."""

    def spearhead_chapters(self) -> dict[str, str]:
        """Spearhead id -> id of the chapter about it (chapters with a ``spearhead`` parameter)."""
        return {c.parameters["spearhead"]: c.id for c in self.chapters if "spearhead" in c.parameters}

    def chapter(self, chapter_id: str) -> Chapter:
        for chapter in self.chapters:
            if chapter.id == chapter_id:
                return chapter
        known = ", ".join(c.id for c in self.chapters)
        raise ConfigError(f"Onbekend hoofdstuk '{chapter_id}'. Bekend: {known}.")


def resolve_path(path: str | Path) -> Path:
    """Relative paths in the configuration are relative to the project root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def parse_peildatum(value, config_file: Path | str = CONFIG_FILE) -> date:
    """``lev.peildatum``: a date (YYYY-MM-DD); empty means today."""
    if value is None or value == "":
        return date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(f"{config_file}: lev.peildatum '{value}' is geen datum (JJJJ-MM-DD, of leeg voor vandaag).") from None


def load_config(config_file: Path = CONFIG_FILE, data_dir: str | Path | None = None) -> Config:
    """Read ``_config.yml``; ``data_dir`` (or ``LEV_DATA_DIR``) overrides the configured data."""
    try:
        raw = yaml.safe_load(Path(config_file).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"Configuratiebestand ontbreekt: {config_file}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_file} is geen geldige YAML: {exc}") from exc
    lev = (raw or {}).get("lev")
    if not isinstance(lev, dict):
        raise ConfigError(f"{config_file} mist de sectie 'lev'.")
    missing = [k for k in ("region", "baseline_year", "evaluation_year", "data_dir", "chapters") if k not in lev]
    if missing:
        raise ConfigError(f"{config_file}, sectie 'lev', mist: {', '.join(missing)}.")

    # A directory given on the command line or in the environment is relative to where the
    # person typed it; the one in _config.yml is relative to the project.
    given = data_dir or os.environ.get(DATA_DIR_ENV)
    chosen_data_dir = Path(given).expanduser().resolve() if given else resolve_path(lev["data_dir"])
    chapters = []
    for number, entry in enumerate(lev["chapters"], start=1):
        absent = [k for k in ("id", "title", "template") if k not in entry]
        if absent:
            raise ConfigError(f"{config_file}, hoofdstuk {number} in 'lev.chapters', mist: {', '.join(absent)}.")
        chapters.append(
            Chapter(
                id=entry["id"],
                title=entry["title"],
                template=resolve_path(entry["template"]),
                parameters=dict(entry.get("parameters") or {}),
            )
        )
    if int(lev["baseline_year"]) >= int(lev["evaluation_year"]):
        raise ConfigError(f"{config_file}: baseline_year moet vóór evaluation_year liggen.")
    return Config(
        region=lev["region"],
        baseline_year=int(lev["baseline_year"]),
        evaluation_year=int(lev["evaluation_year"]),
        data_dir=chosen_data_dir,
        chapters=tuple(chapters),
        book_title=raw.get("title", ""),
        peildatum=parse_peildatum(lev.get("peildatum"), config_file),
        max_cache_age_days=int(lev.get("max_cache_age_days", 90)),
    )


def toc_entries(toc_file: Path = TOC_FILE) -> list[str]:
    """Every file `_toc.yml` names, root first."""
    toc = yaml.safe_load(Path(toc_file).read_text(encoding="utf-8"))
    entries = [toc["root"]]

    def walk(items):
        for item in items or []:
            if "file" in item:
                entries.append(item["file"])
            walk(item.get("sections"))
            for part in item.get("parts", []):
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return entries


def check_toc_matches_chapters(config: Config, toc_file: Path = TOC_FILE) -> None:
    """Every configured chapter is in the book and every notebook chapter in the book is configured."""
    in_toc = set(toc_entries(toc_file))
    configured = {c.toc_entry for c in config.chapters}
    not_in_toc = sorted(configured - in_toc)
    if not_in_toc:
        raise ConfigError(f"Hoofdstukken uit _config.yml ontbreken in {toc_file.name}: {', '.join(not_in_toc)}.")
    unconfigured = sorted(e for e in in_toc - configured if e.startswith("chapters/"))
    if unconfigured:
        raise ConfigError(f"{toc_file.name} noemt hoofdstukken die niet in _config.yml staan: {', '.join(unconfigured)}.")
