"""Landscape from Python: the library the `landscape` CLI calls, open in your process.

    import landscape
    db = landscape.open("market.db")
    db.table("company", ["name", "total_raised_usd", "investors"]).to_pandas()

Every query returns a `Table` (or a `Result` of several) of typed values: `Money`, `Date`,
`EntityRef`, numbers, text, booleans, lists, and `None` where nothing is known or a value
could not be computed (its reason is beside it, as `<column>_reason`). docs/python.md has a
worked session; docs/results.md the shape of every verb's tables.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union


class Error(Exception):
    """A Landscape error. The message is the one the CLI prints."""

    code: int = 0


class InvalidInput(Error):
    """Bad input: a document, a value, an option. `file`, `line` and `pointer` say where,
    when the error is about a place in an input file (else None)."""

    file: Optional[str] = None
    line: Optional[int] = None
    pointer: Optional[str] = None


class NotFound(Error):
    """No entity (or store) of that name; `suggestions` are the ids of the nearest names."""

    suggestions: List[str] = []


class Ambiguous(Error):
    """A name that several entities carry; `candidates` are their ids."""

    candidates: List[str] = []


class StoreLocked(Error):
    """Another writer holds the store."""


class Corruption(Error):
    """The store is damaged; run `landscape check`."""


from . import _landscape  # noqa: E402  (the binding raises the classes above)

__version__: str = _landscape.__version__
#: The newest store format this build reads and writes.
STORE_FORMAT_VERSION: int = _landscape.STORE_FORMAT_VERSION


@dataclasses.dataclass(frozen=True)
class Money:
    """An amount: exact `value`, ISO 4217 `currency`, and whether the source gave it as
    approximate ("~$2B")."""

    value: decimal.Decimal
    currency: str
    approximate: bool = False

    def __str__(self) -> str:
        return f"{'~' if self.approximate else ''}{self.value} {self.currency}"

    def __float__(self) -> float:
        return float(self.value)


@dataclasses.dataclass(frozen=True, order=True)
class Date:
    """A date at its precision, as stored: "2025" (year), "2025-03" (month), "2025-03-15"."""

    text: str

    @property
    def precision(self) -> str:
        return ("year", "month", "day")[self.text.count("-")]

    @property
    def year(self) -> int:
        return int(self.text[:4])

    @property
    def month(self) -> Optional[int]:
        return int(self.text[5:7]) if self.text.count("-") >= 1 else None

    @property
    def day(self) -> Optional[int]:
        return int(self.text[8:10]) if self.text.count("-") == 2 else None

    def to_date(self) -> datetime.date:
        """The first day of the period: 2025-03 → 2025-03-01."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.text


@dataclasses.dataclass(frozen=True)
class EntityRef:
    """An entity a value names: its id (stable) and its name (for display)."""

    id: str
    name: str

    def __str__(self) -> str:
        return self.name


Cell = Any  # Money | Date | EntityRef | str | int | decimal.Decimal | bool | list | None


class Table:
    """One table of an answer: `columns`, rows (iterate, or `rows`), `records()`,
    `to_pandas()`; `str(table)` is the CLI's text."""

    def __init__(self, native: Any) -> None:
        self._native = native
        self._data: Optional[Dict[str, Any]] = None

    def _cells(self) -> Dict[str, Any]:
        if self._data is None:
            self._data = self._native.data()
        return self._data

    @property
    def name(self) -> str:
        """The table's name in the JSON form and for `--table` (docs/results.md)."""
        return self._native.name

    @property
    def title(self) -> str:
        return self._native.title

    @property
    def empty_reason(self) -> Optional[str]:
        """Why the table has no rows ("no investors recorded for Baidu"); None when it has
        rows or nothing says why."""
        if self._native.row_count or not self._native.empty_reason:
            return None
        return self._native.empty_reason

    @property
    def columns(self) -> List[str]:
        return list(self._native.columns)

    @property
    def rows(self) -> List[Tuple[Cell, ...]]:
        return [tuple(row) for row in self._cells()["rows"]]

    def reason(self, row: int, column: str) -> Optional[str]:
        """Why the cell has no value, when it could not be computed."""
        return self._cells()["reasons"].get((row, column))

    def note(self, row: int, column: str) -> Optional[str]:
        """A remark on the cell's value ("+1 other value", "as reported", "converted")."""
        return self._cells()["notes"].get((row, column))

    def confidence(self, row: int, column: str) -> Optional[str]:
        """The confidence tier of the weakest claim behind a derived value ("rumor")."""
        return self._cells()["confidences"].get((row, column))

    def __len__(self) -> int:
        return self._native.row_count

    def __iter__(self) -> Iterator[Tuple[Cell, ...]]:
        return iter(self.rows)

    def records(self) -> List[Dict[str, Cell]]:
        """One dict per row, keyed by column, with `<column>_reason`, `<column>_note` and
        `<column>_confidence` beside a value that has them, as in the JSON form."""
        cells = self._cells()
        columns = self.columns
        out = []
        for r, row in enumerate(cells["rows"]):
            record: Dict[str, Cell] = {}
            for column, value in zip(columns, row):
                record[column] = value
                if (r, column) in cells["reasons"]:
                    record[column + "_reason"] = cells["reasons"][(r, column)]
                if (r, column) in cells["notes"]:
                    record[column + "_note"] = cells["notes"][(r, column)]
                if (r, column) in cells["confidences"]:
                    record[column + "_confidence"] = cells["confidences"][(r, column)]
            out.append(record)
        return out

    def to_pandas(self) -> Any:
        """A DataFrame with dtypes for the data: money as a float column and
        `<column>_currency`, entities as `<column>_id` and the name, dates as datetimes (day
        precision) or periods (month, year), counts as nullable integers, reasons and notes
        as `<column>_reason` and `<column>_note`."""
        from ._frames import table_to_frame

        return table_to_frame(self.columns, self._cells())

    def to_json(self) -> str:
        return self._native.json()

    def to_csv(self) -> str:
        return self._native.csv()

    def __str__(self) -> str:
        return self._native.text()

    def __repr__(self) -> str:
        return f"<landscape.Table {self.name}: {len(self)} rows × {len(self.columns)} columns>"


class Result(Sequence[Table]):
    """Several tables (`show`, `path`): by position or by name (`result["hops"]`)."""

    def __init__(self, natives: List[Any]) -> None:
        self._natives = natives
        self._tables = [Table(n) for n in natives]

    def __getitem__(self, key: Union[int, str]) -> Table:  # type: ignore[override]
        if isinstance(key, str):
            for table in self._tables:
                if table.name == key:
                    return table
            raise KeyError(f"no table '{key}'; the tables are {', '.join(self.names)}")
        return self._tables[key]

    def __len__(self) -> int:
        return len(self._tables)

    @property
    def names(self) -> List[str]:
        return [t.name for t in self._tables]

    def to_pandas(self) -> Dict[str, Any]:
        return {t.name: t.to_pandas() for t in self._tables}

    def __str__(self) -> str:
        return _landscape.render_text(self._natives)

    def __repr__(self) -> str:
        return f"<landscape.Result {', '.join(self.names)}>"


def _names(value: Union[str, Iterable[str]]) -> List[str]:
    return [value] if isinstance(value, str) else list(value)


def _claims(values: Union[None, Dict[str, Any], Iterable[str]]) -> List[str]:
    if values is None:
        return []
    if isinstance(values, dict):
        return [f"{key}={value}" for key, value in values.items()]
    return list(values)


class Database:
    """An open store. A reader sees the store as it was when opened (or refreshed); a writer
    holds the lock until `close()` or the end of a `with` block. Queries release the GIL, so
    threads may query one reader at once."""

    def __init__(self, native: Any) -> None:
        self._native = native
        self._published_by: Optional[str] = None
        self._recorded_by: Optional[str] = None

    def at(self, *, recorded_by: Union[None, int, str] = None,
           published_by: Optional[str] = None) -> "Database":
        """A view of this store in which every query answers as the store stood after the
        change `recorded_by` names (a change number from `log()`, or the last change at or
        before a UTC month, day or time), and/or with only the facts whose sources were
        published on or before `published_by`. The view shares this handle."""
        view = Database(self._native)
        view._recorded_by = None if recorded_by is None else str(recorded_by)
        view._published_by = None if published_by is None else str(published_by)
        return view

    # -- the store ----------------------------------------------------------------------------

    @property
    def store_path(self) -> str:
        """Where the store is (`path` is the query verb)."""
        return self._native.path

    @property
    def writable(self) -> bool:
        return self._native.writable

    @property
    def closed(self) -> bool:
        return self._native.closed

    def close(self) -> None:
        """Closes the store; a writer releases its lock. Further calls raise Error."""
        self._native.close()

    def refresh(self) -> None:
        """Reopens the store, to see the changes made since it was opened."""
        path, write = self.store_path, self.writable
        self._native.close()
        self._native = _landscape.Database.open(path, write)

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _run(self, verb: str, as_of: Optional[str] = None, currency: str = "USD",
             **options: Any) -> List[Any]:
        given = {k: v for k, v in options.items() if v is not None}
        return self._native.run(verb, given, None if as_of is None else str(as_of), currency,
                                self._published_by, self._recorded_by)

    def _one(self, verb: str, **options: Any) -> Table:
        return Table(self._run(verb, **options)[0])

    # -- queries (one per CLI verb; docs/queries.md says what each answers) --------------------

    def show(self, name: str, *, currency: Optional[str] = None,
             as_of: Optional[str] = None) -> Result:
        """An entity's card: tables `entity` (one record), `attributes`, `relations`, `rounds`;
        with `currency`, the rounds' amounts in it too (`amount_<cur>`)."""
        return Result(self._run("show", as_of, name=name, in_currency=currency))

    def find(self, text: str, *, kind: Optional[str] = None, limit: int = 20,
             as_of: Optional[str] = None) -> Table:
        """Entities whose name or alias contains `text`, best match first."""
        return self._one("find", as_of=as_of, text=text, kind=kind, limit=limit)

    def entities(self, kind: Optional[str] = None, *, as_of: Optional[str] = None) -> Table:
        """Every entity (of `kind`), by id: the CLI's `list`."""
        return self._one("entities", as_of=as_of, kind=kind)

    def info(self) -> Table:
        """The store: path, format, sequence, kinds, relation types (one record)."""
        return self._one("info")

    def compare(self, names: Union[str, Sequence[str]], currency: str = "USD",
                sources: bool = False, as_of: Optional[str] = None, *,
                attributes: Optional[Sequence[str]] = None, all_values: bool = False) -> Table:
        """Entities side by side, one row each (keyed by `entity`): the attributes, then
        totals, rounds, valuations, investors and rivals (docs/results.md)."""
        return self._one("compare", as_of=as_of, currency=currency, names=_names(names),
                         sources=sources, all_values=all_values,
                         attributes=None if attributes is None else list(attributes))

    def table(self, kind: str = "company", columns: Optional[Sequence[str]] = None, *,
              as_of: Optional[str] = None) -> Table:
        """One row per entity of `kind` with the chosen columns (the CLI's `table`)."""
        return self._one("table", as_of=as_of, kind=kind,
                         columns=None if columns is None else _names(columns))

    def investors(self, name: str, *, currency: Optional[str] = None,
                  as_of: Optional[str] = None) -> Table:
        """Who funded a company (or a round): one row per investor and round; with
        `currency`, the amounts and shares in it too (`amount_<cur>`, `share_<cur>`)."""
        return self._one("investors", as_of=as_of, name=name, in_currency=currency)

    def portfolio(self, name: str, *, currency: Optional[str] = None,
                  as_of: Optional[str] = None) -> Table:
        """What an investor (or investing company) funded; `currency` as in `investors`."""
        return self._one("portfolio", as_of=as_of, name=name, in_currency=currency)

    def shared_investors(self, names: Union[str, Sequence[str]], min: Optional[int] = None,
                         *, limit: int = 100, as_of: Optional[str] = None) -> Table:
        """Investors common to the companies (in at least `min` of them); with one name, the
        companies that share investors with it."""
        return self._one("shared_investors", as_of=as_of, names=_names(names), min=min,
                         limit=limit)

    def rivals(self, name: str, depth: int = 1, *, as_of: Optional[str] = None) -> Table:
        """Rivals, and with `depth` > 1 rivals of rivals."""
        return self._one("rivals", as_of=as_of, name=name, depth=depth)

    def path(self, a: str, b: str, via: Optional[Iterable[str]] = None,
             max_hops: Optional[int] = None, all: bool = False, *,
             as_of: Optional[str] = None) -> Result:
        """A shortest connection (every one with `all`): tables `paths` and `hops`."""
        return Result(self._run("path", as_of, a=a, b=b, max_hops=max_hops, all=all,
                                via=None if via is None else set(_names(via))))

    def fx_rates(self, base: Optional[str] = None, quote: Optional[str] = None, *,
                 as_of: Optional[str] = None) -> Table:
        """The FX rates held (known on `as_of`), by pair then date; `base` and `quote` narrow
        them to a currency or a pair (either way round)."""
        return self._one("fx_rates", as_of=as_of, base=base, quote=quote)

    def rank(self, by: str, kind: Optional[str] = None, limit: Optional[int] = None, *,
             samples: int = 0, currency: str = "USD", as_of: Optional[str] = None) -> Result:
        """Entities ranked by total-raised, valuation, investors, degree, pagerank or
        betweenness: tables `ranking` and `omitted` (the entities of the kind without a
        value, each with its reason)."""
        return Result(self._run("rank", as_of, currency, by=by, kind=kind, limit=limit,
                                samples=samples))

    def clusters(self, via: Optional[Iterable[str]] = None, *,
                 as_of: Optional[str] = None) -> Table:
        """Connected groups, largest first."""
        return self._one("clusters", as_of=as_of,
                         via=None if via is None else set(_names(via)))

    def timeline(self, name: str, *, currency: Optional[str] = None,
                 as_of: Optional[str] = None) -> Table:
        """An entity's dated facts in order; with `currency`, money values in it too
        (`value_<cur>`)."""
        return self._one("timeline", as_of=as_of, name=name, in_currency=currency)

    def graph(self, around: Optional[str] = None, depth: int = 2,
              via: Optional[Iterable[str]] = None, as_of: Optional[str] = None) -> Any:
        """The graph, or the neighbourhood of `around` within `depth` hops over the relation
        types `via`, as a `networkx.MultiDiGraph`: nodes keyed by id with `kind`, `name`,
        `aliases`, `confidence`, `sources`, each attribute's best value, and `claims` (every
        claim known on `as_of`: value, confidence, as_of, sources); edges as stored (a
        symmetric relation once, `symmetric` True), keyed by number, with `relation`,
        `confidence`, `sources`, their properties and `claims` likewise."""
        from ._graphs import tables_to_graph

        return tables_to_graph(Result(self._run(
            "graph", as_of, around=around, depth=depth,
            via=None if via is None else set(_names(via)))))

    # -- maintenance and changes ----------------------------------------------------------------

    def check(self) -> Dict[str, Any]:
        """Verifies the store's invariants: counts, `problems` (empty when sound), `ok`."""
        return self._native.check()

    def import_file(self, path_or_paths: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]],
                    *, json_lines: Optional[bool] = None, replace: bool = False) -> Dict[str, Any]:
        """Imports documents as one atomic change (all or nothing); `.jsonl` files are read
        line by line. Returns what changed. With `replace`, the documents are the whole truth
        for their entities: the claims they no longer state are retracted (`retracted`).
        Needs a writer (`open(..., write=True)`)."""
        paths = ([path_or_paths] if isinstance(path_or_paths, (str, os.PathLike))
                 else list(path_or_paths))
        return self._native.import_files([os.fspath(p) for p in paths], json_lines, replace)

    def export(self, path: Union[None, str, os.PathLike] = None, *,
               history: bool = False) -> Optional[str]:
        """The whole store as a landscape/1 document: returned, or written atomically to
        `path`. With `history`, the whole record: every change (docs/data-format.md)."""
        return self._native.export(None if path is None else os.fspath(path), history)

    def export_bulk_csv(self, directory: Union[str, os.PathLike]) -> Dict[str, Any]:
        """The store as node and relationship CSV files for a graph engine's bulk loader
        (Neo4j, Memgraph, Spark GraphFrames), written into the new `directory` whole or not at
        all. Returns the files with their rows, and the claims that a column could not hold
        (docs/data-format.md, "Bulk CSV"). A view from `at()` exports the store as it sees it."""
        return self._native.export_bulk_csv(os.fspath(directory), self._published_by,
                                            self._recorded_by)

    def add_entity(self, id: str, kind: Optional[str] = None, name: Optional[str] = None, *,
                   aliases: Sequence[str] = (),
                   attributes: Union[None, Dict[str, Any], Sequence[str]] = None,
                   sources: Sequence[str] = (), confidence: str = "") -> Dict[str, Any]:
        """Adds (or updates) an entity, validated like an import, as one atomic change. An
        entity the store holds needs no kind or name; a different name renames it (the
        summary's `renamed` says so)."""
        spec = _landscape.EntitySpec()
        spec.id, spec.kind, spec.name = id, kind or "", name or ""
        spec.aliases, spec.attributes = list(aliases), _claims(attributes)
        spec.sources, spec.confidence = list(sources), confidence
        return self._native.add_entity(spec)

    def add_fx(self, base: str, quote: str, rate: Union[str, decimal.Decimal, int], date: str,
               *, sources: Sequence[str] = (), confidence: str = "") -> Dict[str, Any]:
        """Adds an FX rate (one unit of `base` is worth `rate` of `quote` on `date`) as one
        atomic change; a rate of the same pair and date is replaced."""
        spec = _landscape.FxSpec()
        spec.base, spec.quote, spec.rate, spec.date = base, quote, str(rate), str(date)
        spec.sources, spec.confidence = list(sources), confidence
        return self._native.add_fx(spec)

    def add_round(self, company: str, *, stage: str = "", amount: str = "", date: str = "",
                  leads: Sequence[str] = (), investors: Sequence[str] = (), id: str = "",
                  sources: Sequence[str] = (), confidence: str = "") -> Dict[str, Any]:
        """Adds a funding round with the company's `raised` and each investor's `invested_in`
        (leads with `lead: true`) as one atomic change; names or ids throughout. The summary's
        `created` gives the round's id when it was made up ("zhipu-series-b")."""
        spec = _landscape.RoundSpec()
        spec.company, spec.stage, spec.amount, spec.date, spec.id = (
            company, stage, amount, str(date), id)
        spec.leads, spec.investors = list(leads), list(investors)
        spec.sources, spec.confidence = list(sources), confidence
        return self._native.add_round(spec)

    def add_relation(self, type: str, from_: str, to: str, *,
                     properties: Union[None, Dict[str, Any], Sequence[str]] = None,
                     sources: Sequence[str] = (), confidence: str = "") -> Dict[str, Any]:
        """Adds (or updates) a relation between two entities (ids, names or aliases), as one
        atomic change."""
        spec = _landscape.RelationSpec()
        spec.type, spec.from_, spec.to = type, from_, to
        spec.properties, spec.sources = _claims(properties), list(sources)
        spec.confidence = confidence
        return self._native.add_relation(spec)

    def remove(self, id: str) -> int:
        """Removes an entity, its names and its relations; returns the change's number."""
        return self._native.remove(id)

    # -- corrections and the store's history (docs/queries.md, "History") -----------------

    def set(self, entity: str, attribute: str, value: Any, *, sources: Sequence[str] = (),
            confidence: str = "", as_of: Optional[str] = None,
            only_source: str = "") -> Dict[str, Any]:
        """Replaces the current claims of `attribute` (all, or with `only_source` that
        source's) by one new claim, as one change: {change, changed, ended, recorded}."""
        spec = _landscape.SetSpec()
        spec.entity, spec.attribute, spec.value = entity, attribute, str(value)
        spec.sources, spec.confidence = list(sources), confidence
        spec.as_of, spec.only_source = "" if as_of is None else str(as_of), only_source
        return self._native.set(spec)

    def retract(self, entity: str, attribute: str, *, value: Any = None,
                source: str = "") -> Dict[str, Any]:
        """Ends the current claims of `attribute` (those with `value`, citing `source`)."""
        spec = _landscape.RetractSpec()
        spec.entity, spec.attribute = entity, attribute
        spec.value, spec.source = "" if value is None else str(value), source
        return self._native.retract(spec)

    def retract_relation(self, type: str, from_: str, to: str) -> Dict[str, Any]:
        """Ends the relation `type` from `from_` to `to` (ids, names or aliases)."""
        spec = _landscape.RelationRetractSpec()
        spec.type, spec.from_, spec.to = type, from_, to
        return self._native.retract_relation(spec)

    def revert(self, change: int) -> Dict[str, Any]:
        """A new change that undoes change `change`; refused when a later one depends on it."""
        return self._native.revert(int(change))

    def log(self) -> Table:
        """Every change recorded in the store, oldest first: change, time, description,
        reverts."""
        return self._one("log")

    def history(self, name: str) -> Result:
        """Every claim and relation of an entity, current and ended (table `history`, with the
        changes that recorded and ended each), and those changes (table `changes`)."""
        return Result(self._run("history", name=name))

    def __repr__(self) -> str:
        state = "closed" if self.closed else ("writer" if self.writable else "reader")
        return f"<landscape.Database {self.store_path!r} ({state})>"


def open(path: Union[None, str, os.PathLike] = None, *, write: bool = False) -> Database:
    """Opens a store: `path`, else $LANDSCAPE_DB, else ./landscape.db, as the CLI does. A
    writer (`write=True`) creates the store when there is none."""
    if path is None:
        path = os.environ.get("LANDSCAPE_DB") or "./landscape.db"
    return Database(_landscape.Database.open(os.fspath(path), write))


__all__ = [
    "Ambiguous", "Corruption", "Database", "Date", "EntityRef", "Error", "InvalidInput",
    "Money", "NotFound", "Result", "STORE_FORMAT_VERSION", "StoreLocked", "Table", "open",
]
