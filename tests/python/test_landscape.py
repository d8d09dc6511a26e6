"""The `landscape` Python module against a fresh store of the bundled dataset: every method,
every exception class, the DataFrame dtypes, threads. Run by ctest (tests/python/CMakeLists.txt)
with PYTHONPATH at the build tree's package and LANDSCAPE_SOURCE_DIR at the source tree."""

import concurrent.futures
import csv
import datetime
import decimal
import io
import json
import os
import pathlib
import re
import subprocess

import pytest

import landscape

SOURCE = pathlib.Path(os.environ.get("LANDSCAPE_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
BUNDLED = SOURCE / "data" / "deepseek.json"
CLI = os.environ.get("LANDSCAPE_BIN", str(SOURCE / "build" / "tools" / "landscape"))


@pytest.fixture()
def store(tmp_path):
    path = tmp_path / "market.db"
    with landscape.open(path, write=True) as db:
        summary = db.import_file(BUNDLED)
        assert summary["entities_added"] > 0 and summary["changed"]
    return path


@pytest.fixture()
def db(store):
    with landscape.open(store) as reader:
        yield reader


# -- opening ----------------------------------------------------------------------------------


def test_open_defaults_to_landscape_db_in_the_environment(store, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(store))
    with landscape.open() as db:
        assert db.store_path == str(store)
        assert not db.writable


def test_a_missing_store_is_not_found(tmp_path):
    with pytest.raises(landscape.NotFound) as error:
        landscape.open(tmp_path / "none.db")
    assert "no store" in str(error.value)


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(store):
    with landscape.open(store, write=True):
        with pytest.raises(landscape.StoreLocked):
            landscape.open(store, write=True)
    with landscape.open(store, write=True) as again:  # released by the with block
        assert again.writable


def test_a_closed_store_refuses_calls(store):
    db = landscape.open(store)
    db.close()
    assert db.closed
    with pytest.raises(landscape.Error, match="closed"):
        db.info()


def test_a_reader_sees_the_state_it_opened_until_refreshed(store):
    reader = landscape.open(store)
    with landscape.open(store, write=True) as writer:
        writer.add_entity("zhipu", "company", "Zhipu AI", aliases=["智谱"])
    with pytest.raises(landscape.NotFound):
        reader.show("zhipu")
    reader.refresh()
    assert reader.show("智谱")["entity"].records()[0]["id"] == "zhipu"
    reader.close()


# -- values -----------------------------------------------------------------------------------


def test_money_and_dates_are_typed(db):
    rounds = db.show("DeepSeek")["rounds"].records()
    amount = rounds[0]["amount"]
    assert isinstance(amount, landscape.Money)
    assert amount.value == decimal.Decimal("51000000000")
    assert amount.currency == "CNY" and amount.approximate is False
    moonshot = db.compare(["Moonshot AI"], as_of="2026-01-01").records()[0]
    assert moonshot["total_raised_usd"].approximate is True
    month = landscape.Date("2025-03")
    assert month.precision == "month" and month.month == 3 and month.day is None
    assert month.to_date() == datetime.date(2025, 3, 1)


def test_an_empty_answer_says_why(db):
    shared = db.shared_investors(["DeepSeek", "Moonshot AI"])
    assert len(shared) == 0
    assert shared.empty_reason == "no investor recorded in rounds of all of DeepSeek and Moonshot AI"
    assert db.investors("DeepSeek").empty_reason is None  # it has rows


def test_money_verbs_take_a_currency(db):
    rows = db.investors("DeepSeek", currency="USD").records()
    assert rows[0]["amount"].currency == "CNY"
    assert rows[0]["amount_usd"] == landscape.Money(decimal.Decimal("7400000000"), "USD", False)
    assert rows[0]["amount_usd_note"] == "as reported"  # the article's own $7.4B
    with pytest.raises(landscape.InvalidInput, match="ISO 4217"):
        db.portfolio("Tencent", currency="dollars")


def test_fx_rates_are_data(db):
    rates = db.fx_rates(base="USD").records()
    assert len(rates) == 1
    assert (rates[0]["base"], rates[0]["quote"]) == ("CNY", "USD")
    assert rates[0]["rate"] == decimal.Decimal("0.1451")
    assert rates[0]["sources"] == ["pandaily-deepseek-series-a"]
    assert db.fx_rates(as_of="2026-11-27").records() == []
    with pytest.raises(landscape.InvalidInput, match="--base"):
        db.fx_rates(base="yuan")


def test_a_value_that_cannot_be_computed_is_none_with_its_reason(db):
    table = db.compare(["DeepSeek", "Baidu"], as_of="2025-06-01", currency="EUR")
    deepseek, baidu = table.records()
    assert deepseek["total_raised_eur"] is None
    assert deepseek["total_raised_eur_reason"] == (
        "no CNY→EUR rate on or before 2025-06-01, nor one through USD")
    assert baidu["investors"] is None  # unknown, not 0
    assert baidu["investors_reason"] == "no funding rounds recorded on or before 2025-06-01"
    assert table.reason(1, "investors") == "no funding rounds recorded on or before 2025-06-01"


def test_a_figure_the_source_reported_in_the_currency_is_used_and_marked(db):
    # The article's own $7.4B for the 51B CNY round: no rate needed, even before the only one.
    table = db.compare(["DeepSeek"], as_of="2025-06-01")
    assert table.records()[0]["total_raised_usd"] == landscape.Money(
        decimal.Decimal("7400000000"), "USD", False)
    assert table.note(0, "total_raised_usd") == "as reported"
    assert table.confidence(0, "total_raised_usd") == "reported"  # the article's own figure
    # Confidence travels: Moonshot AI's total rests on an "analysis" claim, and says so.
    moonshot = db.compare(["Moonshot AI"]).records()[0]
    assert moonshot["total_raised_usd_confidence"] == "analysis"
    assert moonshot["primary_focus_confidence"] == "analysis"


# -- every query verb -------------------------------------------------------------------------


def test_show_is_a_result_of_named_tables(db):
    card = db.show("深度求索")
    assert card.names == ["entity", "attributes", "relations", "rounds"]
    assert card["entity"].records()[0]["name"] == "DeepSeek"
    assert str(card).startswith("entity\nfield")
    with pytest.raises(KeyError):
        card["edges"]


def test_find_entities_and_info(db):
    assert db.find("moon").records()[0]["id"] == "moonshot-ai"
    ids = [row[0] for row in db.entities("company")]
    assert "deepseek" in ids and ids == sorted(ids)
    info = db.info().records()[0]
    assert info["store"] == db.store_path and info["sequence"] > 0


def test_compare_is_keyed_by_id(db):
    table = db.compare(["DeepSeek", "Moonshot AI", "Baidu"], currency="EUR", sources=True,
                       as_of="2026-01-01")
    assert [r["entity"].id for r in table.records()] == ["deepseek", "moonshot-ai", "baidu"]
    assert "total_raised_eur" in table.columns
    assert "primary_focus_sources" in table.columns
    lead = table.records()[0]["lead_investors"]
    assert lead == [landscape.EntityRef("tencent", "Tencent")]


def test_table_is_the_company_spreadsheet(db):
    table = db.table("company", ["name", "total_raised_usd", "investors"], as_of="2026-01-01")
    assert table.columns == ["id", "name", "total_raised_usd", "investors"]
    rows = {r["id"]: r for r in table.records()}
    assert rows["deepseek"]["investors"] == 2
    assert rows["moonshot-ai"]["total_raised_usd"].value == 2000000000
    with pytest.raises(landscape.InvalidInput, match="unknown column 'valuation_usd'"):
        db.table("company", ["valuation_usd"])


def test_funding_verbs(db):
    investors = db.investors("DeepSeek").records()
    assert {r["investor_id"] for r in investors} == {"tencent", "catl"}
    assert [r["lead"] for r in investors if r["investor_id"] == "tencent"] == [True]
    assert db.portfolio("宁德时代").records()[0]["company_id"] == "deepseek"
    assert len(db.shared_investors(["DeepSeek", "Moonshot AI"])) == 0
    assert isinstance(db.shared_investors("DeepSeek"), landscape.Table)


def test_graph_verbs(db):
    assert {r["id"] for r in db.rivals("DeepSeek").records()} == {"baidu", "moonshot-ai"}
    assert len(db.rivals("DeepSeek", depth=2)) >= 2
    path = db.path("CATL", "Baidu")
    assert path.names == ["paths", "hops"]
    hops = path["hops"].records()
    assert [h["relation"] for h in hops] == ["invested_in", "raised", "rival_of"]
    assert db.path("CATL", "Baidu", via=["invested_in", "raised", "rival_of"], max_hops=3,
                   all=True)["paths"].records()[0]["hops"] == 3
    ranking = db.rank("degree", limit=3)["ranking"].records()
    assert [r["rank"] for r in ranking] == [1, 2, 3]
    raised = db.rank("total-raised")
    assert [r["id"] for r in raised["ranking"].records()] == ["deepseek", "moonshot-ai"]
    omitted = {r["id"]: r["reason"] for r in raised["omitted"].records()}
    assert omitted == dict.fromkeys(["baidu", "bytedance", "catl", "tencent"],
                                    "no funding rounds recorded")
    members = db.clusters().records()[0]["members"]
    assert all(isinstance(m, landscape.EntityRef) for m in members)
    assert db.clusters(via="rival_of").records()[0]["size"] == 3
    assert db.timeline("DeepSeek").records()[0]["fact"] == "raised Series A"


def test_unknown_options_and_bad_dates_are_invalid_input(db):
    with pytest.raises(landscape.InvalidInput):
        db.rank("popularity")
    with pytest.raises(landscape.InvalidInput):
        db.show("DeepSeek", as_of="2025-13")
    with pytest.raises(landscape.InvalidInput, match="expected an integer"):
        db.rivals("DeepSeek", depth="two")


# -- exceptions -------------------------------------------------------------------------------


def test_not_found_carries_suggestions(db):
    with pytest.raises(landscape.NotFound) as error:
        db.show("Moonshot")
    assert "moonshot-ai" in error.value.suggestions
    assert isinstance(error.value, landscape.Error)


def test_ambiguous_carries_candidates(store):
    with landscape.open(store, write=True) as db:
        db.add_entity("baidu-ventures", "investor", "Baidu")
        with pytest.raises(landscape.Ambiguous) as error:
            db.show("Baidu")
    assert sorted(error.value.candidates) == ["baidu", "baidu-ventures"]


def test_invalid_input_says_where(store, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "entity", "id": "x", "kind": "company", "name": "X"}\n'
                   '{"type": "entity", "id": "y", "kind": "planet", "name": "Y"}\n')
    with landscape.open(store, write=True) as db:
        before = db.check()
        with pytest.raises(landscape.InvalidInput) as error:
            db.import_file(bad)
        assert error.value.file == str(bad)
        assert error.value.line == 2
        assert error.value.pointer == "/kind"
        assert db.check() == before  # all or nothing


def test_corruption_is_its_own_class(store):
    (store / "landscape-watermark").write_text("not a watermark")
    with pytest.raises(landscape.Corruption):
        landscape.open(store)


# -- changes ----------------------------------------------------------------------------------


def test_add_relation_remove_export_and_check(store, tmp_path):
    with landscape.open(store, write=True) as db:
        db.add_entity("zhipu", "company", "Zhipu AI", attributes={"country": "China"},
                      sources=[], confidence="reported")
        db.add_relation("rival_of", "Zhipu AI", "DeepSeek")  # names, as queries take them
        assert "zhipu" in {r["id"] for r in db.rivals("DeepSeek").records()}
        # An entity the store holds: no kind or name needed; a new name is said.
        assert db.add_entity("zhipu", attributes={"ownership": "private"})["renamed"] == []
        assert db.add_entity("zhipu", name="Zhipu")["renamed"] == ["zhipu: 'Zhipu AI' → 'Zhipu'"]
        with pytest.raises(landscape.InvalidInput, match="a new entity needs a kind and a name"):
            db.add_entity("minimax", attributes={"country": "China"})
        assert db.add_fx("EUR", "USD", decimal.Decimal("1.08"), "2026-02")["fx_rates_written"] == 1
        assert [r["rate"] for r in db.fx_rates(base="EUR").records()] == [decimal.Decimal("1.08")]
        summary = db.add_round("Zhipu", stage="Series B", amount="¥3.5B", date="2025-03",
                               leads=["Tencent"], investors=["CATL"])
        assert summary["created"] == ["zhipu-series-b"] and summary["relations_added"] == 3
        assert [(r["investor"], r["lead"]) for r in db.investors("Zhipu").records()] == [
            ("Tencent", True), ("CATL", False)]
        with pytest.raises(landscape.InvalidInput, match="rate"):
            db.add_fx("EUR", "USD", "-1", "2026-02")
        document = json.loads(db.export())
        assert any(r.get("id") == "zhipu" for r in document["entities"])
        db.remove("zhipu")
        with pytest.raises(landscape.NotFound):
            db.show("zhipu")
        out = tmp_path / "out.json"
        assert db.export(out) is None and json.loads(out.read_text())["format"] == "landscape/1"
        report = db.check()
        assert report["ok"] and report["problems"] == []


# -- pandas -----------------------------------------------------------------------------------


def test_to_pandas_has_dtypes_for_the_data(db):
    frame = db.table("company", ["name", "total_raised_usd", "investors", "lead_investors"],
                     as_of="2026-01-01").to_pandas()
    assert str(frame["investors"].dtype) == "Int64"
    assert str(frame["total_raised_usd"].dtype) == "Float64"
    assert str(frame["total_raised_usd_currency"].dtype) == "string"
    assert str(frame["name"].dtype) == "string"
    assert "total_raised_usd_reason" in frame.columns
    assert "lead_investors_id" in frame.columns
    deepseek = frame.set_index("id").loc["deepseek"]
    assert deepseek["investors"] == 2
    assert deepseek["lead_investors_id"] == ["tencent"]


def test_to_pandas_dates_by_precision(db):
    frame = db.rank("degree", limit=2)["ranking"].to_pandas()
    assert str(frame["rank"].dtype) == "Int64"
    from landscape._frames import _date_column
    import pandas as pd

    days = _date_column([landscape.Date("2025-03-15"), None], pd)
    assert str(days.dtype).startswith("datetime64")
    months = _date_column([landscape.Date("2025-03"), landscape.Date("2024-11")], pd)
    assert str(months.dtype) == "period[M]"


# -- threads ----------------------------------------------------------------------------------


def test_threads_query_one_reader_at_once(db):
    expected = db.compare(["DeepSeek", "Moonshot AI"], as_of="2026-01-01").records()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(
            lambda _: db.compare(["DeepSeek", "Moonshot AI"], as_of="2026-01-01").records(),
            range(40)))
    assert all(a == expected for a in answers)


# -- the text form is the CLI's ---------------------------------------------------------------


def test_str_is_the_cli_text_and_csv_reads_back(db):
    assert os.access(CLI, os.X_OK), f"the CLI is not at {CLI}; set LANDSCAPE_BIN"
    cli = subprocess.run([CLI, "--db", db.store_path, "--as-of", "2026-01-01", "compare",
                          "DeepSeek", "Moonshot AI"], capture_output=True, text=True, check=True)
    assert str(db.compare(["DeepSeek", "Moonshot AI"], as_of="2026-01-01")) == cli.stdout
    csv_text = subprocess.run([CLI, "--db", db.store_path, "--as-of", "2026-01-01", "--format",
                               "csv", "table", "--columns", "name,total_raised_usd,investors"],
                              capture_output=True, text=True, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    deepseek = next(r for r in rows if r["id"] == "deepseek")
    assert deepseek["investors"] == "2"
    moonshot = next(r for r in rows if r["id"] == "moonshot-ai")
    assert float(moonshot["total_raised_usd"]) == 2e9
    assert moonshot["total_raised_usd_currency"] == "USD"


# -- NetworkX ---------------------------------------------------------------------------------


def test_graph_is_a_networkx_multidigraph_with_the_stored_facts(db):
    import networkx as nx

    graph = db.graph()
    assert isinstance(graph, nx.MultiDiGraph)
    cli_entities = len(db.entities())
    assert graph.number_of_nodes() <= cli_entities
    deepseek = graph.nodes["deepseek"]
    assert deepseek["kind"] == "company" and deepseek["name"] == "DeepSeek"
    assert deepseek["valuation"] == landscape.Money(decimal.Decimal("400000000000"), "CNY")
    assert deepseek["claims"]["valuation"][0]["sources"] == ["pandaily-deepseek-series-a"]
    assert len(deepseek["claims"]["notes"]) == 3  # every claim, not only the best
    relations = {(u, v, d["relation"]) for u, v, d in graph.edges(data=True)}
    assert ("tencent", "deepseek-series-a", "invested_in") in relations
    lead = [d for u, v, d in graph.edges(data=True) if u == "tencent" and v == "deepseek-series-a"]
    assert lead[0]["lead"] is True
    assert nx.has_path(graph.to_undirected(), "catl", "baidu")


def test_graph_around_an_entity_is_its_neighbourhood(db):
    near = db.graph(around="CATL", depth=1)
    assert set(near.nodes) == {"catl", "deepseek-series-a"}
    rivals = db.graph(via=["rival_of"])
    assert all(d["relation"] == "rival_of" and d["symmetric"] for _, _, d in rivals.edges(data=True))
    assert rivals.number_of_edges() == 3


def test_the_version_is_the_cli_s():
    printed = subprocess.run([CLI, "--version"], capture_output=True, text=True,
                             check=True).stdout
    assert printed == f"landscape {landscape.__version__} (store format {landscape.STORE_FORMAT_VERSION})\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+", landscape.__version__)


def _stub_classes():
    """The classes and functions of _landscape.pyi: {name: {member: parameter names or None}}."""
    import ast

    tree = ast.parse((pathlib.Path(landscape.__file__).parent / "_landscape.pyi").read_text())
    stub = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            members = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    members[item.name] = [a.arg for a in item.args.args if a.arg != "self"]
                elif isinstance(item, ast.AnnAssign):
                    members[item.target.id] = None
            stub[node.name] = members
        elif isinstance(node, ast.FunctionDef):
            stub[node.name] = [a.arg for a in node.args.args]
        elif isinstance(node, ast.AnnAssign):
            stub[node.target.id] = None  # a module attribute
    return stub


def _binding_parameters(function):
    """Parameter names from pybind11's signature line: "run(self: ..., verb: str, ...) -> ..."."""
    signature = function.__doc__.splitlines()[0]
    inside = signature[signature.index("(") + 1:signature.rindex(") ->")]
    names = [part.split(":")[0].strip() for part in inside.split(", ") if ":" in part]
    return [n for n in names if n != "self"]


def test_the_type_stub_matches_the_binding():
    from landscape import _landscape

    stub = _stub_classes()
    public = {n for n in dir(_landscape) if not n.startswith("_")} | {"__version__"}
    assert public == set(stub)
    for name, members in stub.items():
        native = getattr(_landscape, name)
        if members is None:
            assert not callable(native), name
            continue
        if not isinstance(members, dict):
            assert _binding_parameters(native) == members, name
            continue
        native_members = {n for n in dir(native) if not n.startswith("_")}
        stub_members = {n for n in members if not n.startswith("_")}
        assert native_members == stub_members, name
        for member, parameters in members.items():
            attribute = getattr(native, member)
            if parameters is not None and callable(attribute) and not isinstance(attribute, property):
                assert _binding_parameters(attribute) == parameters, f"{name}.{member}"


# -- corrections and history ------------------------------------------------------------------


def test_a_correction_keeps_the_old_claim_in_the_history(store):
    with landscape.open(store, write=True) as db:
        edit = db.set("DeepSeek Series A", "amount", "$7.5B", as_of="2025-02")
        assert edit["changed"] and edit["change"] == 2
        assert edit["ended"] == ["amount = 51000000000 CNY [pandaily-deepseek-series-a] (reported)"]
        assert db.set("DeepSeek Series A", "amount", "$7.5B", as_of="2025-02")["change"] == 0
        log = db.log().records()
        assert [row["change"] for row in log] == [1, 2]
        assert log[1]["description"] == "set deepseek-series-a amount"
        history = db.history("DeepSeek Series A")["history"].records()
        amounts = [(r["value"], r["recorded"], r["ended"]) for r in history if r["fact"] == "amount"]
        assert amounts == [("51000000000 CNY", 1, 2), ("7500000000 USD", 2, None)]


def test_recorded_by_gives_the_answer_before_and_after_a_set(store):
    with landscape.open(store, write=True) as db:
        db.set("DeepSeek", "valuation", "¥500B")
    with landscape.open(store) as db:
        def valuation(view):
            rows = view.show("DeepSeek")["attributes"].records()
            return [str(r["value"]) for r in rows if r["attribute"] == "valuation"]
        assert valuation(db.at(recorded_by=1)) != valuation(db.at(recorded_by=2))
        assert valuation(db.at(recorded_by=2)) == valuation(db)
        with pytest.raises(landscape.InvalidInput, match="there is no change 9"):
            db.at(recorded_by=9).log()
        with pytest.raises(landscape.InvalidInput, match="lists changes, not facts"):
            db.at(published_by="2025-01-01").log()


def test_retract_and_revert(store):
    with landscape.open(store, write=True) as db:
        ended = db.retract_relation("rival_of", "Baidu", "DeepSeek")
        assert ended["ended"] == ["rival_of baidu → deepseek"]
        assert "deepseek" not in [r["id"] for r in db.rivals("Baidu").records()]
        db.revert(ended["change"])
        assert "deepseek" in [r["id"] for r in db.rivals("Baidu").records()]
        change = db.remove("moonshot-ai")
        restored = db.revert(change)
        assert "entity 'moonshot-ai'" in restored["recorded"]
        with pytest.raises(landscape.NotFound):
            db.retract("DeepSeek", "country", value="Atlantis")


def test_import_replace_lists_what_it_retracts(tmp_path):
    v1 = SOURCE / "tests" / "cases" / "data" / "market_v1.json"
    v2 = SOURCE / "tests" / "cases" / "data" / "market_v2.json"
    with landscape.open(tmp_path / "m.db", write=True) as db:
        db.import_file(v1)
        assert db.import_file(v2)["retracted"] == []
        summary = db.import_file(v2, replace=True)
        assert summary["change"] == 3
        assert "zhipu: valuation = 20000000000 CNY [src-a]" in summary["retracted"]
        assert db.import_file(v2, replace=True)["changed"] is False


def test_export_bulk_csv_round_trips_through_pandas(store, tmp_path):
    import pandas
    with landscape.open(store) as db:
        summary = db.export_bulk_csv(tmp_path / "csv")
        document = json.loads(db.export())
    files = {f["name"]: f for f in summary["files"]}
    nodes = [pandas.read_csv(tmp_path / "csv" / name, keep_default_na=False)
             for name, f in files.items() if f["holds"] == "nodes"]
    relationships = [pandas.read_csv(tmp_path / "csv" / name, keep_default_na=False)
                     for name, f in files.items() if f["holds"] == "relationships"]
    assert sum(len(n) for n in nodes) == len(document["sources"]) + len(document["entities"])
    assert sum(len(r) for r in relationships) == len(document["relations"])
    assert sum(f["rows"] for f in files.values()) == (
        len(document["sources"]) + len(document["entities"]) + len(document["relations"]))
    companies = pandas.read_csv(tmp_path / "csv" / "nodes-company.csv", keep_default_na=False)
    deepseek = companies[companies["id:ID"] == "deepseek"].iloc[0]
    assert deepseek["name"] == "DeepSeek"
    assert float(deepseek["valuation:double"]) == 400000000000
    assert deepseek["valuation_currency:string"] == "CNY"
    assert summary["claims_left_out"] > 0 and "company.notes" in summary[
        "columns_with_claims_left_out"]
    with pytest.raises(landscape.Error, match="exists"):
        with landscape.open(store) as db:
            db.export_bulk_csv(tmp_path / "csv")
    # A view exports the store as it saw it: before any change, nothing.
    with landscape.open(store) as db:
        before = db.at(recorded_by=0).export_bulk_csv(tmp_path / "csv0")
    assert sum(f["rows"] for f in before["files"]) == 0


def test_export_history_writes_every_change(store):
    with landscape.open(store, write=True) as db:
        db.set("DeepSeek", "valuation", "¥500B")
    with landscape.open(store) as db:
        lines = [json.loads(line) for line in db.export(history=True).splitlines()]
    assert lines[0] == {"format": "landscape/1", "history": True}
    changes = [line for line in lines if line.get("type") == "change"]
    assert [c["change"] for c in changes] == [1, 2]
    assert changes[0]["from_empty"] is True
    assert lines[-1]["type"] == "entity" and lines[-1]["id"] == "deepseek"
