#pragma once
// RocksDB handles of an open store. Internal to storage/: nothing above storage includes this.

#include <memory>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include "landscape/status.hpp"

namespace landscape {

enum class ColumnFamily { kDefault = 0, kMeta, kEntities, kIds, kNames, kOut, kIn, kFx, kCount };

const char* ColumnFamilyName(ColumnFamily cf);

struct StoreHandles {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> families;

  rocksdb::ColumnFamilyHandle* cf(ColumnFamily which) const {
    return families[static_cast<size_t>(which)];
  }
  ~StoreHandles();
};

// The options every store is opened with.
rocksdb::Options StoreOptions();
rocksdb::ColumnFamilyOptions FamilyOptions(ColumnFamily cf);

// Turns a RocksDB status into ours, keeping RocksDB's message after our context.
Status FromRocks(const rocksdb::Status& s, const std::string& context);

}  // namespace landscape
