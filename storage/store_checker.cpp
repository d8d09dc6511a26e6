#include "storage/store_checker.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <xxhash.h>

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

  // The id index is read first; then the entity records and names on one core while the
  // edges are read on the other, each phase listing its problems apart so that the report's
  // order does not depend on the threads.
  Result<StoreCheckReport> Run() {
    LANDSCAPE_RETURN_IF_ERROR(CheckIds());
    Status edges_status;
    std::optional<std::thread> edges;
    try {
      edges.emplace([&] { edges_status = CheckEdges(); });
    } catch (const std::system_error&) {
      edges_status = CheckEdges();  // no second thread to be had: one after the other
    }
    Status entities_status = CheckEntities();
    if (entities_status.ok()) entities_status = CheckNextId();
    if (entities_status.ok()) entities_status = CheckNames();
    if (edges) edges->join();
    LANDSCAPE_RETURN_IF_ERROR(entities_status);
    LANDSCAPE_RETURN_IF_ERROR(edges_status);
    problems_.Append(edge_problems_);
    LANDSCAPE_RETURN_IF_ERROR(CheckFx());
    CheckGraphImage();
    report_.problems = problems_.Take();
    return std::move(report_);
  }

 private:
  // At most kMaxProblems, then a line saying that there were more.
  class ProblemList {
   public:
    void Add(std::string problem) {
      if (items_.size() < kMaxProblems) {
        items_.push_back(std::move(problem));
      } else {
        more_ = true;
      }
    }
    void Append(ProblemList& other) {
      for (std::string& p : other.items_) Add(std::move(p));
      more_ = more_ || other.more_;
    }
    std::vector<std::string> Take() {
      if (more_) items_.push_back("(more problems not listed)");
      return std::move(items_);
    }

   private:
    std::vector<std::string> items_;
    bool more_ = false;
  };

  struct Known {
    keys::EntityNumber number = 0;
    std::string id;
    KindTag kind_tag = 0;
    std::string kind;
    bool has_record = false;  // its entity record is there and readable
    bool unreadable = false;
    std::set<std::string> names;
    size_t indexed_names = 0;
  };

  // Entity numbers come from a counter, so they are dense: found through an array indexed by
  // number, with a number far beyond any counter (a damaged id entry) kept aside. Filled by
  // the id scan alone; the phases after it read it from both threads.
  class KnownEntities {
   public:
    std::pair<Known*, bool> Emplace(keys::EntityNumber n) {
      if (Known* k = Find(n)) return {k, false};
      entities_.push_back(Known{});
      entities_.back().number = n;
      if (n < kDenseLimit) {
        if (n >= slots_.size()) slots_.resize(std::max<size_t>(n + 1, slots_.size() * 2));
        slots_[n] = static_cast<uint32_t>(entities_.size());
      } else {
        sparse_[n] = entities_.size();
      }
      return {&entities_.back(), true};
    }
    Known* Find(keys::EntityNumber n) {
      if (n < slots_.size()) return slots_[n] ? &entities_[slots_[n] - 1] : nullptr;
      if (sparse_.empty()) return nullptr;
      auto it = sparse_.find(n);
      return it == sparse_.end() ? nullptr : &entities_[it->second - 1];
    }
    std::vector<Known>& all() { return entities_; }

   private:
    static constexpr keys::EntityNumber kDenseLimit = 1ull << 28;  // at most 1 GiB of slots
    std::vector<Known> entities_;
    std::vector<uint32_t> slots_;  // number → 1 + index in entities_, 0 when none
    std::unordered_map<keys::EntityNumber, size_t> sparse_;
  };

  template <typename... Args>
  void Problem(ProblemList& list, fmt::format_string<Args...> f, Args&&... args) {
    list.Add(fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  void Problem(fmt::format_string<Args...> f, Args&&... args) {
    Problem(problems_, f, std::forward<Args>(args)...);
  }

  std::unique_ptr<rocksdb::Iterator> Scan(ColumnFamily cf) const {
    std::unique_ptr<rocksdb::Iterator> it(h_.db->NewIterator(rocksdb::ReadOptions(), h_.cf(cf)));
    it->SeekToFirst();
    return it;
  }

  // The id index first, then the entity records in key order beside what it said: two
  // sequential scans, where a point read per id made `check` grow with the store's depth.
  Status CheckIds() {
    auto it = Scan(ColumnFamily::kIds);
    for (; it->Valid(); it->Next()) {
      std::string id = it->key().ToString();
      auto entry = keys::DecodeIdValue(it->value().ToStringView());
      if (!entry) {
        Problem("id '{}': malformed index entry", id);
        continue;
      }
      const KindDef* kind = store_.schema().FindKindByTag(entry->kind);
      auto [known, added] = known_.Emplace(entry->number);
      if (!added) {
        Problem("ids '{}' and '{}' both name entity #{}", known->id, id, entry->number);
        continue;
      }
      known->id = id;
      known->kind_tag = entry->kind;
      known->kind = kind ? kind->name : "";
      if (kind && kind->name == "source") source_ids_.insert(id);
    }
    return FromRocks(it->status(), "scanning ids");
  }

  Status CheckEntities() {
    auto it = Scan(ColumnFamily::kEntities);
    for (; it->Valid(); it->Next()) {
      ++report_.entities;
      if (it->key().size() != 8) {
        Problem("malformed entity key");
        continue;
      }
      keys::EntityNumber n = keys::ReadU64(it->key().ToStringView());
      highest_number_ = std::max(highest_number_, n);
      Known* known = known_.Find(n);
      if (!known) {
        Problem("entity #{} has no entry in the id index", n);
        continue;
      }
      auto entity = DecodeEntity(it->value().ToStringView(), store_.schema());
      if (!entity.ok()) {
        known->unreadable = true;
        Problem("id '{}' names entity #{}, which is unreadable: {}", known->id, n,
                entity.status().message());
        continue;
      }
      CheckEntity(*entity, n, *known);
    }
    LANDSCAPE_RETURN_IF_ERROR(FromRocks(it->status(), "scanning entities"));
    for (const Known& known : known_.all()) {
      if (!known.has_record && !known.unreadable) {
        Problem("id '{}' names entity #{}, which is missing", known.id, known.number);
      }
    }
    return Status::Ok();
  }

  void CheckEntity(const Entity& e, keys::EntityNumber n, Known& known) {
    known.has_record = true;
    if (e.id != known.id) Problem("id '{}' names entity #{}, whose id is '{}'", known.id, n, e.id);
    if (known.kind != e.kind) {
      Problem("id '{}': index says kind tag {}, entity says '{}'", known.id, known.kind_tag,
              e.kind);
    }
    known.names.insert(NormalizeName(e.name));
    for (const std::string& a : e.aliases) known.names.insert(NormalizeName(a));
    for (const std::string& s : CitedSources(e))
      CheckSource(s, fmt::format("entity '{}'", e.id), problems_);
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

  // Sources are few; the id index has named them all by now, so only a citation of something
  // else costs a read, to say what it is.
  void CheckSource(const std::string& source, const std::string& citer, ProblemList& list) {
    if (source_ids_.count(source)) return;
    auto entry = store_.LookupId(source);
    if (!entry.ok() || !*entry) {
      Problem(list, "{} cites source '{}', which does not exist", citer, source);
      return;
    }
    const Known* known = known_.Find((*entry)->number);
    std::string kind = known ? known->kind : "";
    Problem(list, "{} cites '{}' as a source, but it is a {}", citer, source,
            kind.empty() ? "entity of unknown kind" : kind);
  }

  Status CheckNames() {
    auto it = Scan(ColumnFamily::kNames);
    for (; it->Valid(); it->Next()) {
      ++report_.names;
      auto parts = keys::DecodeNameKey(it->key().ToStringView());
      if (!parts) {
        Problem("malformed name index key");
        continue;
      }
      Known* known = known_.Find(parts->id);
      if (!known) {
        Problem("name '{}' points at missing entity #{}", parts->normalized_name, parts->id);
      } else if (!known->names.count(std::string(parts->normalized_name))) {
        Problem("name '{}' points at '{}', which has no such name or alias", parts->normalized_name,
                known->id);
      } else {
        ++known->indexed_names;
      }
    }
    for (const Known& known : known_.all()) {
      if (known.has_record && known.indexed_names != known.names.size()) {
        Problem("entity '{}' has {} names but {} are in the name index", known.id,
                known.names.size(), known.indexed_names);
      }
    }
    return FromRocks(it->status(), "scanning names");
  }

  // Two sums of the halves of a 128-bit hash of each key, modulo 2^64.
  struct KeySetSum {
    uint64_t low = 0, high = 0;
    void Add(std::string_view key) {
      XXH128_hash_t h = XXH3_128bits(key.data(), key.size());
      low += h.low64;
      high += h.high64;
    }
    friend bool operator==(const KeySetSum&, const KeySetSum&) = default;
  };

  // Every `out` key must have its mirror in `in` and the reverse. Each scan sums a hash of
  // its keys in one orientation; the keys of a family are distinct, so equal sums mean equal
  // sets (a damaged store passes by chance with odds near 2^-128). Only a store whose sums
  // differ pays a point read per edge to name the edges without a mirror.
  Status CheckEdges() {
    LANDSCAPE_ASSIGN_OR_RETURN(KeySetSum out_sum, ScanEdges(ColumnFamily::kOut));
    LANDSCAPE_ASSIGN_OR_RETURN(KeySetSum in_sum, ScanEdges(ColumnFamily::kIn));
    if (out_sum == in_sum) return Status::Ok();
    LANDSCAPE_RETURN_IF_ERROR(FindUnmirrored(ColumnFamily::kOut));
    return FindUnmirrored(ColumnFamily::kIn);
  }

  Result<KeySetSum> ScanEdges(ColumnFamily cf) {
    bool out = cf == ColumnFamily::kOut;
    KeySetSum sum;
    auto it = Scan(cf);
    for (; it->Valid(); it->Next()) {
      auto p = keys::DecodeEdgeKey(it->key().ToStringView());
      if (!p) {
        Problem(edge_problems_, "malformed edge key in '{}'", ColumnFamilyName(cf));
        continue;
      }
      keys::EntityNumber from = out ? p->first : p->second, to = out ? p->second : p->first;
      sum.Add(out ? it->key().ToStringView() : keys::EdgeKey(from, p->type, to));
      if (out) CheckOutEdge(from, p->type, to, it->value().ToStringView());
    }
    LANDSCAPE_RETURN_IF_ERROR(FromRocks(it->status(), "scanning edges"));
    return sum;
  }

  Status FindUnmirrored(ColumnFamily cf) {
    bool out = cf == ColumnFamily::kOut;
    ColumnFamily mirror = out ? ColumnFamily::kIn : ColumnFamily::kOut;
    auto it = Scan(cf);
    for (; it->Valid(); it->Next()) {
      auto p = keys::DecodeEdgeKey(it->key().ToStringView());
      if (!p) continue;  // reported by the first scan
      keys::EntityNumber from = out ? p->first : p->second, to = out ? p->second : p->first;
      std::string value;
      if (!h_.db
               ->Get(rocksdb::ReadOptions(), h_.cf(mirror),
                     keys::EdgeKey(p->second, p->type, p->first), &value)
               .ok()) {
        Problem(edge_problems_, "edge #{} -> #{} (type {}) in '{}' has no mirror in '{}'", from, to,
                p->type, ColumnFamilyName(cf), ColumnFamilyName(mirror));
      }
    }
    return FromRocks(it->status(), "scanning edges");
  }

  void CheckOutEdge(keys::EntityNumber from, RelationTag tag, keys::EntityNumber to,
                    std::string_view value) {
    ++report_.relations;
    const RelationTypeDef* def = store_.schema().FindRelationByTag(tag);
    const Known *f = known_.Find(from), *t = known_.Find(to);
    if (!def || !f || !t) {
      Problem(edge_problems_, "edge #{} -> #{}: {}", from, to,
              !def ? "unknown relation type tag " + std::to_string(tag) : "missing endpoint");
      return;
    }
    const Known &from_entity = *f, &to_entity = *t;
    auto label = [&] {
      return fmt::format("{} {} -> {}", def->name, from_entity.id, to_entity.id);
    };
    if (!EndpointKindsAllowed(*def, from_entity, to_entity)) {
      Problem(edge_problems_, "{}: endpoint kinds {} -> {} break the schema", label(),
              from_entity.kind, to_entity.kind);
    }
    if (def->symmetric && !(from_entity.id < to_entity.id)) {
      Problem(edge_problems_, "{}: a symmetric relation must be stored from the smaller id",
              label());
    }
    auto r = DecodeRelationValue(value, def->name, from_entity.id, to_entity.id, store_.schema());
    if (!r.ok()) {
      Problem(edge_problems_, "{}: {}", label(), r.status().message());
      return;
    }
    for (const std::string& s : CitedSources(*r)) {
      if (!source_ids_.count(s)) CheckSource(s, label(), edge_problems_);
    }
  }

  // Asked per edge, answered per (type, kind, kind): a store has few of those.
  bool EndpointKindsAllowed(const RelationTypeDef& def, const Known& from, const Known& to) {
    auto key = std::make_tuple(def.tag, from.kind_tag, to.kind_tag);
    auto memo = kinds_allowed_.find(key);
    if (memo != kinds_allowed_.end()) return memo->second;
    auto allowed = [&](const std::set<std::string>& kinds, const std::string& kind) {
      return kinds.count(kind) ||
             (def.symmetric && (def.from_kinds.count(kind) || def.to_kinds.count(kind)));
    };
    bool ok = allowed(def.from_kinds, from.kind) && allowed(def.to_kinds, to.kind);
    kinds_allowed_.emplace(key, ok);
    return ok;
  }

  Status CheckFx() {
    return store_.ScanFxRates([&](const FxRate& fx) {
      ++report_.fx_rates;
      for (const std::string& s : fx.provenance.sources) {
        CheckSource(s, fmt::format("FX rate {}/{} {}", fx.base, fx.quote, fx.date.ToString()),
                    problems_);
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
  ProblemList problems_, edge_problems_;
  KnownEntities known_;
  keys::EntityNumber highest_number_ = 0;
  std::unordered_set<std::string> source_ids_;
  std::map<std::tuple<RelationTag, KindTag, KindTag>, bool> kinds_allowed_;
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
