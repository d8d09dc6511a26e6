#pragma once
// Where the writes of one change go before they become visible, all at once: a WriteBatch
// (small changes, one synced write) or one SST file per column family (large imports, one
// atomic ingestion across families). Either way a reader sees the change whole or not at all.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rocksdb/sst_file_writer.h>
#include <rocksdb/write_batch.h>

#include "landscape/status.hpp"
#include "storage/store_handles.hpp"

namespace landscape {

class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  virtual Status Put(ColumnFamily cf, std::string_view key, std::string_view value) = 0;
  virtual Status Delete(ColumnFamily cf, std::string_view key) = 0;
  // Makes every write visible at once, durable when it returns OK. `what` names the change in
  // errors ("writing the import").
  virtual Status Commit(const std::string& what) = 0;
  size_t writes = 0;
};

class BatchSink : public ChangeSink {
 public:
  explicit BatchSink(const StoreHandles& h) : h_(h) {}
  Status Put(ColumnFamily cf, std::string_view key, std::string_view value) override;
  Status Delete(ColumnFamily cf, std::string_view key) override;
  Status Commit(const std::string& what) override;

 private:
  const StoreHandles& h_;
  rocksdb::WriteBatch batch_;
};

// Column families must come one after another, each in key order, into its own file.
class FileSink : public ChangeSink {
 public:
  FileSink(const StoreHandles& h, std::string dir) : h_(h), dir_(std::move(dir)) {}
  Status Put(ColumnFamily cf, std::string_view key, std::string_view value) override;
  Status Delete(ColumnFamily cf, std::string_view key) override;
  Status Commit(const std::string& what) override;

 private:
  Status Switch(ColumnFamily cf);
  Status Finish();

  const StoreHandles& h_;
  std::string dir_;
  ColumnFamily current_ = ColumnFamily::kDefault;
  std::string path_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  std::vector<std::pair<ColumnFamily, std::string>> files_;
};

}  // namespace landscape
