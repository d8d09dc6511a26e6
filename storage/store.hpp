#pragma once
// Store: one Landscape store, a RocksDB database with one column family per index (see
// key_codec.hpp for the layout). A store is opened either as the one writer, which holds
// RocksDB's lock, or as one of any number of readers, which see the store as it was when they
// opened it, also while a writer imports beside them.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.hpp"
#include "core/schema.hpp"
#include "landscape/changes.hpp"
#include "landscape/status.hpp"
#include "storage/key_codec.hpp"

namespace landscape {

struct StoreHandles;  // RocksDB handles, for storage/ internals only (store_handles.hpp)
struct StorePast;     // the undo entries a rewound store reads through (store.cpp)
class GraphImageCache;
class GraphImageFile;

enum class EdgeDirection { kOut, kIn };

// One stored edge seen from `self`: the other endpoint, the type and the direction.
struct EdgeRef {
  keys::EntityNumber self;
  keys::EntityNumber other;
  RelationTag type;
  EdgeDirection direction;
};

class Store {
 public:
  // Opens the store at `path`. Errors say what is wrong and how to proceed: no store there,
  // not a Landscape store, a format newer than this build, in use by another writer.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, OpenMode mode);
  // Creates a new, empty store. Fails when `path` already holds anything.
  static Result<std::unique_ptr<Store>> Create(const std::string& path);

  // A writer flushes its memtables on close so that the next open does not replay the log.
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  bool writable() const { return writable_; }
  const Schema& schema() const { return schema_; }

  // The numeric id and kind of a readable id; nullopt when no such entity.
  Result<std::optional<keys::IdEntry>> LookupId(std::string_view id) const;
  Result<std::optional<Entity>> GetEntity(std::string_view id) const;
  Result<std::optional<Entity>> GetEntity(keys::EntityNumber number) const;
  // Readable id of an entity number: one point read of its record, decoding the id alone.
  Result<std::string> ReadableId(keys::EntityNumber number) const;
  // RocksDB's sequence number of the last write this handle sees: changes with every write.
  uint64_t LatestSequence() const;
  // The store's identity (meta/store_id), drawn at random when it was created; 0 for a store
  // created before stores had one.
  uint64_t store_id() const { return store_id_; }
  // Entities whose normalised name or alias equals `normalized_name`.
  Result<std::vector<keys::EntityNumber>> LookupName(std::string_view normalized_name) const;
  // Every (normalised name, entity) pair of the name index, in key order, until `visit` says
  // stop by returning false.
  Status ScanNames(const std::function<bool(std::string_view, keys::EntityNumber)>& visit) const;
  // Every id with its entity number and kind, in readable-id order, without reading entities.
  Status ScanIds(
      const std::function<Status(std::string_view id, const keys::IdEntry&)>& visit) const;
  // Every stored relation once, in key order, with its encoded value (record_codec.hpp).
  Status ScanAllRelations(
      const std::function<Status(const keys::EdgeKeyParts&, std::string_view value)>& visit) const;
  // Every entity in readable-id order; with `only_kind`, those of that kind alone (the others
  // are not read).
  Status ScanEntities(const std::function<Status(const Entity&, keys::EntityNumber)>& visit,
                      std::optional<KindTag> only_kind = std::nullopt) const;
  // Every entity's encoded record (record_codec.hpp) in entity-number order: one sequential
  // pass, for a question about every entity, where a point read each would cost more.
  Status ScanEntityRecords(
      const std::function<Status(keys::EntityNumber, std::string_view record)>& visit) const;
  // Edges of `self` in one direction, optionally of one type: a single prefix scan.
  Status ScanEdges(keys::EntityNumber self, EdgeDirection direction,
                   std::optional<RelationTag> type,
                   const std::function<Status(const EdgeRef&)>& visit) const;
  // The outgoing edges of `self` with their encoded values (record_codec.hpp), in key order:
  // one prefix scan, where GetRelation would read each value again.
  Status ScanOutgoingRelations(
      keys::EntityNumber self,
      const std::function<Status(const keys::EdgeKeyParts&, std::string_view value)>& visit) const;
  // The stored relation behind an edge.
  Result<Relation> GetRelation(const EdgeRef& edge) const;
  // The same for a caller that holds the readable ids of edge.self and edge.other, which
  // spares two reads.
  Result<Relation> GetRelation(const EdgeRef& edge, std::string self_id,
                               std::string other_id) const;
  Status ScanFxRates(const std::function<Status(const FxRate&)>& visit) const;

  // Removes an entity, its names and every relation it takes part in, in one atomic write.
  // A source that facts still cite is refused. Returns the change's number in the log.
  Result<uint64_t> RemoveEntity(std::string_view id, const ChangeNote& note = {});

  // STORE/graph.image: the graph image derived from the store (query/graph_image.hpp).
  std::string graph_image_path() const;
  // That file mapped with its header verified, kept for the life of this handle while the file
  // stays the same one (storage/graph_image_cache.hpp), so that a process verifies each block
  // of it once. The caller compares its stamp with LatestSequence() before it trusts it.
  Result<std::shared_ptr<GraphImageFile>> MappedGraphImage() const;

  StoreHandles& handles() const { return *handles_; }
  // A writer notes what the store now holds (storage/store_watermark.hpp) after each commit.
  // Best effort: a watermark not written leaves the older one, which checks less.
  void RecordWatermark() const;
  // After a failed commit RocksDB's sequence in memory may run ahead of what is durable (a
  // failed ingestion still takes its number): no watermark is written for the rest of the
  // session, since one must never lead the store (found by fault_injection.py).
  void NoteFailedCommit() const { commit_failed_ = true; }
  // The first fact that cites `source` ("entity 'x'", "relation ..."), or "" when none: a
  // whole scan.
  Result<std::string> FindCitation(std::string_view source) const;
  // Makes this reader see the store as it stood after change `change` (`--recorded-by`): the
  // undo entries of later changes are laid over what the store holds now, and every read
  // goes through them (storage/change_log.hpp). Change 0 is the store before any change.
  // REQUIRES: opened for reading; called before any read.
  Status RewindTo(uint64_t change);
  // Lays values over what this reader reads (nullopt: the key reads as absent), above any
  // laid before: how a rewound or filtered view of the store is made. REQUIRES: opened for
  // reading.
  struct LaidValue {
    int family;  // a fact family of storage/store_handles.hpp
    std::string key;
    std::optional<std::string> value;
  };
  Status LayOver(const std::vector<LaidValue>& values);
  // Whether reads see the store as it is (not rewound, nothing laid over it): what the graph
  // image, derived from the present, can answer for.
  bool present() const { return !past_ && !recorded_by_; }
  // The change this reader was rewound to; nullopt: the store as it is.
  std::optional<uint64_t> recorded_by() const { return recorded_by_; }
  // Re-reads the schema after a writer changed it.
  Status ReloadSchema();

 private:
  Store(std::string path, bool writable);
  static Result<std::unique_ptr<Store>> OpenExisting(const std::string& path, OpenMode mode);
  Status LoadMeta();

  std::string path_;
  bool writable_;
  Schema schema_;
  uint64_t store_id_ = 0;
  std::unique_ptr<StoreHandles> handles_;
  std::unique_ptr<GraphImageCache> graph_image_cache_;
  std::unique_ptr<StorePast> past_;
  std::optional<uint64_t> recorded_by_;
  mutable bool commit_failed_ = false;
  bool opened_ = false;  // the open completed: the close flushes and purges
};

}  // namespace landscape
