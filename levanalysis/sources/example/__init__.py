"""Deterministic, invented example data for every source of the LEV-monitor.

The bundled data directory ``data/example/`` is made by this module and by nothing else, so that
the book, the notebooks and the tests have realistic-looking data to run on before real
deliveries exist. Every figure is invented; every file says so in its provenance sidecar
(``kind="example"``), and the book shows a warning on every page that uses them.

What is written (``write_example_data``):

- the eight local sources in exactly the delivery format of ``data/definitions/local_sources.yaml``,
  on purpose in a mix of the accepted formats:

  ============================  ==========================================================
  ``lisa_banen.xlsx``           sheet 'toelichting' first, data on sheet 'data'; CBS codes
  ``toeristenbelasting.csv``    ``;``, Dutch thousands (``148.312``)
  ``website_bezoekers.csv``     ``,``, plain numbers, months 1-12
  ``techniekstudenten.csv``     ``;``, header alias ``schooljaar`` with ``2024-2025``
  ``uwv_spanning.xlsx``         one sheet 'Spanningsindicator' (no 'data' sheet), real numbers
  ``projecten.csv``             ``;``, UTF-8 with BOM (as Excel's "CSV UTF-8" writes it)
  ``begroting_realisatie.csv``  ``;``, Dutch amounts with euro sign (``€ 33.870,45``)
  ``oordelen.csv``              ``;``, the evaluator's judgements (one per KPI and date)
  ============================  ==========================================================

  each with a sidecar ``<source>.provenance.json``;
- the six CBS tables of cbs_tables.yaml in the cache layout (``cbs/<id>.parquet`` +
  ``cbs/<id>.provenance.json``): 83582NED (jobs per SBI section, municipalities, COROP,
  Gelderland, NL), 83583NED (jobs in NL with retail, 47), 81575NED and 81578NED
  (establishments per municipality and per region), 85925NED (value added and labour volume for
  NL, Gelderland, COROP Arnhem/Nijmegen and Achterhoek) and 82059NED (nights in all
  accommodation, NL and Gelderland). They are produced by :func:`levanalysis.sources.cbs.fetch_table`
  itself, fed by an in-memory backend that serves invented figures, so their columns, dtypes,
  row order and provenance fields are exactly those of a real fetch.

The layout choices a reader of the data must know:

- LISA rows per municipality and year are disjoint and add up to the total: SBI sections A-U,
  except that section G is delivered as its divisions 45, 46 and 47 (retail, 47, is a VTE
  subsector). Figures are rounded to tens, as LISA publishes them.
- Years before 2018 carry Rijnwaarden (GM0196) separately and Zevenaar without it, in LISA and
  in the CBS municipal tables (83582NED, 81575NED), so the merger rule has something to fold.
- CBS 83582NED has suppressed (NaN) cells for small municipality x sector combinations.
- The last year (2025) is 'Voorlopig' in every CBS table and 'voorlopig' in the tourist tax.
- UWV occupation groups are named as UWV names them: 'Technische beroepen' and
  'Transport en logistiek'.

Intended outcomes against the plan's targets (baseline 2023, latest year 2025), so that the
scorecard shows different statuses (``tests/test_example_data.py`` guards them):

- website visitors +6.0 % a year (target 5 % a year: met);
- tourist-tax nights +2.9 % against +4.2 % for the CBS national nights in all accommodation (not met);
- VTE jobs (I + R + 47) +4.1 % against +2.5 % in the Netherlands (met), and spread more evenly
  over I, R and 47 because retail stays flat (diversification: a qualitative target; the example
  judgement in ``oordelen.csv`` says 'op koers');
- manufacturing jobs +4.5 % against +0.5 % in the Netherlands (met);
- manufacturing productivity +3.5 % in COROP Arnhem/Nijmegen (CR15) and +4.7 % in Gelderland
  against +6.6 % in the Netherlands (not met);
- technical students +3.4 % (target +5 % in 2026; the path needs +3.3 % by 2025: on course);
- UWV spanningsindicator for technical occupations -4.5 % in both regions (target -3 %: met);
- 2 projects and 4 collaborations in 2024-2025 (one target, 3 projects or 5 collaborations in
  2024-2026: on the linear path of 2 and 3.3 after two years).

Magnitudes: about 57,000 LISA jobs in the Liemers in 2023 (Zevenaar 20,400, Montferland 14,100,
Duiven 13,200, Westervoort 5,100, Doesburg 4,100), 14 % manufacturing, 10 % logistics (H);
9.05 million employee jobs in the Netherlands; 120 million nights in the Netherlands in 2019,
75 million in 2020; 345,000 tourist-tax nights in the Liemers in 2023, most in Montferland.

Reproducibility: every table comes from ``numpy.random.default_rng`` seeded with :data:`SEED`
and the table's name, and every time stamp is fixed. The files are byte-identical on every run
with the pinned versions of ``requirements.lock``: parquet files record the pandas and pyarrow
versions, and deflate output depends on zlib, so an upgrade of those may change bytes (not
values); regenerate then with ``python -m levanalysis.sources.example``. openpyxl stamps workbooks
with the current time, both in ``docProps/core.xml`` and in every zip entry; the workbooks are
therefore re-packed with fixed dates (:func:`_deterministic_xlsx`).

Command line: ``python -m levanalysis.sources.example [TARGET]`` (default ``data/example``). It
writes only inside TARGET and refuses a directory holding any file it did not make itself (a
file counts as its own only while its sidecar says ``kind: example`` and the file still has the
recorded sha256, so a real delivery dropped over an example file is never overwritten).
"""

from levanalysis.sources.example.cbs import (
    ExampleTable,
    accommodation_table,
    cbs_example_datasets,
    cbs_example_tables,
    establishments_table,
    jobs_table,
    national_jobs_table,
    productivity_table,
    regional_establishments_table,
)
from levanalysis.sources.example.local import (
    ExampleFile,
    begroting_realisatie_table,
    lisa_banen_table,
    local_example_files,
    oordelen_table,
    projecten_table,
    techniekstudenten_table,
    toeristenbelasting_table,
    uwv_spanning_table,
    website_bezoekers_table,
)
from levanalysis.sources.example.model import (
    DEFAULT_TARGET,
    RETRIEVED_AT,
    SEED,
    SOURCE,
    ExampleDataError,
    employment_model,
)
from levanalysis.sources.example.write import main, write_example_data

__all__ = [
    "DEFAULT_TARGET",
    "RETRIEVED_AT",
    "SEED",
    "SOURCE",
    "ExampleDataError",
    "ExampleFile",
    "ExampleTable",
    "accommodation_table",
    "begroting_realisatie_table",
    "cbs_example_datasets",
    "cbs_example_tables",
    "employment_model",
    "establishments_table",
    "jobs_table",
    "lisa_banen_table",
    "local_example_files",
    "main",
    "national_jobs_table",
    "oordelen_table",
    "productivity_table",
    "projecten_table",
    "regional_establishments_table",
    "techniekstudenten_table",
    "toeristenbelasting_table",
    "uwv_spanning_table",
    "website_bezoekers_table",
    "write_example_data",
]
