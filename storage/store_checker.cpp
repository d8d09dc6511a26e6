#include "storage/store_checker.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "core/document_codec.hpp"
#include "core/text.hpp"
#include "storage/graph_image_file.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_handles.hpp"

namespace landscape {
namespace {

constexpr size_t kMaxProblems = 100;

class Checker {
 public:
  explicit Checker(const Store& store) : store_(store), h_(store.handles()) {}

  Result<StoreCheckReport> Run() {
    LANDSCAPE_RETURN_IF_ERROR(CheckIds());
    LANDSCAPE_RETURN_IF_ERROR(CheckEntities());
    LANDSCAPE_RETURN_IF_ERROR(CheckNextId());
    LANDSCAPE_RETURN_IF_ERROR(CheckNames());
    LANDSCAPE_RETURN_IF_ERROR(CheckEdges(ColumnFamily::kOut));
    LANDSCAPE_RETURN_IF_ERROR(CheckEdges(ColumnFamily::kIn));
    LANDSCAPE_RETURN_IF_ERROR(CheckFx());
    CheckGraphImage();
    return std::move(report_);
  }

 private:
  struct Known {
    std::string id;
    std::string kind;
    std::set<std::string> names;
  };

  template <typename... Args>
  void Problem(fmt::format_string<Args...> f, Args&&... args) {
    if (report_.problems.size() < kMaxProblems) {
      report_.problems.push_back(fmt::format(f, std::forward<Args>(args)...));
    } else if (report_.problems.size() == kMaxProblems) {
      report_.problems.push_back("(more problems not listed)");
    }
  }

  std::unique_ptr<rocksdb::Iterator> Scan(ColumnFamily cf) const {
    std::unique_ptr<rocksdb::Iterator> it(h_.db->NewIterator(rocksdb::ReadOptions(), h_.cf(cf)));
    it->SeekToFirst();
    return it;
  }

  Status CheckIds() {
    for (auto it = Scan(ColumnFamily::kIds); it->Valid(); it->Next()) {
      std::string id = it->key().ToString();
      auto entry = keys::DecodeIdValue(it->value().ToStringView());
      if (!entry) {
        Problem("id '{}': malformed index entry", id);
        continue;
      }
      auto entity = store_.GetEntity(entry->number);
      if (!entity.ok() || !*entity) {
        Problem("id '{}' names entity #{}, which is missing or unreadable{}", id, entry->number,
                entity.ok() ? "" : ": " + entity.status().message());
        continue;
      }
      const Entity& e = **entity;
      const KindDef* kind = store_.schema().FindKindByTag(entry->kind);
      if (e.id != id)
        Problem("id '{}' names entity #{}, whose id is '{}'", id, entry->number, e.id);
      if (!kind || kind->name != e.kind) {
        Problem("id '{}': index says kind tag {}, entity says '{}'", id, entry->kind, e.kind);
      }
      std::set<std::string> names{NormalizeName(e.name)};
      for (const std::string& a : e.aliases) names.insert(NormalizeName(a));
      known_[entry->number] = Known{e.id, e.kind, std::move(names)};
      cited_[entry->number] = CitedSources(e);
    }
    return FromRocks(Scan(ColumnFamily::kIds)->status(), "scanning ids");
  }

  Status CheckEntities() {
    auto it = Scan(ColumnFamily::kEntities);
    for (; it->Valid(); it->Next()) {
      ++report_.entities;
      keys::EntityNumber n = keys::ReadU64(it->key().ToStringView());
      highest_number_ = std::max(highest_number_, n);
      if (!known_.count(n)) Problem("entity #{} has no entry in the id index", n);
    }
    for (const auto& [n, sources] : cited_) {
      for (const std::string& s : sources) CheckSource(s, fmt::format("entity '{}'", known_[n].id));
    }
    return FromRocks(it->status(), "scanning entities");
  }

  // The next entity number must be above every number in use: the next `add` or import
  // takes it, and would otherwise overwrite an entity.
  Status CheckNextId() {
    std::string value;
    rocksdb::Status s = h_.db->Get(rocksdb::ReadOptions(), h_.cf(ColumnFamily::kMeta),
                                   std::string(keys::kMetaNextId), &value);
    if (s.IsNotFound()) {
      Problem("meta/next_id is missing: the next add would number entities from scratch");
      report_.next_id_repair = highest_number_ + 1;
      return Status::Ok();
    }
    LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, "reading meta/next_id"));
    if (value.size() != 8) {
      Problem("meta/next_id is malformed ({} bytes, expected 8)", value.size());
      report_.next_id_repair = highest_number_ + 1;
      return Status::Ok();
    }
    keys::EntityNumber next = keys::ReadU64(value);
    if (report_.entities > 0 && next <= highest_number_) {
      Problem("meta/next_id is {} but entity #{} exists: the next add would overwrite it", next,
              highest_number_);
      report_.next_id_repair = highest_number_ + 1;
    }
    return Status::Ok();
  }

  void CheckSource(const std::string& source, const std::string& citer) {
    auto entry = store_.LookupId(source);
    if (!entry.ok() || !*entry) {
      Problem("{} cites source '{}', which does not exist", citer, source);
      return;
    }
    auto it = known_.find((*entry)->number);
    if (it != known_.end() && it->second.kind != "source") {
      Problem("{} cites '{}' as a source, but it is a {}", citer, source, it->second.kind);
    }
  }

  Status CheckNames() {
    std::unordered_map<keys::EntityNumber, size_t> indexed;
    auto it = Scan(ColumnFamily::kNames);
    for (; it->Valid(); it->Next()) {
      ++report_.names;
      auto parts = keys::DecodeNameKey(it->key().ToStringView());
      if (!parts) {
        Problem("malformed name index key");
        continue;
      }
      auto k = known_.find(parts->id);
      if (k == known_.end()) {
        Problem("name '{}' points at missing entity #{}", parts->normalized_name, parts->id);
      } else if (!k->second.names.count(std::string(parts->normalized_name))) {
        Problem("name '{}' points at '{}', which has no such name or alias", parts->normalized_name,
                k->second.id);
      } else {
        ++indexed[parts->id];
      }
    }
    for (const auto& [n, known] : known_) {
      if (indexed[n] != known.names.size()) {
        Problem("entity '{}' has {} names but {} are in the name index", known.id,
                known.names.size(), indexed[n]);
      }
    }
    return FromRocks(it->status(), "scanning names");
  }

  Status CheckEdges(ColumnFamily cf) {
    bool out = cf == ColumnFamily::kOut;
    ColumnFamily mirror = out ? ColumnFamily::kIn : ColumnFamily::kOut;
    auto it = Scan(cf);
    for (; it->Valid(); it->Next()) {
      auto p = keys::DecodeEdgeKey(it->key().ToStringView());
      if (!p) {
        Problem("malformed edge key in '{}'", ColumnFamilyName(cf));
        continue;
      }
      keys::EntityNumber from = out ? p->first : p->second, to = out ? p->second : p->first;
      std::string value;
      if (!h_.db
               ->Get(rocksdb::ReadOptions(), h_.cf(mirror),
                     keys::EdgeKey(p->second, p->type, p->first), &value)
               .ok()) {
        Problem("edge #{} -> #{} (type {}) in '{}' has no mirror in '{}'", from, to, p->type,
                ColumnFamilyName(cf), ColumnFamilyName(mirror));
      }
      if (out) CheckOutEdge(from, p->type, to, it->value().ToStringView());
    }
    return FromRocks(it->status(), "scanning edges");
  }

  void CheckOutEdge(keys::EntityNumber from, RelationTag tag, keys::EntityNumber to,
                    std::string_view value) {
    ++report_.relations;
    const RelationTypeDef* def = store_.schema().FindRelationByTag(tag);
    auto f = known_.find(from), t = known_.find(to);
    if (!def || f == known_.end() || t == known_.end()) {
      Problem("edge #{} -> #{}: {}", from, to,
              !def ? "unknown relation type tag " + std::to_string(tag) : "missing endpoint");
      return;
    }
    std::string label = fmt::format("{} {} -> {}", def->name, f->second.id, t->second.id);
    auto allowed = [&](const std::set<std::string>& kinds, const std::string& kind) {
      return kinds.count(kind) ||
             (def->symmetric && (def->from_kinds.count(kind) || def->to_kinds.count(kind)));
    };
    if (!allowed(def->from_kinds, f->second.kind) || !allowed(def->to_kinds, t->second.kind)) {
      Problem("{}: endpoint kinds {} -> {} break the schema", label, f->second.kind,
              t->second.kind);
    }
    if (def->symmetric && !(f->second.id < t->second.id)) {
      Problem("{}: a symmetric relation must be stored from the smaller id", label);
    }
    auto r = DecodeRelationValue(value, def->name, f->second.id, t->second.id, store_.schema());
    if (!r.ok()) {
      Problem("{}: {}", label, r.status().message());
      return;
    }
    for (const std::string& s : CitedSources(*r)) CheckSource(s, label);
  }

  Status CheckFx() {
    return store_.ScanFxRates([&](const FxRate& fx) {
      ++report_.fx_rates;
      for (const std::string& s : fx.provenance.sources) {
        CheckSource(s, fmt::format("FX rate {}/{} {}", fx.base, fx.quote, fx.date.ToString()));
      }
      return Status::Ok();
    });
  }

  // Queries ignore a damaged image and read the store, so it costs time, not answers; but a
  // file that fails its checksums is damage on the disk, which the analyst should hear of.
  void CheckGraphImage() {
    auto file = GraphImageFile::Map(store_.graph_image_path());
    if (file.ok() || file.status().code() == StatusCode::kNotFound) return;
    Problem("{}; queries ignore it, and the next import rewrites it", file.status().message());
    report_.image_repair = true;
  }

  const Store& store_;
  const StoreHandles& h_;
  StoreCheckReport report_;
  std::unordered_map<keys::EntityNumber, Known> known_;
  keys::EntityNumber highest_number_ = 0;
  std::unordered_map<keys::EntityNumber, std::vector<std::string>> cited_;
};

}  // namespace

Result<StoreCheckReport> CheckStore(const Store& store) { return Checker(store).Run(); }

Result<std::vector<std::string>> RepairStore(Store& store, const StoreCheckReport& report) {
  if (!store.writable())
    return Status::InvalidArgument("a repair needs the store open for writing");
  std::vector<std::string> repaired;
  if (report.next_id_repair) {
    const StoreHandles& h = store.handles();
    std::string value;
    keys::AppendU64(&value, *report.next_id_repair);
    rocksdb::WriteOptions sync;
    sync.sync = true;
    Status written = FromRocksCommit(
        h.db->Put(sync, h.cf(ColumnFamily::kMeta), std::string(keys::kMetaNextId), value),
        "repairing meta/next_id");
    if (!written.ok()) {
      store.NoteFailedCommit();
      return written;
    }
    store.RecordWatermark();
    repaired.push_back(fmt::format("meta/next_id set to {}, above every entity number in use",
                                   *report.next_id_repair));
  }
  if (report.image_repair) {
    std::error_code ec;
    std::filesystem::remove(store.graph_image_path(), ec);
    if (ec) {
      return Status::IOError(
          fmt::format("removing the damaged {}: {}", store.graph_image_path(), ec.message()));
    }
    repaired.push_back("the damaged graph image removed (derived from the store; built again)");
  }
  return repaired;
}

}  // namespace landscape
