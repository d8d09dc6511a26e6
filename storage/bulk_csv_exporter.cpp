#include "storage/bulk_csv_exporter.hpp"

#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "storage/atomic_file.hpp"
#include "storage/record_codec.hpp"

namespace landscape {
namespace {

// Neo4j's default array delimiter, so that the load commands need no option for it.
constexpr char kArrayDelimiter = ';';

struct CsvLine {
  std::string text;
  bool first = true;
};

// RFC 4180: a field holding the delimiter, a quote, a line break or edge spaces is quoted, and
// its quotes doubled.
void AppendField(CsvLine& csv, std::string_view text) {
  if (!csv.first) csv.text.push_back(',');
  csv.first = false;
  std::string& line = csv.text;
  bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) {
    line.append(text);
    return;
  }
  line.push_back('"');
  for (char c : text) {
    if (c == '"') line.push_back('"');
    line.push_back(c);
  }
  line.push_back('"');
}

const char* ScalarColumnType(ValueKind kind) {
  switch (kind) {
    case ValueKind::kInteger:
      return "long";
    case ValueKind::kDecimal:
      return "double";
    case ValueKind::kDate:
      return "date";
    case ValueKind::kBool:
      return "boolean";
    default:
      return "string";  // text, and money inside a list, in its canonical text
  }
}

// The headers of one attribute: money takes three columns (amount, currency, approximate),
// every other type one.
void AppendHeaders(CsvLine& line, const std::string& name, const ValueType& type) {
  if (type.kind == ValueKind::kMoney) {
    AppendField(line, name + ":double");
    AppendField(line, name + "_currency:string");
    AppendField(line, name + "_approximate:boolean");
  } else if (type.kind == ValueKind::kList) {
    AppendField(line, fmt::format("{}:{}[]", name, ScalarColumnType(type.element)));
  } else {
    AppendField(line, fmt::format("{}:{}", name, ScalarColumnType(type.kind)));
  }
}

class BulkCsvWriter {
 public:
  BulkCsvWriter(const Store& store, std::string dir) : store_(store), dir_(std::move(dir)) {}

  Status Run() {
    LANDSCAPE_RETURN_IF_ERROR(store_.ScanIds([&](std::string_view id, const keys::IdEntry& e) {
      ids_.emplace(e.number, std::string(id));
      return Status::Ok();
    }));
    LANDSCAPE_RETURN_IF_ERROR(
        store_.ScanEntityRecords([&](keys::EntityNumber, std::string_view record) {
          LANDSCAPE_ASSIGN_OR_RETURN(Entity e, DecodeEntity(record, store_.schema()));
          return WriteNode(e);
        }));
    LANDSCAPE_RETURN_IF_ERROR(store_.ScanAllRelations(
        [&](const keys::EdgeKeyParts& key, std::string_view value) -> Status {
          const RelationTypeDef* def = store_.schema().FindRelationByTag(key.type);
          auto from = ids_.find(key.first), to = ids_.find(key.second);
          if (!def || from == ids_.end() || to == ids_.end()) {
            return Status::Corruption("an edge whose type or endpoints are missing; run check");
          }
          LANDSCAPE_ASSIGN_OR_RETURN(Relation r, DecodeRelationValue(value, def->name, from->second,
                                                                     to->second, store_.schema()));
          return WriteRelationship(r, *def);
        }));
    for (auto& [name, file] : files_) {
      file.out.flush();
      if (!file.out) return Status::IOError(fmt::format("writing {}/{} failed", dir_, name));
      summary_.files.push_back(file.info);
    }
    summary_.columns_with_claims_left_out.assign(columns_left_out_.begin(),
                                                 columns_left_out_.end());
    return Status::Ok();
  }

  BulkCsvSummary Take() { return std::move(summary_); }

 private:
  struct File {
    std::ofstream out;
    BulkCsvFile info;
  };

  Status WriteNode(const Entity& e) {
    const KindDef* kind = store_.schema().FindKind(e.kind);
    if (!kind) return Status::Corruption(fmt::format("entity '{}' of unknown kind", e.id));
    File& file = Open(fmt::format("nodes-{}.csv", e.kind), e.kind, true, [&](CsvLine& h) {
      for (const char* c : {"id:ID", ":LABEL", "name", "aliases:string[]", "sources:string[]",
                            "confidence:string"}) {
        AppendField(h, c);
      }
      for (const auto& [name, type] : kind->attributes) AppendHeaders(h, name, type);
    });
    CsvLine line;
    AppendField(line, e.id);
    AppendField(line, e.kind);
    AppendField(line, e.name);
    LANDSCAPE_RETURN_IF_ERROR(AppendArray(line, e.aliases, e.id));
    LANDSCAPE_RETURN_IF_ERROR(AppendProvenance(line, e.provenance, e.id));
    LANDSCAPE_RETURN_IF_ERROR(AppendAttributes(line, kind->attributes, e.attributes, e.kind, e.id));
    return Row(file, line);
  }

  Status WriteRelationship(const Relation& r, const RelationTypeDef& def) {
    File& file = Open(fmt::format("relationships-{}.csv", r.type), r.type, false, [&](CsvLine& h) {
      for (const char* c : {":START_ID", ":END_ID", ":TYPE"}) AppendField(h, c);
      for (const auto& [name, type] : def.properties) {
        AppendHeaders(h, name, type);
      }
      AppendField(h, "sources:string[]");
      AppendField(h, "confidence:string");
    });
    std::string where = fmt::format("{} {} -> {}", r.type, r.from, r.to);
    CsvLine line;
    AppendField(line, r.from);
    AppendField(line, r.to);
    AppendField(line, r.type);
    LANDSCAPE_RETURN_IF_ERROR(AppendAttributes(line, def.properties, r.properties, r.type, where));
    LANDSCAPE_RETURN_IF_ERROR(AppendProvenance(line, r.provenance, where));
    return Row(file, line);
  }

  template <typename Header>
  File& Open(const std::string& name, const std::string& label, bool nodes, Header header) {
    auto [it, added] = files_.try_emplace(name);
    File& file = it->second;
    if (added) {
      file.info = BulkCsvFile{name, label, 0, nodes};
      file.out.open(dir_ + "/" + name, std::ios::binary | std::ios::trunc);
      CsvLine line;
      header(line);
      file.out << line.text << '\n';
    }
    return file;
  }

  Status Row(File& file, const CsvLine& line) {
    file.out << line.text << '\n';
    ++file.info.rows;
    if (!file.out)
      return Status::IOError(fmt::format("writing {}/{} failed", dir_, file.info.name));
    return Status::Ok();
  }

  // A list in one field, its elements joined by the array delimiter, which no element may hold:
  // a loader would split it.
  Status AppendArray(CsvLine& line, const std::vector<std::string>& items,
                     const std::string& where) {
    std::string joined;
    for (const std::string& item : items) {
      if (item.find(kArrayDelimiter) != std::string::npos) {
        return Status::InvalidArgument(fmt::format(
            "{}: '{}' holds '{}', the bulk CSV array delimiter; a loader would split it", where,
            item, kArrayDelimiter));
      }
      if (!joined.empty()) joined.push_back(kArrayDelimiter);
      joined += item;
    }
    AppendField(line, joined);
    return Status::Ok();
  }

  Status AppendProvenance(CsvLine& line, const Provenance& p, const std::string& where) {
    LANDSCAPE_RETURN_IF_ERROR(AppendArray(line, p.sources, where));
    AppendField(line, p.confidence);
    return Status::Ok();
  }

  Status AppendAttributes(CsvLine& line, const std::map<std::string, ValueType>& declared,
                          const Attributes& attributes, const std::string& owner,
                          const std::string& where) {
    for (const auto& [name, type] : declared) {
      auto it = attributes.find(name);
      size_t claims = it == attributes.end() ? 0 : it->second.size();
      if (claims > 1) {
        summary_.claims_left_out += claims - 1;
        columns_left_out_.insert(owner + "." + name);
      }
      const Claim* best = claims ? BestClaim(store_.schema(), attributes, name) : nullptr;
      LANDSCAPE_RETURN_IF_ERROR(AppendValue(line, best ? &best->value : nullptr, type,
                                            fmt::format("{} {}", where, name)));
    }
    return Status::Ok();
  }

  Status AppendValue(CsvLine& line, const Value* v, const ValueType& type,
                     const std::string& where) {
    if (type.kind == ValueKind::kMoney) {
      const Money* m = v ? std::get_if<Money>(&v->data) : nullptr;
      AppendField(line, m ? m->amount.ToString() : "");
      AppendField(line, m ? m->currency : "");
      AppendField(line, m ? (m->approximate ? "true" : "false") : "");
      return Status::Ok();
    }
    if (type.kind == ValueKind::kList) {
      std::vector<std::string> items;
      if (const auto* list = v ? std::get_if<Value::List>(&v->data) : nullptr) {
        for (const Value& element : *list) items.push_back(element.ToDisplayString());
      }
      return AppendArray(line, items, where);
    }
    AppendField(line, v ? v->ToDisplayString() : "");
    return Status::Ok();
  }

  const Store& store_;
  std::string dir_;
  std::unordered_map<keys::EntityNumber, std::string> ids_;
  std::map<std::string, File> files_;
  std::set<std::string> columns_left_out_;
  BulkCsvSummary summary_;
};

}  // namespace

Result<BulkCsvSummary> ExportBulkCsv(const Store& store, const std::string& dir) {
  BulkCsvSummary summary;
  LANDSCAPE_RETURN_IF_ERROR(WriteDirectoryAtomically(dir, [&](const std::string& temp) {
    BulkCsvWriter writer(store, temp);
    LANDSCAPE_RETURN_IF_ERROR(writer.Run());
    summary = writer.Take();
    return Status::Ok();
  }));
  return summary;
}

}  // namespace landscape
