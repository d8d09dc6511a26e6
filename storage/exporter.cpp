#include "storage/exporter.hpp"

#include <algorithm>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"
#include "storage/record_codec.hpp"

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

// Every entity in readable-id order, as the id index holds them: what both sections walk.
struct IdOrder {
  std::vector<keys::IdEntry> entries;
  std::unordered_map<keys::EntityNumber, std::string> ids;
};

Result<IdOrder> ReadIdOrder(const Store& store) {
  IdOrder order;
  LANDSCAPE_RETURN_IF_ERROR(store.ScanIds([&](std::string_view id, const keys::IdEntry& e) {
    order.entries.push_back(e);
    order.ids.emplace(e.number, std::string(id));
    return Status::Ok();
  }));
  return order;
}

Status WriteEntities(const Store& store, const IdOrder& order, SectionWriter& w, bool sources) {
  const KindDef* source_kind = store.schema().FindKind("source");
  for (const keys::IdEntry& entry : order.entries) {
    if ((source_kind && entry.kind == source_kind->tag) != sources) continue;
    LANDSCAPE_ASSIGN_OR_RETURN(std::optional<Entity> e, store.GetEntity(entry.number));
    if (!e) {
      return Status::Corruption(fmt::format("id '{}' names entity #{}, which is missing",
                                            order.ids.at(entry.number), entry.number));
    }
    w.Record(EntityToJson(*e, !sources));
  }
  return Status::Ok();
}

// Each entity's outgoing relations come from one prefix scan with their values, sorted by
// relation name, then the other end's id: the export's order, from key order.
Status WriteRelations(const Store& store, const IdOrder& order, SectionWriter& w) {
  struct Edge {
    const std::string* type;
    const std::string* to;
    std::string value;
  };
  std::vector<Edge> edges;
  for (const keys::IdEntry& entry : order.entries) {
    edges.clear();
    LANDSCAPE_RETURN_IF_ERROR(store.ScanOutgoingRelations(
        entry.number, [&](const keys::EdgeKeyParts& key, std::string_view value) {
          const RelationTypeDef* def = store.schema().FindRelationByTag(key.type);
          auto to = order.ids.find(key.second);
          if (!def) return Status::Corruption("edge of unknown type");
          if (to == order.ids.end()) {
            return Status::Corruption(
                fmt::format("an edge to entity #{}, which has no id", key.second));
          }
          edges.push_back(Edge{&def->name, &to->second, std::string(value)});
          return Status::Ok();
        }));
    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
      return std::tie(*a.type, *a.to) < std::tie(*b.type, *b.to);
    });
    const std::string& from = order.ids.at(entry.number);
    for (const Edge& edge : edges) {
      LANDSCAPE_ASSIGN_OR_RETURN(
          Relation r, DecodeRelationValue(edge.value, *edge.type, from, *edge.to, store.schema()));
      w.Record(RelationToJson(r));
    }
  }
  return Status::Ok();
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
  LANDSCAPE_ASSIGN_OR_RETURN(IdOrder order, ReadIdOrder(store));
  w.Begin("sources", "source");
  LANDSCAPE_RETURN_IF_ERROR(WriteEntities(store, order, w, true));
  w.End();
  w.Begin("entities", "entity");
  LANDSCAPE_RETURN_IF_ERROR(WriteEntities(store, order, w, false));
  w.End();
  w.Begin("relations", "relation");
  LANDSCAPE_RETURN_IF_ERROR(WriteRelations(store, order, w));
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
