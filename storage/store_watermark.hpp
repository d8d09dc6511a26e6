#pragma once
// StoreWatermark: what a store had after its last change, kept beside RocksDB's files in
// STORE/landscape-watermark, so that a store RocksDB would bring up with less than it had is
// refused instead of served (or, by a writer's open, purged of the files it no longer names).
//
// Found by the reliability campaign (issue 9): a truncated MANIFEST opened as an empty store,
// and the next writer's open deleted every data file; a missing SST file was served by readers
// as an older state. The watermark holds:
//   - the MANIFEST's name and length: RocksDB only appends to a MANIFEST, so a shorter one was
//     truncated. Checked before RocksDB opens anything;
//   - the data files the MANIFEST named then, with their sizes: while the MANIFEST has the same
//     length, it names the same files (every change of RocksDB's file set appends to it), so
//     each must be on disk. Checked before opening too (a secondary that misses a file falls
//     back to an older state without a word). RocksDB gives the length and the files as of one
//     version; a later change makes the MANIFEST longer, and the check then waits for the next
//     watermark;
//   - RocksDB's last sequence number: an open that recovers a lower one lost changes.
//
// The watermark never leads the store: it is written after the change it describes is durable
// (after a commit, after a writer's open, after its close), by an atomic rename. A failure to
// write it leaves the older one, which only checks less. A store without one (made before it
// existed) is checked from its first writer's open on.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "landscape/status.hpp"

namespace rocksdb {
class DB;
}

namespace landscape {

struct StoreWatermark {
  struct DataFile {
    std::string name;  // "000023.sst"
    uint64_t bytes = 0;
  };
  std::string manifest;  // "MANIFEST-000033", as CURRENT names it
  uint64_t manifest_bytes = 0;
  uint64_t sequence = 0;
  std::vector<DataFile> files;

  // The watermark of the store at `path`, open in `db`, as it is now.
  static Result<StoreWatermark> Measure(const std::string& path, rocksdb::DB& db);
  // nullopt when the store has none; Corruption when the file is damaged.
  static Result<std::optional<StoreWatermark>> Read(const std::string& path);
  Status Write(const std::string& path) const;

  // Before RocksDB opens the store: its MANIFEST is no shorter than it was, and while it is as
  // long, every data file it named is there.
  Status VerifyBeforeOpen(const std::string& path) const;
  // After: RocksDB recovered every change the watermark saw.
  Status VerifyAfterOpen(const std::string& path, rocksdb::DB& db) const;
};

// After opening: every file RocksDB names is on disk, at its size (with or without a watermark).
Status VerifyLiveFiles(const std::string& path, rocksdb::DB& db);

// The message for a store RocksDB would bring up with less than it had.
Status DamagedStore(const std::string& path, const std::string& what);

}  // namespace landscape
