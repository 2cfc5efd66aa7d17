"""What the filtered CBS fetch saves: requests and bytes per table, filtered against unfiltered,
on the loopback CBS server of the tests (tests/cbs_server.py).

Kept apart from the build benchmark on purpose: the CBS layer is being reworked, and only this
file needs to follow. It counts bytes on the client side by wrapping ``requests``' transport
(the v3 backend uses cbsodata, which uses requests); a backend on another HTTP client would
need its own counter here.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent.parent / "tests"


def unfiltered(spec):
    """The same table and measures, with every row: no regions, categories or periods."""
    return dataclasses.replace(spec, regions=(), optional_regions=(), categories={}, period_from=None,
                               period_frequency=None)


def measure_cbs_requests() -> list[dict]:
    sys.path.insert(0, str(TESTS_DIR))
    import requests.adapters
    from cbs_server import CbsTestServer

    from levanalysis.definitions.cbs_tables import load_table_specs
    from levanalysis.sources.cbs import fetch_table

    received = {"bytes": 0}
    original_send = requests.adapters.HTTPAdapter.send

    def counting_send(self, request, **kwargs):
        response = original_send(self, request, **kwargs)
        received["bytes"] += len(response.content)
        return response

    results = []
    requests.adapters.HTTPAdapter.send = counting_send
    try:
        with CbsTestServer() as server:
            for spec in load_table_specs():
                for variant, chosen in (("gefilterd", spec), ("ongefilterd", unfiltered(spec))):
                    server.clear_requests()
                    received["bytes"] = 0
                    row = {"table": spec.id, "variant": variant}
                    try:
                        dataset = fetch_table(chosen, base_url=server.base_url, timeout=10)
                        row["rows"] = len(dataset.data)
                    except Exception as exc:  # a table the loopback server cannot serve this way
                        row["error"] = f"{type(exc).__name__}: {str(exc)[:120]}"
                    row["requests"] = len(server.requests)
                    row["bytes"] = received["bytes"]
                    results.append(row)
    finally:
        requests.adapters.HTTPAdapter.send = original_send
    return results


def render(results: list[dict]) -> str:
    lines = [f"{'tabel':<10} {'variant':<12} {'verzoeken':>9} {'bytes':>10} {'rijen':>7}"]
    for row in results:
        rows = row.get("rows", "fout")
        lines.append(f"{row['table']:<10} {row['variant']:<12} {row['requests']:>9} {row['bytes']:>10} {rows!s:>7}")
        if "error" in row:
            lines.append(f"{'':<10} {row['error']}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(measure_cbs_requests()))
