#pragma once
// IngestedFileLinks: RocksDB's file system for a writer, recording the links an ingestion makes
// (an import's SST file → the store's NNNNNN.sst) so that a failed ingestion can put them back.
//
// Why: when the MANIFEST's sync fails during IngestExternalFiles, RocksDB reports the failure
// and deletes the files it linked, yet the MANIFEST record naming them may be on disk; the next
// open then failed on a missing file (found by tools/reliability/fault_injection.py). With the
// links restored, the store opens either way: with the import whole when the record reached the
// disk, without it when it did not (the files are then unreferenced, and the next writer's open
// deletes them).

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>

#include "landscape/status.hpp"

namespace landscape {

class IngestedFileLinks : public rocksdb::FileSystemWrapper {
 public:
  explicit IngestedFileLinks(std::shared_ptr<rocksdb::FileSystem> base)
      : rocksdb::FileSystemWrapper(std::move(base)) {}
  const char* Name() const override { return "LandscapeIngestedFileLinks"; }

  rocksdb::IOStatus LinkFile(const std::string& source, const std::string& target,
                             const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* debug) override;

  // Forgets the links recorded so far: called before an ingestion.
  void Clear();
  // Links again every recorded target that is gone while its source remains, and syncs the
  // store's directory. Called after a failed ingestion, before the sources are removed.
  Status Restore(const std::string& store_dir);

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> links_;  // (source, target)
};

// An Env over IngestedFileLinks for a writer's options; `links` outlives it.
std::unique_ptr<rocksdb::Env> EnvWithLinks(const std::shared_ptr<IngestedFileLinks>& links);

}  // namespace landscape
