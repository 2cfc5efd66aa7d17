"""What a chapter is built from, as fingerprints that can be compared between builds.

A chapter's inputs come in two parts:

- *static* inputs, known before it runs: its template, its parameters (title, chapter
  parameters, data directory), all files of the ``levanalysis`` package, ``_config.yml`` and
  ``_toc.yml``, everything under ``data/plan`` and ``data/definitions``, and the Python
  environment (interpreter and every installed distribution with its version);
- *data* inputs, known only after it ran: every file the data layer read for it (the read log
  of :class:`levanalysis.sources.store.DataStore`, with sha256 and modification time), and the
  listing of the data directory, so that a delivery that appears where there was none (or
  disappears) counts as a change too.
"""

from __future__ import annotations

import hashlib
import json
import os
import site
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

import levanalysis
from levanalysis.definitions.config import (
    BOOK_DIR,
    CHAPTER_DIR,
    CONFIG_FILE,
    PROJECT_ROOT,
    TOC_FILE,
    Chapter,
    Config,
)
from levanalysis.paths import DATA_ROOT

# Bump when the meaning of a fingerprint changes, so old cache entries never match.
FINGERPRINT_FORMAT = 1

# Files people and tools leave next to deliveries that the data layer never reads
# (hidden files, Excel's '~$name.xlsx' lock files): the same rule as find_delivery_files.
IGNORED_PREFIXES = (".", "~$")

# How people read each static input when it makes a chapter stale.
COMPONENT_CHANGES = {
    "format": "de opbouw van de cache is gewijzigd",
    "template": "het sjabloon is gewijzigd",
    "parameters": "de titel, de parameters of de gegevensmap zijn anders",
    "library": "de code van levanalysis is gewijzigd",
    "configuration": "_config.yml of _toc.yml is gewijzigd",
    "definitions": "het plan of de definities (data/plan, data/definitions) zijn gewijzigd",
    "environment": "de Python-omgeving (geïnstalleerde pakketten) is gewijzigd",
}


@dataclass(frozen=True)
class Workspace:
    """Where a build reads and writes. Defaults are the project's; tests use temporary copies."""

    book_dir: Path = BOOK_DIR
    chapter_dir: Path = CHAPTER_DIR
    build_dir: Path = PROJECT_ROOT / "_build"
    config_file: Path = CONFIG_FILE
    toc_file: Path = TOC_FILE
    library_dir: Path = Path(levanalysis.__file__).parent
    definition_dirs: tuple[Path, ...] = (DATA_ROOT / "plan", DATA_ROOT / "definitions")
    # The cache is content-addressed, so several workspaces may share one (None: in build_dir).
    cache_root: Path | None = None

    @classmethod
    def for_book(cls, book_dir: Path, build_dir: Path, **overrides) -> Workspace:
        return cls(book_dir=book_dir, chapter_dir=book_dir / "chapters", build_dir=build_dir, **overrides)

    @property
    def html_dir(self) -> Path:
        return self.build_dir / "html"

    @property
    def cache_dir(self) -> Path:
        return self.cache_root or self.build_dir / "lev-cache"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_json(value) -> str:
    return sha256_bytes(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))


def tree_files(root: Path, skip_hidden: bool = False) -> list[Path]:
    """Every regular file under ``root`` (sorted), without bytecode caches."""
    if not root.is_dir():
        return []
    found = []
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__" and not (skip_hidden and d.startswith(IGNORED_PREFIXES)))
        for name in sorted(files):
            if name.endswith(".pyc") or (skip_hidden and name.startswith(IGNORED_PREFIXES)):
                continue
            found.append(Path(directory) / name)
    return found


def tree_fingerprint(root: Path, skip_hidden: bool = False) -> str:
    """Names and contents of every file under ``root``; a missing directory has its own value."""
    if not root.is_dir():
        return sha256_json(["missing", str(root)])
    return sha256_json([(p.relative_to(root).as_posix(), sha256_file(p)) for p in tree_files(root, skip_hidden)])


def environment_fingerprint() -> str:
    """The interpreter and every installed distribution: a kernel runs in this environment.

    Distributions are read from the names of the metadata directories in the interpreter's
    site-packages (``name-version.dist-info``), which say what ``importlib.metadata`` would say
    at a hundredth of the cost of parsing each METADATA file. Only site-packages: the rest of
    ``sys.path`` depends on how Python was started (the working directory, a test directory).
    """
    directories = sorted({os.path.abspath(d) for d in (sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *site.getsitepackages())})
    installed = []
    for directory in directories:
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        installed += sorted(n for n in names if n.endswith((".dist-info", ".egg-info", ".pth")))
    return sha256_json([sys.version, os.path.abspath(sys.executable), directories, installed])


@dataclass(frozen=True)
class SharedInputs:
    """The static inputs every chapter shares, computed once per build."""

    library: str
    configuration: str
    definitions: str
    environment: str

    @classmethod
    def of(cls, workspace: Workspace) -> SharedInputs:
        return cls(
            library=tree_fingerprint(workspace.library_dir),
            configuration=sha256_json([sha256_file(workspace.config_file), sha256_file(workspace.toc_file)]),
            definitions=sha256_json([tree_fingerprint(d) for d in workspace.definition_dirs]),
            environment=environment_fingerprint(),
        )


def chapter_components(chapter: Chapter, config: Config, shared: SharedInputs) -> dict[str, str]:
    """The static inputs of one chapter, each as a fingerprint (named so staleness can be explained)."""
    try:
        template = sha256_file(chapter.template)
    except FileNotFoundError:
        template = "missing"
    return {
        "format": str(FINGERPRINT_FORMAT),
        "template": template,
        "parameters": sha256_json({
            "id": chapter.id, "title": chapter.title, "template": str(chapter.template),
            "parameters": chapter.parameters, "data_dir": str(config.data_dir),
            # Statuses, calendars and data age depend on the reference date; an empty peildatum
            # is the build day, so a chapter built yesterday is stale today.
            "peildatum": config.peildatum.isoformat(),
        }),
        "library": shared.library,
        "configuration": shared.configuration,
        "definitions": shared.definitions,
        "environment": shared.environment,
    }


def static_key(components: dict[str, str]) -> str:
    return sha256_json(components)


@dataclass
class DataSnapshot:
    """The data directory as it is now: which files it lists, and (lazily) their contents."""

    root: Path
    listing: str
    _hashes: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, root: Path) -> DataSnapshot:
        # Names only: a chapter depends on the contents of the files it read, but on the
        # presence of every file the store could have found. Hidden files and Excel lock files
        # are never deliveries, so opening a delivery in Excel does not count as a change.
        if not root.is_dir():
            return cls(root, sha256_json(["missing"]))
        names = [p.relative_to(root).as_posix() for p in tree_files(root, skip_hidden=True)]
        return cls(root, sha256_json(names))

    def contents(self) -> str:
        """Names and contents of every listed file (what validating the directory depends on)."""
        if not self.root.is_dir():
            return self.listing
        states = [(p.relative_to(self.root).as_posix(), self.file_state(str(p))) for p in tree_files(self.root, skip_hidden=True)]
        return sha256_json([(name, state and state["sha256"]) for name, state in states])

    def file_state(self, path: str) -> dict | None:
        """sha256 and modification time (whole seconds) of a file, None if it is gone.

        The time counts because a delivery without a matching provenance file is dated by it
        in the book.
        """
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if path not in self._hashes:
            self._hashes[path] = sha256_file(Path(path))
        return {"sha256": self._hashes[path], "mtime": int(stat.st_mtime)}


def read_log_states(read_log: Path) -> dict[str, dict]:
    """The files a chapter read, from the store's read log, with their state right now.

    The store logs the sha256 it saw when it read each file; the modification time is added
    here. If a file changed between the chapter reading it and this call, the logged sha256
    no longer matches the file, and the entry is stale at once on the next check.
    """
    if not read_log.is_file():
        return {}
    logged = json.loads(read_log.read_text(encoding="utf-8"))
    states = {}
    for path, sha256 in sorted(logged.items()):
        try:
            mtime = int(os.stat(path).st_mtime)
        except OSError:
            mtime = None
        states[path] = {"sha256": sha256, "mtime": mtime}
    return states


def display_path(path: str | Path, data_dir: Path | None = None) -> str:
    """A path as people read it in messages: relative to the data directory or the project."""
    path = Path(path)
    for base in (data_dir, PROJECT_ROOT):
        if base is not None:
            try:
                return path.relative_to(base).as_posix()
            except ValueError:
                continue
    return str(path)
