#include "storage/store.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/metadata.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/write_batch_with_index.h>
#include <rocksdb/write_batch.h>
#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"
#include "core/text.hpp"
#include "storage/change_log.hpp"
#include "storage/graph_image_cache.hpp"
#include "storage/reader_open_lock.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_handles.hpp"
#include "storage/store_watermark.hpp"

namespace landscape {
namespace fs = std::filesystem;

namespace {

constexpr const char* kFamilyNames[] = {"default", "meta", "entities", "ids",     "names",
                                        "out",     "in",   "fx",       "changes", "undo"};

// Never 0, which stands for "a store from before identities".
uint64_t RandomStoreId() {
  std::random_device device;
  std::uniform_int_distribution<uint64_t> any(1, UINT64_MAX);
  return any(device);
}

std::string NoStoreHint(const std::string& path) {
  return fmt::format("create one with `landscape init --db {}` (or import into it)", path);
}

}  // namespace

const char* ColumnFamilyName(ColumnFamily cf) { return kFamilyNames[static_cast<int>(cf)]; }

// What a rewound reader reads through: the values that later changes replaced, over the store
// as it is or, when the store was empty after the change rewound to, over nothing.
struct StorePast {
  rocksdb::WriteBatchWithIndex values{rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true};
  bool over_empty = false;
};

namespace {

bool IsFactFamily(ColumnFamily cf) { return cf != ColumnFamily::kMeta && cf < kFirstHistoryFamily; }

rocksdb::Status Read(const StoreHandles& h, const StorePast* past, ColumnFamily cf,
                     std::string_view key, std::string* value) {
  rocksdb::Slice k(key.data(), key.size());
  if (!past || !IsFactFamily(cf)) return h.db->Get(rocksdb::ReadOptions(), h.cf(cf), k, value);
  auto* batch = const_cast<rocksdb::WriteBatchWithIndex*>(&past->values);
  if (past->over_empty) return batch->GetFromBatch(h.cf(cf), rocksdb::DBOptions(), k, value);
  return batch->GetFromBatchAndDB(h.db.get(), rocksdb::ReadOptions(), h.cf(cf), k, value);
}

std::unique_ptr<rocksdb::Iterator> Iterate(const StoreHandles& h, const StorePast* past,
                                           ColumnFamily cf, const rocksdb::ReadOptions& read = {}) {
  if (!past || !IsFactFamily(cf)) {
    return std::unique_ptr<rocksdb::Iterator>(h.db->NewIterator(read, h.cf(cf)));
  }
  rocksdb::Iterator* base =
      past->over_empty ? rocksdb::NewEmptyIterator() : h.db->NewIterator(read, h.cf(cf));
  auto* batch = const_cast<rocksdb::WriteBatchWithIndex*>(&past->values);
  return std::unique_ptr<rocksdb::Iterator>(batch->NewIteratorWithBase(h.cf(cf), base));
}

}  // namespace

StoreHandles::~StoreHandles() {
  if (db) {
    for (auto* h : families) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
    db->Close().PermitUncheckedError();
    db.reset();
  }
}

// RocksDB's info log, dropped. Debian's RocksDB is built with assertions on, and its own log
// writer aborts the process on the write after a failed one (a full disk): the writer died with
// SIGABRT instead of reporting the error. The log held warnings nobody read; every error
// RocksDB meets still reaches us as a status.
class NoInfoLog : public rocksdb::Logger {
 public:
  NoInfoLog() : rocksdb::Logger(rocksdb::InfoLogLevel::HEADER_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char*, va_list) override {}
};

// A writer's RocksDB goes through IngestedFileLinks, so that a failed ingestion can be undone.
static void UseWriterFileSystem(StoreHandles& h, rocksdb::Options* options) {
  h.links = std::make_shared<IngestedFileLinks>(rocksdb::FileSystem::Default());
  h.env = EnvWithLinks(h.links);
  options->env = h.env.get();
}

rocksdb::Options StoreOptions() {
  rocksdb::Options options;
  static const auto no_info_log = std::make_shared<NoInfoLog>();
  options.info_log = no_info_log;
  options.create_if_missing = false;
  options.create_missing_column_families = false;
  options.max_open_files = -1;  // required by secondary instances; stores are few files
  options.keep_log_file_num = 2;
  options.max_manifest_file_size = 16 << 20;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  // A change spans column families (an entity, its names, its edges, FX rates). Flushed one
  // family at a time, a reader opening beside the writer could find some families flushed and
  // the log that still held the others already deleted, and see part of the change. Flushed
  // at once, every family is in the log or all are in tables.
  options.atomic_flush = true;
  options.IncreaseParallelism(2);
  return options;
}

rocksdb::ColumnFamilyOptions FamilyOptions(ColumnFamily) {
  rocksdb::ColumnFamilyOptions options;
  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(64 << 20);
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Partitioned index and filters, cached on demand: every command is a new process that
  // opens every table, and whole filters and indexes would be read at each open (about 4 MB
  // per 10^6 relations). With partitions an open reads only their small top levels.
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.cache_index_and_filter_blocks = true;
  table.pin_top_level_index_and_filter = true;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kZSTD;
  return options;
}

namespace {

// A write the system refused, in the reader's words, before RocksDB's own ("While appending to
// file: …"); "" for other statuses. `promise` says what became of the change.
std::string RefusedWrite(const rocksdb::Status& s, const std::string& context,
                         std::string_view promise) {
  if (!s.IsIOError()) return "";
  std::string text = s.ToString();
  for (const char* full : {"No space left on device", "File too large", "Disk quota exceeded"}) {
    if (text.find(full) != std::string::npos) {
      return fmt::format(
          "{}: the system refused a write ({}); {}. Free space and run it again. "
          "(RocksDB: {})",
          context, full, promise, text);
    }
  }
  if (text.find("Input/output error") != std::string::npos) {
    return fmt::format(
        "{}: the device failed a read or write (Input/output error); {}. Check "
        "the disk (dmesg) before you run it again. (RocksDB: {})",
        context, promise, text);
  }
  return "";
}

Status FromRocksWith(const rocksdb::Status& s, const std::string& context,
                     std::string_view promise) {
  if (s.ok()) return Status::Ok();
  if (std::string refused = RefusedWrite(s, context, promise); !refused.empty()) {
    return Status::IOError(refused);
  }
  std::string message = context + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(message);
  if (s.IsCorruption()) return Status::Corruption(message);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(message);
  if (s.IsNotSupported()) return Status::NotSupported(message);
  return Status::IOError(message);
}

}  // namespace

// A change is one write (or one ingestion): before it, a failure leaves the store as it was.
Status FromRocks(const rocksdb::Status& s, const std::string& context) {
  return FromRocksWith(s, context, "the store is as it was before this command");
}

// The commit itself failed after its bytes were written: the WAL's sync, or the MANIFEST's in
// an ingestion. They may be on disk all the same, and the next open then recovers them.
Status FromRocksCommit(const rocksdb::Status& s, const std::string& context) {
  // A failed append leaves at most a torn record, which recovery drops.
  if (s.ToString().find("While appending") != std::string::npos) return FromRocks(s, context);
  return FromRocksWith(s, context,
                       "the change is in the store whole or not at all: see which with "
                       "`landscape check` and `landscape show`");
}

Store::Store(std::string path, bool writable)
    : path_(std::move(path)),
      writable_(writable),
      handles_(std::make_unique<StoreHandles>()),
      graph_image_cache_(std::make_unique<GraphImageCache>(graph_image_path())) {}

std::string Store::graph_image_path() const { return path_ + "/graph.image"; }

Result<std::shared_ptr<GraphImageFile>> Store::MappedGraphImage() const {
  return graph_image_cache_->Get();
}

namespace {

// A writer lives for one command, too short for RocksDB's background compaction to keep up
// with its flushes. Each change leaves a small level-0 file in every family it wrote, and the
// families keyed by change number (`changes`, `undo`) are moved down to level 1 one small file
// at a time, since their keys never overlap. A store after 300 `add relation` commands held
// 162 files, about 50 each in `changes` and `undo`, and every open and read pays per file. So
// a closing writer merges a family's level-0 and level-1 files into level 1 when they pile up.
// They are the edits' small files: an import's bulk files are ingested to the bottom level and
// are not rewritten here. A failed merge loses nothing: the files stay as they were.
void MergeSmallFiles(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& families) {
  constexpr size_t kMaxSmallFiles = 6;
  for (rocksdb::ColumnFamilyHandle* cf : families) {
    if (!cf) continue;
    rocksdb::ColumnFamilyMetaData meta;
    db.GetColumnFamilyMetaData(cf, &meta);
    std::vector<std::string> names;
    for (const rocksdb::LevelMetaData& level : meta.levels) {
      if (level.level > 1) break;
      for (const rocksdb::SstFileMetaData& file : level.files) names.push_back(file.name);
    }
    if (names.size() <= kMaxSmallFiles) continue;
    db.CompactFiles(rocksdb::CompactionOptions(), cf, names, /*output_level=*/1)
        .PermitUncheckedError();
  }
}

// Every writer's open starts a write-ahead log. When the session writes nothing (an `add` of
// a fact the store holds), no flush moves the families' log number past it, so RocksDB keeps
// the empty file for good, and every reader's open reads them all: six such sessions left six.
// A log older than the current one is never written again, and an empty one holds nothing to
// recover, so the closing writer removes those, under the open lock that keeps readers out.
void RemoveEmptyOldLogs(const std::string& path, rocksdb::DB& db) {
  std::unique_ptr<rocksdb::LogFile> current;
  if (!db.GetCurrentWalFile(&current).ok() || !current) return;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() < 5 || name.compare(name.size() - 4, 4, ".log") != 0) continue;
    std::string digits = name.substr(0, name.size() - 4);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    uint64_t number = std::strtoull(digits.c_str(), nullptr, 10);
    std::error_code size_error;
    if (number < current->LogNumber() && fs::file_size(entry.path(), size_error) == 0 &&
        !size_error) {
      fs::remove(entry.path(), size_error);  // best effort: a file left is only a file
    }
  }
}

}  // namespace

Store::~Store() {
  // A writer whose open failed after RocksDB opened (a newer format, damage) closes as it is:
  // its open still holds the open lock, which the close below would wait for, and it wrote
  // nothing to flush.
  if (writable_ && handles_->db && opened_) {
    rocksdb::FlushOptions flush;
    flush.wait = true;
    std::vector<rocksdb::ColumnFamilyHandle*> families(handles_->families.begin(),
                                                       handles_->families.end());
    // A failed flush loses nothing: the WAL still holds every acknowledged write.
    bool flushed = handles_->db->Flush(flush, families).ok();
    uint64_t background_errors = 0;
    handles_->db->GetIntProperty("rocksdb.background-errors", &background_errors);
    if (flushed && background_errors == 0) {
      MergeSmallFiles(*handles_->db, families);
      handles_->db->GetIntProperty("rocksdb.background-errors", &background_errors);
    }
    // The files this session made obsolete go now, while no reader is opening (and the
    // database closes under the same lock, since closing may delete files too). Without the
    // lock they stay until the next writer's open purges them. After a failed write they stay
    // too: when a MANIFEST sync fails, its record may be on disk all the same, naming the files
    // RocksDB now counts as obsolete (found by tools/reliability/fault_injection.py: the next
    // open failed on a missing SST, and readers served the store without the last change).
    auto lock = ReaderOpenLock::Acquire(path_, ReaderOpenLock::Mode::kExclusive);
    if (lock.ok() && flushed && background_errors == 0) {
      handles_->db->EnableFileDeletions(/*force=*/true).PermitUncheckedError();
      RemoveEmptyOldLogs(path_, *handles_->db);
    }
    RecordWatermark();  // the flush appended to the MANIFEST
    handles_.reset();
  }
}

Result<std::unique_ptr<Store>> Store::Create(const std::string& path) {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_empty(path, ec)) {
    return Status::AlreadyExists(
        fmt::format("{} already exists; a new store needs a new path", path));
  }
  rocksdb::Options options = StoreOptions();
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < static_cast<int>(ColumnFamily::kCount); ++i) {
    descriptors.emplace_back(kFamilyNames[i], FamilyOptions(static_cast<ColumnFamily>(i)));
  }
  auto store = std::unique_ptr<Store>(new Store(path, true));
  UseWriterFileSystem(*store->handles_, &options);
  rocksdb::DB* db = nullptr;
  LANDSCAPE_RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::Open(options, path, descriptors, &store->handles_->families, &db),
                "creating store " + path));
  store->handles_->db.reset(db);
  LANDSCAPE_RETURN_IF_ERROR(
      FromRocks(db->DisableFileDeletions(), "creating store " + path));  // see ~Store
  rocksdb::WriteBatch batch;
  auto* meta = store->handles_->cf(ColumnFamily::kMeta);
  batch.Put(meta, std::string(keys::kMetaFormat), std::to_string(keys::kFormatVersion));
  batch.Put(meta, std::string(keys::kMetaSchema), Schema::BuiltIn().ExtensionsToJson(true).dump());
  std::string next_id;
  keys::AppendU64(&next_id, 1);
  batch.Put(meta, std::string(keys::kMetaNextId), next_id);
  std::string store_id;
  keys::AppendU64(&store_id, RandomStoreId());
  batch.Put(meta, std::string(keys::kMetaStoreId), store_id);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(db->Write(sync, &batch), "initialising store " + path));
  LANDSCAPE_RETURN_IF_ERROR(store->LoadMeta());
  store->RecordWatermark();
  store->opened_ = true;
  return store;
}

void Store::RecordWatermark() const {
  if (!writable_ || !handles_->db || commit_failed_) return;
  auto now = StoreWatermark::Measure(path_, *handles_->db);
  if (now.ok()) static_cast<void>(now->Write(path_));
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, OpenMode mode) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (mode == OpenMode::kWriteOrCreate) return Create(path);
    return Status::NotFound(fmt::format("no store at {}; {}", path, NoStoreHint(path)));
  }
  if (!fs::is_directory(path, ec) || !fs::exists(fs::path(path) / "CURRENT", ec)) {
    return Status::InvalidArgument(
        fmt::format("{} is not a Landscape store (not a RocksDB database directory)", path));
  }
  return OpenExisting(path, mode);
}

Result<std::unique_ptr<Store>> Store::OpenExisting(const std::string& path, OpenMode mode) {
  bool writer = mode != OpenMode::kRead;
  // Before the lock file or RocksDB meet it in their own words ("While renaming a file to
  // …/LOG.old", "opening …/landscape-open.lock: Permission denied").
  if (writer && ::access(path.c_str(), W_OK) != 0 && (errno == EACCES || errno == EROFS)) {
    int error = errno;
    return Status::IOError(fmt::format(
        "store {} cannot be changed: {} ({}). Changes need write access to the store's "
        "directory; read-only commands (show, find, list, export, check) work",
        path, error == EROFS ? "it is on a read-only file system" : "this user may not write to it",
        std::strerror(error)));
  }
  // A writer's open purges obsolete files (a killed writer's), and a reader's must find every
  // file it reads of the MANIFEST: one at a time (storage/reader_open_lock.hpp).
  LANDSCAPE_ASSIGN_OR_RETURN(ReaderOpenLock lock,
                             ReaderOpenLock::Acquire(path, writer ? ReaderOpenLock::Mode::kExclusive
                                                                  : ReaderOpenLock::Mode::kShared));
  // Before RocksDB reads anything, and before a writer's open could delete a file that a
  // truncated MANIFEST no longer names.
  LANDSCAPE_ASSIGN_OR_RETURN(std::optional<StoreWatermark> watermark, StoreWatermark::Read(path));
  if (watermark) LANDSCAPE_RETURN_IF_ERROR(watermark->VerifyBeforeOpen(path));
  rocksdb::Options options = StoreOptions();
  std::vector<std::string> existing;
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(rocksdb::DB::ListColumnFamilies(options, path, &existing),
                                      "reading store " + path));
  for (int i = 1; i < static_cast<int>(ColumnFamily::kCount); ++i) {
    if (std::find(existing.begin(), existing.end(), kFamilyNames[i]) != existing.end()) continue;
    if (i < static_cast<int>(kFirstHistoryFamily)) {
      return Status::InvalidArgument(
          fmt::format("{} is a RocksDB database but not a Landscape store (no '{}' column family)",
                      path, kFamilyNames[i]));
    }
    // A store made before history: its writer creates the families, a reader does without.
    if (writer) existing.push_back(kFamilyNames[i]);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : existing) {
    auto it = std::find_if(std::begin(kFamilyNames), std::end(kFamilyNames),
                           [&](const char* n) { return name == n; });
    descriptors.emplace_back(name, FamilyOptions(static_cast<ColumnFamily>(
                                       it == std::end(kFamilyNames) ? 0 : it - kFamilyNames)));
  }
  auto store = std::unique_ptr<Store>(new Store(path, writer));
  StoreHandles& h = *store->handles_;
  std::vector<rocksdb::ColumnFamilyHandle*> opened;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s;
  if (writer) {
    UseWriterFileSystem(h, &options);
    options.create_missing_column_families = true;
    s = rocksdb::DB::Open(options, path, descriptors, &opened, &db);
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      return Status::Busy(fmt::format(
          "store {} is in use by another writer (an import or edit is running); wait for it "
          "to finish and try again. Read-only commands (show, find, list, export, check) work "
          "meanwhile",
          path));
    }
  } else {
    std::error_code ec;
    std::string tmpl = (fs::temp_directory_path(ec) / "landscape-reader-XXXXXX").string();
    if (ec || !mkdtemp(tmpl.data())) {
      return Status::IOError("cannot create a reader's temporary directory in " +
                             fs::temp_directory_path(ec).string());
    }
    s = rocksdb::DB::OpenAsSecondary(options, path, tmpl, descriptors, &opened, &db);
    // RocksDB wants the directory for a secondary's own files, but keeps nothing there that a
    // reader needs once open (the info log is dropped, see NoInfoLog): removed now, it cannot
    // outlive a reader that is killed or dies of a closed pipe (`list | head -1`).
    fs::remove_all(tmpl, ec);
  }
  // RocksDB's own words for a file its MANIFEST names and the disk lacks.
  if (s.IsCorruption() && s.ToString().find("No such file") != std::string::npos) {
    return DamagedStore(
        path, fmt::format("a file its MANIFEST names is missing (RocksDB: {})", s.ToString()));
  }
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, "opening store " + path));
  h.db.reset(db);
  // Keep handles in our fixed order; extra families (none today) are closed with the rest.
  h.families.assign(static_cast<size_t>(ColumnFamily::kCount), nullptr);
  for (size_t i = 0; i < opened.size(); ++i) {
    auto it = std::find_if(std::begin(kFamilyNames), std::end(kFamilyNames),
                           [&](const char* n) { return opened[i]->GetName() == n; });
    if (it == std::end(kFamilyNames)) {
      h.families.push_back(opened[i]);
    } else {
      h.families[static_cast<size_t>(it - kFamilyNames)] = opened[i];
    }
  }
  // Until this writer closes, no file is deleted (the destructor enables deletions).
  if (writer) {
    LANDSCAPE_RETURN_IF_ERROR(
        FromRocks(h.db->DisableFileDeletions(), "opening store " + path + " for writing"));
  }
  if (watermark) LANDSCAPE_RETURN_IF_ERROR(watermark->VerifyAfterOpen(path, *h.db));
  LANDSCAPE_RETURN_IF_ERROR(VerifyLiveFiles(path, *h.db));
  LANDSCAPE_RETURN_IF_ERROR(store->LoadMeta());
  // The writer's open started a new MANIFEST: noted while readers still wait on the open lock.
  if (writer) store->RecordWatermark();
  store->opened_ = true;
  return store;
}

Status Store::LoadMeta() {
  auto* db = handles_->db.get();
  auto* meta = handles_->cf(ColumnFamily::kMeta);
  std::string format;
  rocksdb::Status s =
      db->Get(rocksdb::ReadOptions(), meta, std::string(keys::kMetaFormat), &format);
  if (s.IsNotFound()) {
    return Status::InvalidArgument(
        fmt::format("{} is not a Landscape store (it records no format version)", path_));
  }
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, "reading the format of store " + path_));
  int version = std::atoi(format.c_str());
  if (version > keys::kFormatVersion) {
    return Status::NotSupported(fmt::format(
        "store {} has format {}, newer than this build of landscape reads ({}); use a newer "
        "landscape",
        path_, version, keys::kFormatVersion));
  }
  if (version < 1)
    return Status::Corruption(fmt::format("store {}: bad format '{}'", path_, format));
  // Format 2 added binary records beside the older ones (record_codec.hpp); a writer marks the
  // store before it writes one, so that a build reading format 1 alone refuses the store
  // rather than finding records it cannot decode.
  if (writable_ && version < keys::kFormatVersion) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    LANDSCAPE_RETURN_IF_ERROR(FromRocksCommit(
        db->Put(sync, meta, std::string(keys::kMetaFormat), std::to_string(keys::kFormatVersion)),
        "marking store " + path_ + " as format " + std::to_string(keys::kFormatVersion)));
  }
  std::string id;
  s = db->Get(rocksdb::ReadOptions(), meta, std::string(keys::kMetaStoreId), &id);
  if (!s.IsNotFound()) {
    LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, "reading the identity of store " + path_));
    if (id.size() != 8) return Status::Corruption(fmt::format("store {}: bad store_id", path_));
    store_id_ = keys::ReadU64(id);
  }
  return ReloadSchema();
}

Status Store::ReloadSchema() {
  std::string text;
  LANDSCAPE_RETURN_IF_ERROR(
      FromRocks(handles_->db->Get(rocksdb::ReadOptions(), handles_->cf(ColumnFamily::kMeta),
                                  std::string(keys::kMetaSchema), &text),
                "reading the schema of store " + path_));
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  Schema schema = Schema::BuiltIn();
  Status s = j.is_discarded() ? Status::Corruption("not JSON") : schema.Extend(j, "", true);
  if (!s.ok()) return Status::Corruption(fmt::format("store {}: schema: {}", path_, s.message()));
  schema_ = std::move(schema);
  return Status::Ok();
}

Result<std::optional<keys::IdEntry>> Store::LookupId(std::string_view id) const {
  std::string value;
  rocksdb::Status s = Read(*handles_, past_.get(), ColumnFamily::kIds, id, &value);
  if (s.IsNotFound()) return std::optional<keys::IdEntry>();
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, fmt::format("looking up '{}'", id)));
  auto entry = keys::DecodeIdValue(value);
  if (!entry) return Status::Corruption(fmt::format("id index entry of '{}' is malformed", id));
  return std::optional<keys::IdEntry>(*entry);
}

Result<std::optional<Entity>> Store::GetEntity(std::string_view id) const {
  LANDSCAPE_ASSIGN_OR_RETURN(auto entry, LookupId(id));
  if (!entry) return std::optional<Entity>();
  return GetEntity(entry->number);
}

Result<std::optional<Entity>> Store::GetEntity(keys::EntityNumber number) const {
  std::string value;
  rocksdb::Status s =
      Read(*handles_, past_.get(), ColumnFamily::kEntities, keys::EntityKey(number), &value);
  if (s.IsNotFound()) return std::optional<Entity>();
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, fmt::format("reading entity #{}", number)));
  LANDSCAPE_ASSIGN_OR_RETURN(Entity e, DecodeEntity(value, schema_));
  return std::optional<Entity>(std::move(e));
}

Result<std::string> Store::ReadableId(keys::EntityNumber number) const {
  // Pinned, not copied, when reading the present: a hot path of every answer naming entities.
  rocksdb::PinnableSlice value;
  std::string key = keys::EntityKey(number);
  rocksdb::Status s;
  if (!past_) {
    s = handles_->db->Get(rocksdb::ReadOptions(), handles_->cf(ColumnFamily::kEntities), key,
                          &value);
  } else {
    std::string copy;
    s = Read(*handles_, past_.get(), ColumnFamily::kEntities, key, &copy);
    if (s.ok()) value.PinSelf(copy);
  }
  if (s.IsNotFound()) {
    return Status::Corruption(fmt::format("edge points at missing entity #{}", number));
  }
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, fmt::format("reading entity #{}", number)));
  return DecodeEntityId(value.ToStringView());
}

uint64_t Store::LatestSequence() const { return handles_->db->GetLatestSequenceNumber(); }

Result<std::vector<keys::EntityNumber>> Store::LookupName(std::string_view normalized) const {
  std::vector<keys::EntityNumber> out;
  std::string prefix = keys::NamePrefix(normalized);
  std::unique_ptr<rocksdb::Iterator> it(
      Iterate(*handles_, past_.get(), ColumnFamily::kNames).release());
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (auto parts = keys::DecodeNameKey(it->key().ToStringView())) out.push_back(parts->id);
  }
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(it->status(), "reading the name index"));
  return out;
}

Status Store::ScanNames(
    const std::function<bool(std::string_view, keys::EntityNumber)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(
      Iterate(*handles_, past_.get(), ColumnFamily::kNames).release());
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto parts = keys::DecodeNameKey(it->key().ToStringView());
    if (!parts) return Status::Corruption("malformed name index key");
    if (!visit(parts->normalized_name, parts->id)) break;
  }
  return FromRocks(it->status(), "reading the name index");
}

Status Store::ScanIds(
    const std::function<Status(std::string_view, const keys::IdEntry&)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(
      Iterate(*handles_, past_.get(), ColumnFamily::kIds).release());
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto entry = keys::DecodeIdValue(it->value().ToStringView());
    if (!entry) return Status::Corruption("malformed id index entry " + it->key().ToString());
    LANDSCAPE_RETURN_IF_ERROR(visit(it->key().ToStringView(), *entry));
  }
  return FromRocks(it->status(), "reading the id index");
}

namespace {

// An iterator over a whole column family, read once from end to end.
std::unique_ptr<rocksdb::Iterator> WholeScan(const StoreHandles& handles, const StorePast* past,
                                             ColumnFamily cf) {
  rocksdb::ReadOptions read;
  read.fill_cache = false;  // a whole scan would only evict what local queries need
  read.readahead_size = 2 << 20;
  return Iterate(handles, past, cf, read);
}

}  // namespace

Status Store::ScanAllRelations(
    const std::function<Status(const keys::EdgeKeyParts&, std::string_view)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it = WholeScan(*handles_, past_.get(), ColumnFamily::kOut);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto parts = keys::DecodeEdgeKey(it->key().ToStringView());
    if (!parts) return Status::Corruption("malformed edge key");
    LANDSCAPE_RETURN_IF_ERROR(visit(*parts, it->value().ToStringView()));
  }
  return FromRocks(it->status(), "reading relations");
}

Status Store::ScanEntities(const std::function<Status(const Entity&, keys::EntityNumber)>& visit,
                           std::optional<KindTag> only_kind) const {
  std::unique_ptr<rocksdb::Iterator> it(
      Iterate(*handles_, past_.get(), ColumnFamily::kIds).release());
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto entry = keys::DecodeIdValue(it->value().ToStringView());
    if (!entry) return Status::Corruption("malformed id index entry " + it->key().ToString());
    if (only_kind && entry->kind != *only_kind) continue;
    LANDSCAPE_ASSIGN_OR_RETURN(auto entity, GetEntity(entry->number));
    if (!entity) {
      return Status::Corruption(fmt::format("id '{}' names entity #{}, which is missing",
                                            it->key().ToString(), entry->number));
    }
    LANDSCAPE_RETURN_IF_ERROR(visit(*entity, entry->number));
  }
  return FromRocks(it->status(), "reading the id index");
}

Status Store::ScanEntityRecords(
    const std::function<Status(keys::EntityNumber, std::string_view)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it =
      WholeScan(*handles_, past_.get(), ColumnFamily::kEntities);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8) return Status::Corruption("malformed entity key");
    LANDSCAPE_RETURN_IF_ERROR(
        visit(keys::ReadU64(it->key().ToStringView()), it->value().ToStringView()));
  }
  return FromRocks(it->status(), "reading entities");
}

Status Store::ScanEdges(keys::EntityNumber self, EdgeDirection direction,
                        std::optional<RelationTag> type,
                        const std::function<Status(const EdgeRef&)>& visit) const {
  std::string prefix = type ? keys::EdgePrefix(self, *type) : keys::EdgePrefix(self);
  auto cf = direction == EdgeDirection::kOut ? ColumnFamily::kOut : ColumnFamily::kIn;
  std::unique_ptr<rocksdb::Iterator> it = Iterate(*handles_, past_.get(), cf);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto parts = keys::DecodeEdgeKey(it->key().ToStringView());
    if (!parts) return Status::Corruption("malformed edge key");
    LANDSCAPE_RETURN_IF_ERROR(visit(EdgeRef{self, parts->second, parts->type, direction}));
  }
  return FromRocks(it->status(), "reading edges");
}

Status Store::ScanOutgoingRelations(
    keys::EntityNumber self,
    const std::function<Status(const keys::EdgeKeyParts&, std::string_view)>& visit) const {
  std::string prefix = keys::EdgePrefix(self);
  std::unique_ptr<rocksdb::Iterator> it = Iterate(*handles_, past_.get(), ColumnFamily::kOut);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto parts = keys::DecodeEdgeKey(it->key().ToStringView());
    if (!parts) return Status::Corruption("malformed edge key");
    LANDSCAPE_RETURN_IF_ERROR(visit(*parts, it->value().ToStringView()));
  }
  return FromRocks(it->status(), "reading edges");
}

Result<Relation> Store::GetRelation(const EdgeRef& edge) const {
  LANDSCAPE_ASSIGN_OR_RETURN(std::string self_id, ReadableId(edge.self));
  LANDSCAPE_ASSIGN_OR_RETURN(std::string other_id, ReadableId(edge.other));
  return GetRelation(edge, std::move(self_id), std::move(other_id));
}

Result<Relation> Store::GetRelation(const EdgeRef& edge, std::string self_id,
                                    std::string other_id) const {
  bool out = edge.direction == EdgeDirection::kOut;
  keys::EntityNumber from = out ? edge.self : edge.other;
  keys::EntityNumber to = out ? edge.other : edge.self;
  const RelationTypeDef* def = schema_.FindRelationByTag(edge.type);
  if (!def) return Status::Corruption(fmt::format("edge of unknown type tag {}", edge.type));
  std::string value;
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(
      Read(*handles_, past_.get(), ColumnFamily::kOut, keys::EdgeKey(from, edge.type, to), &value),
      fmt::format("reading a {} edge", def->name)));
  std::string& from_id = out ? self_id : other_id;
  std::string& to_id = out ? other_id : self_id;
  return DecodeRelationValue(value, def->name, std::move(from_id), std::move(to_id), schema_);
}

Status Store::ScanFxRates(const std::function<Status(const FxRate&)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(
      Iterate(*handles_, past_.get(), ColumnFamily::kFx).release());
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    LANDSCAPE_ASSIGN_OR_RETURN(FxRate rate, DecodeFxRate(it->value().ToStringView(), schema_));
    LANDSCAPE_RETURN_IF_ERROR(visit(rate));
  }
  return FromRocks(it->status(), "reading FX rates");
}

Status Store::RewindTo(uint64_t change) {
  if (writable_) return Status::Internal("a writer cannot be rewound");
  LANDSCAPE_ASSIGN_OR_RETURN(keys::ChangeNumber last, LastChange(*this));
  if (change > last) {
    return Status::InvalidArgument(
        fmt::format("--recorded-by: there is no change {}; the log's last is {}", change, last));
  }
  recorded_by_ = change;
  if (change == last) return Status::Ok();
  // The store after `change` is the store before the first change after it that found it
  // empty, or the present, with the undo entries of the changes in between laid over it; of
  // a key several wrote, the value before the earliest of them.
  auto past = std::make_unique<StorePast>();
  keys::ChangeNumber until = UINT64_MAX;
  LANDSCAPE_RETURN_IF_ERROR(ScanChanges(*this, [&](const ChangeRecord& c) {
    if (c.number > change && c.from_empty && until == UINT64_MAX) until = c.number;
    return Status::Ok();
  }));
  past->over_empty = until != UINT64_MAX;
  std::set<StoreKey> seen;
  LANDSCAPE_RETURN_IF_ERROR(ScanUndo(*this, change + 1, [&](const UndoEntry& e) {
    if (e.change >= until) return Status::Ok();
    StoreKey key{e.family, std::string(e.key)};
    if (!seen.insert(key).second) return Status::Ok();
    rocksdb::Slice k(key.second);
    rocksdb::Status s = e.before
                            ? past->values.Put(handles_->cf(e.family), k,
                                               rocksdb::Slice(e.before->data(), e.before->size()))
                            : past->values.Delete(handles_->cf(e.family), k);
    return FromRocks(s, "reading the store's history");
  }));
  past_ = std::move(past);
  return Status::Ok();
}

Status Store::LayOver(const std::vector<LaidValue>& values) {
  if (writable_) return Status::Internal("a writer reads the store as it is");
  if (!past_) past_ = std::make_unique<StorePast>();
  for (const LaidValue& v : values) {
    auto cf = static_cast<ColumnFamily>(v.family);
    if (!IsFactFamily(cf)) return Status::Internal("only facts can be laid over");
    rocksdb::Status s = v.value ? past_->values.Put(handles_->cf(cf), v.key, *v.value)
                                : past_->values.Delete(handles_->cf(cf), v.key);
    LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, "reading the store"));
  }
  return Status::Ok();
}

Result<std::string> Store::FindCitation(std::string_view source) const {
  auto cites = [&](const std::vector<std::string>& sources) {
    return std::find(sources.begin(), sources.end(), source) != sources.end();
  };
  std::string citer;
  LANDSCAPE_RETURN_IF_ERROR(ScanEntities([&](const Entity& e, keys::EntityNumber number) {
    if (citer.empty() && cites(CitedSources(e))) citer = fmt::format("entity '{}'", e.id);
    if (!citer.empty()) return Status::Ok();
    return ScanEdges(number, EdgeDirection::kOut, std::nullopt, [&](const EdgeRef& edge) {
      if (!citer.empty()) return Status::Ok();
      LANDSCAPE_ASSIGN_OR_RETURN(Relation r, GetRelation(edge));
      if (cites(CitedSources(r))) citer = fmt::format("relation {} {} -> {}", r.type, r.from, r.to);
      return Status::Ok();
    });
  }));
  if (citer.empty()) {
    LANDSCAPE_RETURN_IF_ERROR(ScanFxRates([&](const FxRate& fx) {
      if (citer.empty() && cites(fx.provenance.sources)) {
        citer = fmt::format("FX rate {}/{} {}", fx.base, fx.quote, fx.date.ToString());
      }
      return Status::Ok();
    }));
  }
  return citer;
}

Result<uint64_t> Store::RemoveEntity(std::string_view id, const ChangeNote& note) {
  if (!writable_) return Status::InvalidArgument("store is open read-only");
  LANDSCAPE_ASSIGN_OR_RETURN(auto entry, LookupId(id));
  if (!entry) return Status::NotFound(fmt::format("no entity '{}' in {}", id, path_));
  LANDSCAPE_ASSIGN_OR_RETURN(auto entity, GetEntity(entry->number));
  if (!entity) return Status::Corruption(fmt::format("entity '{}' is indexed but missing", id));
  if (entity->kind == "source") {
    // Removing a cited source would leave facts citing nothing; a whole scan, but removals
    // of sources are rare and the store must stay sound.
    LANDSCAPE_ASSIGN_OR_RETURN(std::string citer, FindCitation(id));
    if (!citer.empty()) {
      return Status::InvalidArgument(fmt::format(
          "source '{}' is still cited by {}; remove or re-source those facts first", id, citer));
    }
  }
  LANDSCAPE_ASSIGN_OR_RETURN(auto change,
                             ChangeBatch::Begin(*this, note, fmt::format("remove {}", id)));
  LANDSCAPE_RETURN_IF_ERROR(
      change->Delete(ColumnFamily::kEntities, keys::EntityKey(entry->number)));
  LANDSCAPE_RETURN_IF_ERROR(change->Delete(ColumnFamily::kIds, id));
  LANDSCAPE_RETURN_IF_ERROR(change->Delete(
      ColumnFamily::kNames, keys::NameKey(NormalizeName(entity->name), entry->number)));
  for (const std::string& alias : entity->aliases) {
    LANDSCAPE_RETURN_IF_ERROR(
        change->Delete(ColumnFamily::kNames, keys::NameKey(NormalizeName(alias), entry->number)));
  }
  for (EdgeDirection d : {EdgeDirection::kOut, EdgeDirection::kIn}) {
    LANDSCAPE_RETURN_IF_ERROR(ScanEdges(entry->number, d, std::nullopt, [&](const EdgeRef& e) {
      bool out = d == EdgeDirection::kOut;
      LANDSCAPE_RETURN_IF_ERROR(change->Delete(out ? ColumnFamily::kOut : ColumnFamily::kIn,
                                               keys::EdgeKey(e.self, e.type, e.other)));
      return change->Delete(out ? ColumnFamily::kIn : ColumnFamily::kOut,
                            keys::EdgeKey(e.other, e.type, e.self));
    }));
  }
  LANDSCAPE_RETURN_IF_ERROR(change->Commit(fmt::format("removing '{}'", id)));
  return change->number();
}

}  // namespace landscape
