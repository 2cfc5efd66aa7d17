"""The replica's two renderings of a table: OData v3 (opendata.cbs.nl/ODataFeed) and OData v4
(datasets.cbs.nl/odata/v1), with a ``$filter`` evaluator for both and paging.

v3: ``TableInfos``, ``DataProperties`` (dimensions, TopicGroups, Topics with ParentID), one
endpoint per dimension (``Key`` padded: regions to 10, SBI to 7; ``Status`` on periods), and
``TypedDataSet`` (one row per cell, one column per measure, v3 keys; ``$select`` honoured),
paged with ``odata.nextLink``.
v4: ``/Properties`` (one object), ``/Dimensions`` (``Kind``), ``/<Dim>Codes`` (unpadded
``Identifier``, ``Index``, ``Status`` on periods), ``/MeasureCodes`` (opaque ids),
``/MeasureGroups`` and ``/Observations`` (long: one row per cell and measure, ``ValueAttribute``
``Impossible`` with ``Value`` null for a suppressed cell), paged with ``@odata.nextLink``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

from cbs_replica.model import Table

_TOKEN = re.compile(r"\s*(?:(\()|(\))|'((?:[^']|'')*)'|([A-Za-z_][A-Za-z0-9_]*))")


def parse_filter(text: str):
    """Parse ``A eq 'x' or (B eq 'y' and C ne 'z')`` into a predicate on a row dict.

    Only what CBS is known to accept in both versions: eq, ne, and, or, parentheses. Values are
    compared exactly (padding included), as OData does.
    """
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"unexpected text at {pos}: {text[pos:pos + 20]!r}")
        pos = m.end()
        if m.group(1):
            tokens.append(("(", "("))
        elif m.group(2):
            tokens.append((")", ")"))
        elif m.group(3) is not None:
            tokens.append(("str", m.group(3).replace("''", "'")))
        else:
            word = m.group(4)
            tokens.append((word if word in ("and", "or", "eq", "ne") else "name", word))
    index = 0

    def peek() -> str | None:
        return tokens[index][0] if index < len(tokens) else None

    def take(kind: str) -> str:
        nonlocal index
        if peek() != kind:
            raise ValueError(f"expected {kind}, got {peek()}")
        index += 1
        return tokens[index - 1][1]

    def expr_or():
        parts = [expr_and()]
        while peek() == "or":
            take("or")
            parts.append(expr_and())
        return lambda row: any(p(row) for p in parts)

    def expr_and():
        parts = [atom()]
        while peek() == "and":
            take("and")
            parts.append(atom())
        return lambda row: all(p(row) for p in parts)

    def atom():
        if peek() == "(":
            take("(")
            inner = expr_or()
            take(")")
            return inner
        name = take("name")
        op = peek()
        if op not in ("eq", "ne"):
            raise ValueError(f"unsupported operator {op}")
        take(op)
        value = take("str")
        if op == "eq":
            return lambda row: row.get(name) == value
        return lambda row: row.get(name) != value

    predicate = expr_or()
    if index != len(tokens):
        raise ValueError("trailing tokens")
    return predicate


def v3_error(message: str) -> dict[str, Any]:
    return {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": message}}}


def v4_error(message: str) -> dict[str, Any]:
    return {"error": {"code": "", "message": message}}


def page(rows: list[dict[str, Any]], params: dict[str, str], size: int, url: str, next_key: str,
         endless: bool = False) -> dict[str, Any]:
    skip = int(params.get("$skip", "0"))
    body: dict[str, Any] = {"value": rows[skip: skip + size]}
    if skip + size < len(rows) or endless:
        query = {k: v for k, v in params.items() if k != "$skip"}
        query["$skip"] = str(skip + size)
        body[next_key] = f"{url}?" + urlencode(query, quote_via=quote, safe="$,")
    return body


# --- OData v3 ----------------------------------------------------------------------------------------


def v3_properties(table: Table) -> list[dict[str, Any]]:
    props: list[dict[str, Any]] = []
    for dim in table.dims:
        props.append({"odata.type": f"Cbs.OData.{dim.kind}", "ID": len(props), "Position": len(props),
                      "ParentID": None, "Type": dim.kind, "Key": dim.name, "Title": dim.title,
                      "Description": "", "Default": "Selected"})
    group_ids = {}
    for group in table.groups:
        group_ids[group.id] = len(props)
        props.append({"odata.type": "Cbs.OData.TopicGroup", "ID": len(props), "Position": len(props),
                      "ParentID": group_ids.get(group.parent), "Type": "TopicGroup", "Key": "",
                      "Title": group.title, "Description": ""})
    for m in table.measures:
        props.append({"odata.type": "Cbs.OData.Topic", "ID": len(props), "Position": len(props),
                      "ParentID": group_ids.get(m.group), "Type": "Topic", "Key": m.v3_key, "Title": m.title,
                      "Description": "", "Datatype": "Double", "Unit": m.unit, "Decimals": m.decimals,
                      "Default": "Selected"})
    return props


def v3_table_info(table: Table) -> dict[str, Any]:
    return {"ID": 0, "Title": table.title, "ShortTitle": table.title[:40], "Identifier": table.id,
            "Summary": "", "Modified": table.modified, "ReasonDelivery": table.reason_delivery,
            "ExplanatoryText": "", "Language": "nl", "Catalog": "CBS", "Frequency": "Perjaar",
            "OutputStatus": "Regulier", "Source": "CBS.", "MetaDataModified": table.modified}


def v3_rows(table: Table) -> list[dict[str, Any]]:
    rows = []
    for i, (key, values) in enumerate(table.cells.items()):
        row: dict[str, Any] = {"ID": i}
        for dim, code in zip(table.dims, key, strict=True):
            row[dim.name] = dim.v3_key(code)
        for m in table.measures:
            row[m.v3_key] = values.get(m.v4_id)
        rows.append(row)
    return rows


def v3_respond(table: Table, name: str, params: dict[str, str], base: str, size: int,
               endless: bool = False) -> tuple[int, Any]:
    if name == "":
        names = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "CategoryGroups",
                 *(d.name for d in table.dims)]
        return 200, {"odata.metadata": f"{base}/$metadata", "value": [{"name": n, "url": f"{base}/{n}"} for n in names]}
    if name == "TableInfos":
        return 200, {"value": [v3_table_info(table)]}
    if name == "DataProperties":
        return 200, {"value": v3_properties(table)}
    if name == "CategoryGroups":
        return 200, {"value": []}
    dim = next((d for d in table.dims if d.name == name), None)
    if dim is not None:
        rows = [{"Key": dim.v3_key(c.code), "Title": c.title, "Description": c.description,
                 **({"Status": c.status} if dim.kind == "TimeDimension" else {"CategoryGroupID": None})}
                for c in dim.codes]
        return 200, {"value": rows}
    if name in ("TypedDataSet", "UntypedDataSet"):
        rows = v3_rows(table)
        if params.get("$filter"):
            try:
                predicate = parse_filter(params["$filter"])
            except ValueError as exc:
                return 400, v3_error(f"Invalid $filter: {exc}")
            rows = [r for r in rows if predicate(r)]
        if params.get("$select"):
            fields = [f.strip() for f in params["$select"].split(",")]
            known = {"ID", *(d.name for d in table.dims), *(m.v3_key for m in table.measures)}
            unknown = [f for f in fields if f not in known]
            if unknown:
                return 400, v3_error(f"Unknown property in $select: {', '.join(unknown)}")
            rows = [{f: r[f] for f in fields} for r in rows]
        body = page(rows, params, size, f"{base}/{name}", "odata.nextLink", endless)
        return 200, {"odata.metadata": f"{base}/$metadata#Cbs.OData.WebAPI.{name}", **body}
    return 404, v3_error(f"Resource {name} not found")


# --- OData v4 ----------------------------------------------------------------------------------------


def v4_properties(table: Table, base: str) -> dict[str, Any]:
    return {
        "@odata.context": f"{base}/$metadata#Properties", "Identifier": table.id, "Title": table.title,
        "Description": "Wanneer komen er nieuwe cijfers?\nJaarlijks.", "Language": "nl", "Catalog": "CBS",
        "Modified": table.modified, "ReleaseDate": table.modified, "Version": "202501",
        "VersionNotes": "", "VersionReason": table.reason_delivery, "Frequency": "Perjaar", "Status": "Regulier",
        "ObservationCount": len(table.cells) * len(table.measures), "ObservationsModified": table.modified,
        "License": "CC BY 4.0", "Source": "CBS", "Distributions": [],
    }


def v4_observations(table: Table) -> list[dict[str, Any]]:
    rows = []
    for key, values in table.cells.items():
        for m in table.measures:
            value = values.get(m.v4_id)
            row = {"Id": len(rows), "Measure": m.v4_id, "ValueAttribute": "None" if value is not None else "Impossible",
                   "Value": value, "StringValue": None}
            row.update({dim.name: code for dim, code in zip(table.dims, key, strict=True)})
            rows.append(row)
    return rows


def v4_respond(table: Table, name: str, params: dict[str, str], base: str, size: int,
               endless: bool = False) -> tuple[int, Any]:
    context = {"@odata.context": f"{base}/$metadata#{name}"}
    if name == "":
        names = ["Properties", "Dimensions", "MeasureCodes", "MeasureGroups", "Observations",
                 *(f"{d.name}Codes" for d in table.dims), *(f"{d.name}Groups" for d in table.dims)]
        return 200, {**context, "value": [{"name": n, "kind": "EntitySet", "url": n} for n in names]}
    if name == "Properties":
        return 200, v4_properties(table, base)
    if name == "Dimensions":
        return 200, {**context, "value": [
            {"Identifier": d.name, "Title": d.title, "Description": None, "Kind": d.kind, "MapYear": None,
             "ReleasePolicy": d.kind == "TimeDimension", "CodesUrl": f"{base}/{d.name}Codes",
             "GroupsUrl": f"{base}/{d.name}Groups"} for d in table.dims]}
    for dim in table.dims:
        if name == f"{dim.name}Codes":
            rows = []
            for index, c in enumerate(dim.codes):
                row = {"Identifier": c.code, "Index": index, "Title": c.title, "Description": c.description,
                       "DimensionGroupId": None}
                if dim.kind == "TimeDimension":
                    row["Status"] = c.status
                rows.append(row)
            return 200, {**context, **page(rows, params, size, f"{base}/{name}", "@odata.nextLink")}
        if name == f"{dim.name}Groups":
            return 200, {**context, "value": []}
    if name == "MeasureCodes":
        return 200, {**context, "value": [
            {"Identifier": m.v4_id, "Index": i, "Title": m.title, "Description": None, "MeasureGroupId": m.group,
             "DataType": "Double", "Unit": m.unit, "Decimals": m.decimals, "PresentationType": "Absolute"}
            for i, m in enumerate(table.measures)]}
    if name == "MeasureGroups":
        return 200, {**context, "value": [{"Id": g.id, "Index": i, "Title": g.title, "Description": None,
                                           "ParentId": g.parent} for i, g in enumerate(table.groups)]}
    if name == "Observations":
        rows = v4_observations(table)
        if params.get("$filter"):
            try:
                predicate = parse_filter(params["$filter"])
            except ValueError as exc:
                return 400, v4_error(f"Invalid $filter: {exc}")
            rows = [r for r in rows if predicate(r)]
        return 200, {**context, **page(rows, params, size, f"{base}/{name}", "@odata.nextLink", endless)}
    return 404, v4_error(f"Resource {name} not found")
