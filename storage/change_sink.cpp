#include "storage/change_sink.hpp"

#include <fmt/format.h>

namespace landscape {
namespace {

rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace

Status BatchSink::Put(ColumnFamily cf, std::string_view key, std::string_view value) {
  ++writes;
  return FromRocks(batch_.Put(h_.cf(cf), ToSlice(key), ToSlice(value)), "batching a write");
}

Status BatchSink::Delete(ColumnFamily cf, std::string_view key) {
  ++writes;
  return FromRocks(batch_.Delete(h_.cf(cf), ToSlice(key)), "batching a delete");
}

Status BatchSink::Commit(const std::string& what) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocksCommit(h_.db->Write(sync, &batch_), what);
}

Status FileSink::Put(ColumnFamily cf, std::string_view key, std::string_view value) {
  LANDSCAPE_RETURN_IF_ERROR(Switch(cf));
  ++writes;
  return FromRocks(writer_->Put(ToSlice(key), ToSlice(value)), "writing " + path_);
}

Status FileSink::Delete(ColumnFamily cf, std::string_view key) {
  LANDSCAPE_RETURN_IF_ERROR(Switch(cf));
  ++writes;
  return FromRocks(writer_->Delete(ToSlice(key)), "writing " + path_);
}

Status FileSink::Commit(const std::string& what) {
  LANDSCAPE_RETURN_IF_ERROR(Finish());
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const auto& [cf, path] : files_) {
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = h_.cf(cf);
    arg.external_files = {path};
    arg.options.move_files = true;
    arg.options.snapshot_consistency = true;
    arg.options.allow_global_seqno = true;
    arg.options.allow_blocking_flush = true;
    args.push_back(std::move(arg));
  }
  if (args.empty()) return Status::Ok();
  h_.links->Clear();
  rocksdb::Status ingested = h_.db->IngestExternalFiles(args);
  if (!ingested.ok()) {
    // Before the import's directory goes: see ingested_file_links.hpp.
    Status restored = h_.links->Restore(h_.db->GetName());
    if (!restored.ok()) return restored;
  }
  return FromRocksCommit(ingested, what);
}

Status FileSink::Switch(ColumnFamily cf) {
  if (writer_ && cf == current_) return Status::Ok();
  LANDSCAPE_RETURN_IF_ERROR(Finish());
  current_ = cf;
  path_ = fmt::format("{}/{}.sst", dir_, ColumnFamilyName(cf));
  rocksdb::Options options(rocksdb::DBOptions(), FamilyOptions(cf));
  writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options, h_.cf(cf));
  return FromRocks(writer_->Open(path_), "creating " + path_);
}

Status FileSink::Finish() {
  if (!writer_) return Status::Ok();
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(writer_->Finish(), "finishing " + path_));
  writer_.reset();
  files_.emplace_back(current_, path_);
  return Status::Ok();
}

}  // namespace landscape
