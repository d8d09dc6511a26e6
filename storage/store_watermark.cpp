#include "storage/store_watermark.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <xxhash.h>

#include "storage/atomic_file.hpp"
#include "storage/store_handles.hpp"

namespace landscape {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFileName = "landscape-watermark";
constexpr const char* kFirstLine = "landscape-watermark 1";

std::string Body(const StoreWatermark& w) {
  std::string body = fmt::format("{}\nmanifest {}\nmanifest_bytes {}\nsequence {}\n", kFirstLine,
                                 w.manifest, w.manifest_bytes, w.sequence);
  for (const auto& file : w.files) body += fmt::format("file {} {}\n", file.name, file.bytes);
  return body;
}

std::string Checksum(const std::string& body) {
  return fmt::format("{:016x}", XXH3_64bits(body.data(), body.size()));
}

Result<std::string> ReadCurrent(const std::string& path) {
  std::ifstream in(path + "/CURRENT");
  std::string name;
  if (!in || !std::getline(in, name) || !name.starts_with("MANIFEST-")) {
    return DamagedStore(path, "its CURRENT file does not name a MANIFEST");
  }
  return name;
}

}  // namespace

Status DamagedStore(const std::string& path, const std::string& what) {
  return Status::Corruption(fmt::format(
      "store {} is damaged: {}. It was not opened and nothing in it was changed. Keep a copy of "
      "the directory as it is; `landscape check` reports the same. Restore from your last "
      "export (`landscape --db NEW_PATH import FILE`)",
      path, what));
}

Result<StoreWatermark> StoreWatermark::Measure(const std::string& path, rocksdb::DB& db) {
  StoreWatermark w;
  w.sequence = db.GetLatestSequenceNumber();
  // RocksDB gives the files and the MANIFEST's length together, as of one version. Measured
  // apart, the length could include a record whose version was not installed yet, and the
  // files listed were then those before it (readers refused a sound store).
  std::vector<std::string> live;
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(db.GetLiveFiles(live, &w.manifest_bytes,
                                                      /*flush_memtable=*/false),
                                      "listing the files of " + path));
  for (const std::string& slash_name : live) {
    std::string name = slash_name.substr(1);  // "/000023.sst"
    if (name.starts_with("MANIFEST-")) {
      w.manifest = name;
    } else if (name.ends_with(".sst")) {
      std::error_code ec;
      uint64_t bytes = fs::file_size(path + "/" + name, ec);
      if (ec) return Status::IOError(fmt::format("measuring {}/{}: {}", path, name, ec.message()));
      w.files.push_back({name, bytes});
    }
  }
  if (w.manifest.empty()) return Status::IOError("RocksDB named no MANIFEST for " + path);
  return w;
}

Result<std::optional<StoreWatermark>> StoreWatermark::Read(const std::string& path) {
  std::ifstream in(path + "/" + kFileName);
  if (!in) return std::optional<StoreWatermark>();
  std::stringstream text;
  text << in.rdbuf();
  std::string all = text.str();
  size_t last = all.rfind("checksum ");
  StoreWatermark w;
  std::istringstream lines(last == std::string::npos ? "" : all.substr(0, last));
  std::string first, key_manifest, key_bytes, key_sequence, key_file;
  std::getline(lines, first);
  bool parsed = first == kFirstLine &&
                static_cast<bool>(lines >> key_manifest >> w.manifest >> key_bytes >>
                                  w.manifest_bytes >> key_sequence >> w.sequence) &&
                key_manifest == "manifest" && key_bytes == "manifest_bytes" &&
                key_sequence == "sequence";
  StoreWatermark::DataFile file;
  while (parsed && lines >> key_file >> file.name >> file.bytes) {
    parsed = key_file == "file";
    w.files.push_back(file);
  }
  if (!parsed || Body(w) != all.substr(0, last) ||
      all.substr(last) != "checksum " + Checksum(Body(w)) + "\n") {
    return DamagedStore(path, fmt::format("its {} file is not readable (remove it to open the "
                                          "store without this check)",
                                          kFileName));
  }
  return std::optional<StoreWatermark>(w);
}

Status StoreWatermark::Write(const std::string& path) const {
  std::string body = Body(*this);
  return WriteFileAtomically(path + "/" + kFileName, [&](std::ostream& out) {
    out << body << "checksum " << Checksum(body) << "\n";
    return Status::Ok();
  });
}

Status StoreWatermark::VerifyBeforeOpen(const std::string& path) const {
  LANDSCAPE_ASSIGN_OR_RETURN(std::string current, ReadCurrent(path));
  // Another name: a writer opened (RocksDB starts a new MANIFEST) and died before it wrote the
  // watermark; the sequence check after the open still applies.
  if (current != manifest) return Status::Ok();
  std::error_code ec;
  uint64_t bytes = fs::file_size(path + "/" + manifest, ec);
  if (ec) return DamagedStore(path, fmt::format("its {} is missing", manifest));
  if (bytes < manifest_bytes) {
    return DamagedStore(path, fmt::format("its {} is {} bytes long, shorter than the {} it had "
                                          "after its last change, so RocksDB would come up "
                                          "with less than the store held",
                                          manifest, bytes, manifest_bytes));
  }
  if (bytes > manifest_bytes) return Status::Ok();  // RocksDB's file set changed since
  for (const DataFile& file : files) {
    uint64_t on_disk = fs::file_size(path + "/" + file.name, ec);
    if (ec) return DamagedStore(path, fmt::format("its data file {} is missing", file.name));
    if (on_disk != file.bytes) {
      return DamagedStore(path, fmt::format("its data file {} is {} bytes long, not {}", file.name,
                                            on_disk, file.bytes));
    }
  }
  return Status::Ok();
}

Status StoreWatermark::VerifyAfterOpen(const std::string& path, rocksdb::DB& db) const {
  uint64_t recovered = db.GetLatestSequenceNumber();
  if (recovered < sequence) {
    return DamagedStore(path, fmt::format("RocksDB recovered it up to change sequence {}, and "
                                          "it had reached {}",
                                          recovered, sequence));
  }
  return Status::Ok();
}

Status VerifyLiveFiles(const std::string& path, rocksdb::DB& db) {
  std::vector<rocksdb::LiveFileMetaData> files;
  db.GetLiveFilesMetaData(&files);
  for (const rocksdb::LiveFileMetaData& file : files) {
    std::string name = file.db_path + file.name;  // name starts with '/'
    std::error_code ec;
    uint64_t bytes = fs::file_size(name, ec);
    if (ec) {
      return DamagedStore(path, fmt::format("its data file {} is missing", file.name.substr(1)));
    }
    if (bytes != file.size) {
      return DamagedStore(path, fmt::format("its data file {} is {} bytes long, not {}",
                                            file.name.substr(1), bytes, file.size));
    }
  }
  return Status::Ok();
}

}  // namespace landscape
