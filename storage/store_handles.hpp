#pragma once
// RocksDB handles of an open store. Internal to storage/: nothing above storage includes this.

#include <memory>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include "landscape/status.hpp"
#include "storage/ingested_file_links.hpp"

namespace landscape {

// The store's families; `changes` and `undo` hold its history (storage/change_log.hpp) and
// are created by the first writer of a store made before them.
enum class ColumnFamily {
  kDefault = 0,
  kMeta,
  kEntities,
  kIds,
  kNames,
  kOut,
  kIn,
  kFx,
  kChanges,
  kUndo,
  kCount
};
inline constexpr ColumnFamily kFirstHistoryFamily = ColumnFamily::kChanges;

const char* ColumnFamilyName(ColumnFamily cf);

struct StoreHandles {
  // A writer's file system and Env (ingested_file_links.hpp); they outlive `db`.
  std::shared_ptr<IngestedFileLinks> links;
  std::unique_ptr<rocksdb::Env> env;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> families;

  rocksdb::ColumnFamilyHandle* cf(ColumnFamily which) const {
    return families[static_cast<size_t>(which)];
  }
  // False for a history family that a reader of a store made before history did not find.
  bool has(ColumnFamily which) const { return cf(which) != nullptr; }
  ~StoreHandles();
};

// The options every store is opened with.
rocksdb::Options StoreOptions();
rocksdb::ColumnFamilyOptions FamilyOptions(ColumnFamily cf);

// Turns a RocksDB status into ours, keeping RocksDB's message after our context.
Status FromRocks(const rocksdb::Status& s, const std::string& context);
// The same for the write that commits a change: when it fails, the change may have reached the
// disk all the same (whole: it is one write), and the message says so.
Status FromRocksCommit(const rocksdb::Status& s, const std::string& context);

}  // namespace landscape
