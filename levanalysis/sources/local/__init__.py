"""Local (non-open) deliveries: reading, validation, clean loading and Excel templates.

Municipal officials fill in these files, so everything they read is Dutch and bad input never
ends in a traceback: unreadable files, empty files, wrong separators and bad values all become
:class:`Problem` objects that name the file, the spreadsheet row (header = row 1) and the column.

Accepted file formats, per source (base name = source name, e.g. ``lisa_banen``):

- ``.csv``: UTF-8 with or without BOM; ``;`` or ``,`` as separator (detected from the header);
  Dutch (``1.234,5``) or English (``1234.5``) numbers, detected per file;
- ``.xlsx``: the sheet named ``data`` if there is one, otherwise the first sheet.

The header is the first row that contains known column names (title rows above it are
skipped with a warning); headers are compared without regard to case, spaces or hyphens.
"""

from levanalysis.sources.local.directory import (
    find_delivery_files,
    load_source,
    validate_directory,
    validate_file,
)
from levanalysis.sources.local.problems import (
    DirectoryReport,
    Problem,
    SourceNotFound,
    SourceResult,
    ValidationError,
)
from levanalysis.sources.local.report import render_report
from levanalysis.sources.local.templates import TemplateResult, write_templates
from levanalysis.sources.local.validation import build_schema

__all__ = [
    "DirectoryReport",
    "Problem",
    "SourceNotFound",
    "SourceResult",
    "TemplateResult",
    "ValidationError",
    "build_schema",
    "find_delivery_files",
    "load_source",
    "render_report",
    "validate_directory",
    "validate_file",
    "write_templates",
]
