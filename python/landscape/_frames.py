"""Tables to pandas DataFrames: each column with the dtype its values call for. The same
splitting as the CSV form (docs/results.md): money into amount and currency, entities into
id and name, reasons and notes into their own columns."""

from __future__ import annotations

import decimal
from typing import Any, Dict, List

from . import Date, EntityRef, Money


def _entity_columns(name: str, values: List[Any], out: Dict[str, Any]) -> None:
    def ids(v: Any) -> Any:
        if isinstance(v, list):
            return [e.id for e in v]
        return None if v is None else v.id

    def names(v: Any) -> Any:
        if isinstance(v, list):
            return [e.name for e in v]
        return None if v is None else v.name

    out[name + "_id"] = [ids(v) for v in values]
    out[name] = [names(v) for v in values]


def _money_columns(name: str, values: List[Any], out: Dict[str, Any], pd: Any) -> None:
    money = [v if isinstance(v, Money) else None for v in values]
    out[name] = pd.array([None if m is None else float(m.value) for m in money], dtype="Float64")
    out[name + "_currency"] = pd.array([None if m is None else m.currency for m in money],
                                       dtype="string")
    if any(m is not None and m.approximate for m in money):
        out[name + "_approximate"] = pd.array(
            [None if m is None else m.approximate for m in money], dtype="boolean")


def _date_column(values: List[Any], pd: Any) -> Any:
    precisions = {v.precision for v in values if isinstance(v, Date)}
    if precisions == {"day"}:
        return pd.to_datetime([None if v is None else v.text for v in values])
    if len(precisions) == 1:
        freq = "M" if precisions == {"month"} else "Y"
        return pd.array([None if v is None else pd.Period(v.text, freq=freq) for v in values],
                        dtype=f"period[{freq}]")
    return pd.array([None if v is None else v.text for v in values], dtype="string")


def _plain_column(values: List[Any], pd: Any) -> Any:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pd.array(values, dtype="boolean")
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.array(values, dtype="Int64")
    if present and all(isinstance(v, decimal.Decimal) for v in present):
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    if present and all(isinstance(v, str) for v in present):
        return pd.array(values, dtype="string")
    if not present:
        return pd.array(values, dtype="object")
    return values  # lists and mixed cells stay Python objects


def _kind_of(values: List[Any]) -> str:
    for v in values:
        item = v[0] if isinstance(v, list) and v else v
        if isinstance(item, EntityRef):
            return "entity"
        if isinstance(v, Money):
            return "money"
        if isinstance(v, Date):
            return "date"
    return "plain"


def table_to_frame(columns: List[str], cells: Dict[str, Any]) -> Any:
    import pandas as pd

    rows = cells["rows"]
    out: Dict[str, Any] = {}
    for c, name in enumerate(columns):
        values = [row[c] for row in rows]
        kind = _kind_of(values)
        if kind == "entity":
            _entity_columns(name, values, out)
        elif kind == "money":
            _money_columns(name, values, out, pd)
        elif kind == "date":
            out[name] = _date_column(values, pd)
        else:
            out[name] = _plain_column(values, pd)
        for extra, key in (("_reason", "reasons"), ("_note", "notes"),
                           ("_confidence", "confidences")):
            texts = [cells[key].get((r, name)) for r in range(len(rows))]
            if any(t is not None for t in texts):
                out[name + extra] = pd.array(texts, dtype="string")
    return pd.DataFrame(out, index=pd.RangeIndex(len(rows)))
