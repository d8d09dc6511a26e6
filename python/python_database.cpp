// `_landscape`: the binding of landscape::Database for the `landscape` Python package. Every
// call goes through the front door; the GIL is released while the library works, so threads
// may query one reader at once.

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <pybind11/stl.h>
#include <nlohmann/json.hpp>

#include "landscape/database.hpp"
#include "python_conversions.hpp"

namespace landscape::python {
namespace {

template <typename T>
T ValueOrRaise(Result<T> result) {
  if (!result.ok()) Raise(result.status());
  return std::move(result).value();
}

// Runs `work` with the GIL released: other Python threads go on meanwhile.
template <typename Work>
auto WithoutGil(Work&& work) {
  py::gil_scoped_release unlocked;
  return work();
}

void OkOrRaise(const Status& status) {
  if (!status.ok()) Raise(status);
}

py::dict SummaryToPython(const ImportSummary& s) {
  py::dict out;
  out["entities_added"] = s.entities_added;
  out["entities_updated"] = s.entities_updated;
  out["entities_unchanged"] = s.entities_unchanged;
  out["relations_added"] = s.relations_added;
  out["relations_updated"] = s.relations_updated;
  out["relations_unchanged"] = s.relations_unchanged;
  out["fx_rates_written"] = s.fx_rates_written;
  out["changed"] = s.writes > 0;
  out["renamed"] = s.renamed;
  out["created"] = s.created;
  out["change"] = s.change;
  out["retracted"] = s.retracted;
  return out;
}

py::dict EditToPython(const EditSummary& s) {
  py::dict out;
  out["change"] = s.change;
  out["changed"] = s.change != 0;
  out["ended"] = s.ended;
  out["recorded"] = s.recorded;
  return out;
}

py::dict CheckToPython(const StoreCheckReport& r) {
  py::dict out;
  out["entities"] = r.entities;
  out["relations"] = r.relations;
  out["names"] = r.names;
  out["fx_rates"] = r.fx_rates;
  out["problems"] = r.problems;
  out["ok"] = r.problems.empty();
  out["repaired"] = r.repaired;
  return out;
}

}  // namespace

// A store held open by a script. Closing drops the handle (and a writer's lock); calls made
// meanwhile on other threads keep their own reference until they return.
class PythonDatabase {
 public:
  static PythonDatabase Open(const std::string& path, bool write) {
    Result<std::unique_ptr<Database>> db = WithoutGil(
        [&] { return Database::Open(path, write ? OpenMode::kWriteOrCreate : OpenMode::kRead); });
    return PythonDatabase(std::shared_ptr<Database>(ValueOrRaise(std::move(db))), write);
  }

  std::string path() const { return Get()->path(); }
  bool writable() const { return write_; }
  bool closed() const { return db_ == nullptr; }
  void Close() { db_.reset(); }

  py::list Run(const std::string& verb, const py::dict& options,
               const std::optional<std::string>& as_of, const std::string& currency,
               const std::optional<std::string>& published_by,
               const std::optional<std::string>& recorded_by) const {
    Request request{ValueOrRaise(RequestFromOptions(verb, options)), ReadContext{}};
    if (as_of) request.context.as_of = ValueOrRaise(Date::Parse(*as_of));
    if (published_by) request.context.published_by = ValueOrRaise(Date::Parse(*published_by));
    if (recorded_by) request.context.recorded_by = *recorded_by;
    request.context.currency = currency;
    std::shared_ptr<Database> db = Get();
    Result<std::vector<ResultTable>> tables = WithoutGil([&] { return db->Run(request); });
    py::list out;
    for (ResultTable& table : ValueOrRaise(std::move(tables)))
      out.append(py::cast(std::move(table)));
    return out;
  }

  py::dict Import(const std::vector<std::string>& paths, std::optional<bool> json_lines,
                  bool replace) {
    std::vector<ImportInput> inputs;
    for (const std::string& path : paths) {
      bool lines = json_lines.value_or(path.size() > 6 && path.ends_with(".jsonl"));
      inputs.push_back(ImportInput{path, lines});
    }
    std::shared_ptr<Database> db = Get();
    ImportOptions options;
    options.replace = replace;
    Result<ImportReport> report = WithoutGil([&] { return db->Import(inputs, options); });
    py::dict out = SummaryToPython(ValueOrRaise(std::move(report)).summary);
    return out;
  }

  std::optional<std::string> Export(const std::optional<std::string>& path, bool history) const {
    std::shared_ptr<Database> db = Get();
    ExportRequest request;
    if (history) request.format = landscape::ExportFormat::kHistory;
    if (path) {
      Status status = WithoutGil([&] { return db->ExportToFile(request, ReadContext{}, *path); });
      OkOrRaise(status);
      return std::nullopt;
    }
    std::ostringstream out;
    Status status = WithoutGil([&] { return db->Export(request, ReadContext{}, out); });
    OkOrRaise(status);
    return out.str();
  }

  py::dict ExportBulkCsv(const std::string& dir, const std::optional<std::string>& published_by,
                         const std::optional<std::string>& recorded_by) const {
    ReadContext context;
    if (published_by) context.published_by = ValueOrRaise(Date::Parse(*published_by));
    if (recorded_by) context.recorded_by = *recorded_by;
    std::shared_ptr<Database> db = Get();
    Result<BulkCsvSummary> result = WithoutGil([&] { return db->ExportBulkCsv(dir, context); });
    BulkCsvSummary summary = ValueOrRaise(std::move(result));
    py::list files;
    for (const BulkCsvFile& f : summary.files) {
      py::dict file;
      file["name"] = f.name;
      file["label"] = f.label_or_type;
      file["rows"] = f.rows;
      file["holds"] = f.nodes ? "nodes" : "relationships";
      files.append(file);
    }
    py::dict out;
    out["files"] = files;
    out["claims_left_out"] = summary.claims_left_out;
    out["columns_with_claims_left_out"] = summary.columns_with_claims_left_out;
    return out;
  }

  py::dict Check() const {
    std::shared_ptr<Database> db = Get();
    Result<StoreCheckReport> report = WithoutGil([&] { return db->Check(); });
    return CheckToPython(ValueOrRaise(std::move(report)));
  }

  template <typename Spec>
  py::dict Add(const Spec& spec) {
    std::shared_ptr<Database> db = Get();
    Result<ImportSummary> summary = WithoutGil([&] { return db->Add(spec); });
    return SummaryToPython(ValueOrRaise(std::move(summary)));
  }

  template <typename Spec>
  py::dict Edit(const Spec& spec) {
    std::shared_ptr<Database> db = Get();
    Result<EditSummary> summary = WithoutGil([&]() -> Result<EditSummary> {
      if constexpr (std::is_same_v<Spec, SetSpec>) {
        return db->Set(spec);
      } else if constexpr (std::is_same_v<Spec, uint64_t>) {
        return db->Revert(spec);
      } else {
        return db->Retract(spec);
      }
    });
    return EditToPython(ValueOrRaise(std::move(summary)));
  }

  // The change's number in the log.
  uint64_t Remove(const std::string& id) {
    std::shared_ptr<Database> db = Get();
    Result<uint64_t> change = WithoutGil([&] { return db->Remove(id); });
    return ValueOrRaise(std::move(change));
  }

 private:
  PythonDatabase(std::shared_ptr<Database> db, bool write) : db_(std::move(db)), write_(write) {}

  std::shared_ptr<Database> Get() const {
    if (!db_) Raise(Status::InvalidArgument("the store is closed"));
    return db_;
  }

  std::shared_ptr<Database> db_;
  bool write_ = false;
};

}  // namespace landscape::python

namespace {
using landscape::EntitySpec;
using landscape::FxSpec;
using landscape::RelationRetractSpec;
using landscape::RelationSpec;
using landscape::ResultTable;
using landscape::RetractSpec;
using landscape::RoundSpec;
using landscape::SetSpec;
using landscape::python::PythonDatabase;
namespace py = pybind11;
}  // namespace

PYBIND11_MODULE(_landscape, m) {
  m.doc() = "The binding of Landscape's front door; use the `landscape` package.";
  m.attr("__version__") = landscape::LibraryVersion();
  m.attr("STORE_FORMAT_VERSION") = landscape::StoreFormatVersion();
  py::class_<PythonDatabase>(m, "Database")
      .def_static("open", &PythonDatabase::Open, py::arg("path"), py::arg("write"))
      .def_property_readonly("path", &PythonDatabase::path)
      .def_property_readonly("writable", &PythonDatabase::writable)
      .def_property_readonly("closed", &PythonDatabase::closed)
      .def("close", &PythonDatabase::Close)
      .def("run", &PythonDatabase::Run, py::arg("verb"), py::arg("options"), py::arg("as_of"),
           py::arg("currency"), py::arg("published_by"), py::arg("recorded_by"))
      .def("import_files", &PythonDatabase::Import, py::arg("paths"), py::arg("json_lines"),
           py::arg("replace"))
      .def("export", &PythonDatabase::Export, py::arg("path"), py::arg("history"))
      .def("export_bulk_csv", &PythonDatabase::ExportBulkCsv, py::arg("directory"),
           py::arg("published_by"), py::arg("recorded_by"))
      .def("check", &PythonDatabase::Check)
      .def(
          "add_entity", [](PythonDatabase& db, EntitySpec spec) { return db.Add(spec); },
          py::arg("spec"))
      .def(
          "add_relation", [](PythonDatabase& db, RelationSpec spec) { return db.Add(spec); },
          py::arg("spec"))
      .def(
          "add_fx", [](PythonDatabase& db, FxSpec spec) { return db.Add(spec); }, py::arg("spec"))
      .def(
          "add_round", [](PythonDatabase& db, RoundSpec spec) { return db.Add(spec); },
          py::arg("spec"))
      .def(
          "set", [](PythonDatabase& db, SetSpec spec) { return db.Edit(spec); }, py::arg("spec"))
      .def(
          "retract", [](PythonDatabase& db, RetractSpec spec) { return db.Edit(spec); },
          py::arg("spec"))
      .def(
          "retract_relation",
          [](PythonDatabase& db, RelationRetractSpec spec) { return db.Edit(spec); },
          py::arg("spec"))
      .def(
          "revert", [](PythonDatabase& db, uint64_t change) { return db.Edit(change); },
          py::arg("change"))
      .def("remove", &PythonDatabase::Remove, py::arg("id"));
  m.def(
      "render_text",
      [](const std::vector<ResultTable>& tables) {
        std::ostringstream out;
        landscape::RenderTables(tables, landscape::OutputFormat::kTable, out);
        return out.str();
      },
      py::arg("tables"));
  py::class_<ResultTable>(m, "ResultTable")
      .def_readonly("name", &ResultTable::name)
      .def_readonly("title", &ResultTable::title)
      .def_readonly("columns", &ResultTable::columns)
      .def_readonly("is_record", &ResultTable::is_record)
      .def_readonly("display_transposed", &ResultTable::display_transposed)
      .def_readonly("empty_reason", &ResultTable::empty_reason)
      .def_property_readonly("row_count", [](const ResultTable& t) { return t.rows.size(); })
      .def("data", &landscape::python::TableData)
      .def("text",
           [](const ResultTable& t) {
             std::ostringstream out;
             landscape::RenderTable(t, out);
             return out.str();
           })
      .def("json", [](const ResultTable& t) { return landscape::TableToJson(t).dump(); })
      .def("csv", [](const ResultTable& t) {
        std::ostringstream out;
        landscape::RenderCsv(t, out);
        return out.str();
      });
  py::class_<EntitySpec>(m, "EntitySpec")
      .def(py::init<>())
      .def_readwrite("id", &EntitySpec::id)
      .def_readwrite("kind", &EntitySpec::kind)
      .def_readwrite("name", &EntitySpec::name)
      .def_readwrite("aliases", &EntitySpec::aliases)
      .def_readwrite("attributes", &EntitySpec::attributes)
      .def_readwrite("sources", &EntitySpec::sources)
      .def_readwrite("confidence", &EntitySpec::confidence);
  py::class_<RelationSpec>(m, "RelationSpec")
      .def(py::init<>())
      .def_readwrite("type", &RelationSpec::type)
      .def_readwrite("from_", &RelationSpec::from)
      .def_readwrite("to", &RelationSpec::to)
      .def_readwrite("properties", &RelationSpec::properties)
      .def_readwrite("sources", &RelationSpec::sources)
      .def_readwrite("confidence", &RelationSpec::confidence);
  py::class_<RoundSpec>(m, "RoundSpec")
      .def(py::init<>())
      .def_readwrite("company", &RoundSpec::company)
      .def_readwrite("stage", &RoundSpec::stage)
      .def_readwrite("amount", &RoundSpec::amount)
      .def_readwrite("date", &RoundSpec::date)
      .def_readwrite("id", &RoundSpec::id)
      .def_readwrite("leads", &RoundSpec::leads)
      .def_readwrite("investors", &RoundSpec::investors)
      .def_readwrite("sources", &RoundSpec::sources)
      .def_readwrite("confidence", &RoundSpec::confidence);
  py::class_<FxSpec>(m, "FxSpec")
      .def(py::init<>())
      .def_readwrite("base", &FxSpec::base)
      .def_readwrite("quote", &FxSpec::quote)
      .def_readwrite("rate", &FxSpec::rate)
      .def_readwrite("date", &FxSpec::date)
      .def_readwrite("sources", &FxSpec::sources)
      .def_readwrite("confidence", &FxSpec::confidence);
  py::class_<SetSpec>(m, "SetSpec")
      .def(py::init<>())
      .def_readwrite("entity", &SetSpec::entity)
      .def_readwrite("attribute", &SetSpec::attribute)
      .def_readwrite("value", &SetSpec::value)
      .def_readwrite("sources", &SetSpec::sources)
      .def_readwrite("confidence", &SetSpec::confidence)
      .def_readwrite("as_of", &SetSpec::as_of)
      .def_readwrite("only_source", &SetSpec::only_source);
  py::class_<RetractSpec>(m, "RetractSpec")
      .def(py::init<>())
      .def_readwrite("entity", &RetractSpec::entity)
      .def_readwrite("attribute", &RetractSpec::attribute)
      .def_readwrite("value", &RetractSpec::value)
      .def_readwrite("source", &RetractSpec::source);
  py::class_<RelationRetractSpec>(m, "RelationRetractSpec")
      .def(py::init<>())
      .def_readwrite("type", &RelationRetractSpec::type)
      .def_readwrite("from_", &RelationRetractSpec::from)
      .def_readwrite("to", &RelationRetractSpec::to);
}
