"""What can go wrong in a build, as exceptions whose messages people read (in Dutch)."""

from __future__ import annotations


class BuildError(RuntimeError):
    """A chapter or the book failed; the message says which and where, in Dutch."""


class ChapterFailed(BuildError):
    """One chapter failed; ``chapter`` is its id. Other chapters may still succeed."""

    def __init__(self, chapter: str, message: str):
        super().__init__(message)
        self.chapter = chapter


class BuildCancelled(Exception):
    """Raised in a worker whose build was interrupted: its result does not count."""
