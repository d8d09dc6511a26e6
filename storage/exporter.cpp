#include "storage/exporter.hpp"

#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"

namespace landscape {
namespace {

using nlohmann::json;

// Writes records of one section in either form, handling separators.
class SectionWriter {
 public:
  SectionWriter(std::ostream& out, ExportForm form) : out_(out), form_(form) {}

  void Begin(const char* section, const char* record_type) {
    record_type_ = record_type;
    count_ = 0;
    if (form_ == ExportForm::kDocument) out_ << ",\n  \"" << section << "\": [";
  }
  void Record(json record) {
    if (form_ != ExportForm::kDocument) {
      record["type"] = record_type_;
      out_ << record.dump(-1, ' ', false, json::error_handler_t::strict) << '\n';
      return;
    }
    out_ << (count_++ ? ",\n    " : "\n    ")
         << record.dump(-1, ' ', false, json::error_handler_t::strict);
  }
  void End() {
    if (form_ == ExportForm::kDocument) out_ << (count_ ? "\n  ]" : "]");
  }

 private:
  std::ostream& out_;
  ExportForm form_;
  const char* record_type_ = "";
  size_t count_ = 0;
};

Status WriteEntities(const Store& store, SectionWriter& w, bool sources) {
  return store.ScanEntities([&](const Entity& e, keys::EntityNumber) {
    if ((e.kind == "source") == sources) w.Record(EntityToJson(e, !sources));
    return Status::Ok();
  });
}

Status WriteRelations(const Store& store, SectionWriter& w) {
  std::unordered_map<keys::EntityNumber, std::string> readable;
  auto readable_id = [&](keys::EntityNumber n) -> Result<std::string> {
    auto it = readable.find(n);
    if (it != readable.end()) return it->second;
    LANDSCAPE_ASSIGN_OR_RETURN(std::string id, store.ReadableId(n));
    readable.emplace(n, id);
    return id;
  };
  return store.ScanEntities([&](const Entity& e, keys::EntityNumber number) {
    readable.emplace(number, e.id);
    std::vector<std::pair<std::pair<std::string, std::string>, EdgeRef>> edges;
    LANDSCAPE_RETURN_IF_ERROR(
        store.ScanEdges(number, EdgeDirection::kOut, std::nullopt, [&](const EdgeRef& edge) {
          const RelationTypeDef* def = store.schema().FindRelationByTag(edge.type);
          if (!def) return Status::Corruption("edge of unknown type");
          LANDSCAPE_ASSIGN_OR_RETURN(std::string to, readable_id(edge.other));
          edges.push_back({{def->name, to}, edge});
          return Status::Ok();
        }));
    std::sort(edges.begin(), edges.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [order, edge] : edges) {
      LANDSCAPE_ASSIGN_OR_RETURN(Relation r, store.GetRelation(edge));
      w.Record(RelationToJson(r));
    }
    return Status::Ok();
  });
}

}  // namespace

Status ExportStore(const Store& store, ExportForm form, std::ostream& out) {
  json schema = store.schema().ExtensionsToJson(false);
  SectionWriter w(out, form);
  if (form == ExportForm::kDocument) {
    out << "{\n  \"format\": \"" << kDocumentFormat << "\",\n  \"schema\": " << schema.dump();
  } else if (form == ExportForm::kJsonLines) {
    out << json{{"format", kDocumentFormat}}.dump() << '\n';
    if (!schema.empty()) {
      schema["type"] = "schema";
      out << schema.dump() << '\n';
    }
  }
  w.Begin("sources", "source");
  LANDSCAPE_RETURN_IF_ERROR(WriteEntities(store, w, true));
  w.End();
  w.Begin("entities", "entity");
  LANDSCAPE_RETURN_IF_ERROR(WriteEntities(store, w, false));
  w.End();
  w.Begin("relations", "relation");
  LANDSCAPE_RETURN_IF_ERROR(WriteRelations(store, w));
  w.End();
  w.Begin("fx_rates", "fx_rate");
  LANDSCAPE_RETURN_IF_ERROR(store.ScanFxRates([&](const FxRate& fx) {
    w.Record(FxRateToJson(fx));
    return Status::Ok();
  }));
  w.End();
  if (form == ExportForm::kDocument) out << "\n}\n";
  if (!out) return Status::IOError("writing the export failed");
  return Status::Ok();
}

}  // namespace landscape
