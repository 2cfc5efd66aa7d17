"""Book: what the chapters show. Builders return plain data; templates turn it into HTML; only
:mod:`levanalysis.book.display` displays. Reads analysis, sources and definitions."""
