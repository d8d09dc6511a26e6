#include "storage/change_log.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storage/store_handles.hpp"

namespace landscape {
namespace {

rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }

constexpr char kAbsent = 'A';
constexpr char kPresent = 'P';

Result<std::string> EarlierWins(std::string_view, std::string_view earlier, std::string_view) {
  return std::string(earlier);
}

std::unique_ptr<rocksdb::Iterator> Iterate(const StoreHandles& h, ColumnFamily cf) {
  return std::unique_ptr<rocksdb::Iterator>(h.db->NewIterator(rocksdb::ReadOptions(), h.cf(cf)));
}

// Whether `text` has the shape of `pattern`, in which '9' stands for any digit.
bool Shaped(std::string_view text, std::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool digit = text[i] >= '0' && text[i] <= '9';
    if (pattern[i] == '9' ? !digit : text[i] != pattern[i]) return false;
  }
  return true;
}

constexpr std::string_view kUtcTime = "9999-99-99T99:99:99Z";

Result<bool> FamilyEmpty(const StoreHandles& h, ColumnFamily cf) {
  auto it = Iterate(h, cf);
  it->SeekToFirst();
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(it->status(), "reading the store"));
  return !it->Valid();
}

}  // namespace

std::string EncodeChangeRecord(const ChangeRecord& record) {
  nlohmann::ordered_json j = {{"time", record.time}, {"description", record.description}};
  if (record.from_empty) j["from_empty"] = true;
  if (record.reverts) j["reverts"] = *record.reverts;
  return j.dump();
}

Result<ChangeRecord> ChangeRecordFromJson(keys::ChangeNumber number, const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("time") || !j["time"].is_string() ||
      !j.contains("description") || !j["description"].is_string()) {
    return Status::InvalidArgument("a change needs its time and description");
  }
  ChangeRecord record;
  record.number = number;
  record.time = j["time"].get<std::string>();
  record.description = j["description"].get<std::string>();
  record.from_empty = j.value("from_empty", false);
  if (j.contains("reverts") && j["reverts"].is_number_unsigned()) {
    record.reverts = j["reverts"].get<keys::ChangeNumber>();
  }
  return record;
}

Result<ChangeRecord> DecodeChangeRecord(keys::ChangeNumber number, std::string_view value) {
  auto record = ChangeRecordFromJson(
      number, nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false));
  if (!record.ok()) {
    return Status::Corruption(fmt::format("the record of change {} is malformed", number));
  }
  return record;
}

Status ScanChanges(const Store& store, const std::function<Status(const ChangeRecord&)>& visit) {
  const StoreHandles& h = store.handles();
  if (!h.has(ColumnFamily::kChanges)) return Status::Ok();
  auto it = Iterate(h, ColumnFamily::kChanges);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8) return Status::Corruption("malformed change key");
    LANDSCAPE_ASSIGN_OR_RETURN(
        ChangeRecord record,
        DecodeChangeRecord(keys::ReadU64(it->key().ToStringView()), it->value().ToStringView()));
    LANDSCAPE_RETURN_IF_ERROR(visit(record));
  }
  return FromRocks(it->status(), "reading the log");
}

Result<std::optional<ChangeRecord>> GetChange(const Store& store, keys::ChangeNumber number) {
  const StoreHandles& h = store.handles();
  if (!h.has(ColumnFamily::kChanges)) return std::optional<ChangeRecord>();
  std::string value;
  rocksdb::Status s = h.db->Get(rocksdb::ReadOptions(), h.cf(ColumnFamily::kChanges),
                                keys::ChangeKey(number), &value);
  if (s.IsNotFound()) return std::optional<ChangeRecord>();
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, fmt::format("reading change {}", number)));
  LANDSCAPE_ASSIGN_OR_RETURN(ChangeRecord record, DecodeChangeRecord(number, value));
  return std::optional<ChangeRecord>(std::move(record));
}

Result<keys::ChangeNumber> LastChange(const Store& store) {
  const StoreHandles& h = store.handles();
  if (!h.has(ColumnFamily::kChanges)) return keys::ChangeNumber{0};
  auto it = Iterate(h, ColumnFamily::kChanges);
  it->SeekToLast();
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  if (!it->Valid()) return keys::ChangeNumber{0};
  if (it->key().size() != 8) return Status::Corruption("malformed change key");
  return keys::ReadU64(it->key().ToStringView());
}

Result<keys::ChangeNumber> ResolveRecordedBy(const Store& store, std::string_view text) {
  std::string given(text);
  bool number = !given.empty() && given.size() <= 19 &&
                given.find_first_not_of("0123456789") == std::string::npos;
  if (number) return std::stoull(given);
  bool time = Shaped(given, kUtcTime.substr(0, 7)) || Shaped(given, kUtcTime.substr(0, 10)) ||
              Shaped(given, kUtcTime);
  if (!time) {
    return Status::InvalidArgument(fmt::format(
        "--recorded-by: '{}' is neither a change number nor a UTC month, day or time like "
        "2026-03, 2026-03-01 or 2026-03-01T12:00:00Z",
        given));
  }
  // A change at or before a day or month is one whose time, cut to that precision, is not
  // after it.
  keys::ChangeNumber last = 0;
  LANDSCAPE_RETURN_IF_ERROR(ScanChanges(store, [&](const ChangeRecord& c) {
    if (c.time.substr(0, given.size()) <= given) last = c.number;
    return Status::Ok();
  }));
  return last;
}

Status ScanUndo(const Store& store, keys::ChangeNumber first,
                const std::function<Status(const UndoEntry&)>& visit) {
  const StoreHandles& h = store.handles();
  if (!h.has(ColumnFamily::kUndo)) return Status::Ok();
  auto it = Iterate(h, ColumnFamily::kUndo);
  for (it->Seek(keys::UndoPrefix(first)); it->Valid(); it->Next()) {
    auto parts = keys::DecodeUndoKey(it->key().ToStringView());
    std::string_view value = it->value().ToStringView();
    if (!parts || parts->family == 0 ||
        parts->family >= static_cast<uint8_t>(kFirstHistoryFamily) || value.empty() ||
        (value[0] != kAbsent && value[0] != kPresent)) {
      return Status::Corruption("malformed undo entry");
    }
    UndoEntry entry{parts->change, static_cast<ColumnFamily>(parts->family), parts->key,
                    std::nullopt};
    if (value[0] == kPresent) entry.before = value.substr(1);
    LANDSCAPE_RETURN_IF_ERROR(visit(entry));
  }
  return FromRocks(it->status(), "reading the store's history");
}

Result<std::optional<std::string>> PresentValue(const Store& store, const StoreKey& key) {
  const StoreHandles& h = store.handles();
  std::string value;
  rocksdb::Status s = h.db->Get(rocksdb::ReadOptions(), h.cf(key.first), key.second, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, "reading the store"));
  return std::optional<std::string>(std::move(value));
}

Result<std::map<StoreKey, std::vector<KeyVersion>>> KeyHistories(
    const Store& store, const std::function<bool(ColumnFamily, std::string_view)>& wanted,
    const std::vector<StoreKey>& present) {
  // A value no undo entry tells the origin of was written by the last change made on an
  // empty store before it: every other change keeps the before-image of what it writes.
  std::vector<keys::ChangeNumber> from_empty;
  LANDSCAPE_RETURN_IF_ERROR(ScanChanges(store, [&](const ChangeRecord& c) {
    if (c.from_empty) from_empty.push_back(c.number);
    return Status::Ok();
  }));
  auto filled_by = [&](keys::ChangeNumber before) -> keys::ChangeNumber {
    auto it = std::lower_bound(from_empty.begin(), from_empty.end(), before);
    return it == from_empty.begin() ? 0 : *std::prev(it);
  };
  std::map<StoreKey, std::vector<std::pair<keys::ChangeNumber, std::optional<std::string>>>>
      befores;
  for (const StoreKey& key : present) befores[key];
  LANDSCAPE_RETURN_IF_ERROR(ScanUndo(store, 1, [&](const UndoEntry& e) {
    if (!wanted(e.family, e.key)) return Status::Ok();
    std::optional<std::string> before;
    if (e.before) before = std::string(*e.before);
    befores[{e.family, std::string(e.key)}].emplace_back(e.change, std::move(before));
    return Status::Ok();
  }));
  std::map<StoreKey, std::vector<KeyVersion>> histories;
  for (auto& [key, changes] : befores) {
    LANDSCAPE_ASSIGN_OR_RETURN(std::optional<std::string> now, PresentValue(store, key));
    std::vector<KeyVersion>& versions = histories[key];
    keys::ChangeNumber next = changes.empty() ? UINT64_MAX : changes.front().first;
    // The value before the first recorded change, then what each change left.
    std::optional<std::string> held = changes.empty() ? now : changes.front().second;
    keys::ChangeNumber since = filled_by(next);
    for (size_t i = 0; i <= changes.size(); ++i) {
      keys::ChangeNumber ended = i < changes.size() ? changes[i].first : 0;
      if (held) versions.push_back({std::move(*held), since, ended});
      if (i == changes.size()) break;
      since = changes[i].first;
      held = i + 1 < changes.size() ? changes[i + 1].second : now;
    }
    if (versions.empty()) histories.erase(key);
  }
  return histories;
}

Result<std::unique_ptr<ChangeRecorder>> ChangeRecorder::Begin(const Store& store,
                                                              ChangeRecord record,
                                                              std::string spill_dir,
                                                              size_t budget_bytes) {
  const StoreHandles& h = store.handles();
  LANDSCAPE_ASSIGN_OR_RETURN(keys::ChangeNumber last, LastChange(store));
  record.number = last + 1;
  record.from_empty = true;
  for (ColumnFamily cf : {ColumnFamily::kEntities, ColumnFamily::kFx}) {
    LANDSCAPE_ASSIGN_OR_RETURN(bool empty, FamilyEmpty(h, cf));
    record.from_empty = record.from_empty && empty;
  }
  auto undo = std::make_unique<SortedRun>("undo", std::move(spill_dir), budget_bytes, EarlierWins);
  return std::unique_ptr<ChangeRecorder>(
      new ChangeRecorder(store, std::move(record), std::move(undo)));
}

ChangeRecorder::ChangeRecorder(const Store& store, ChangeRecord record,
                               std::unique_ptr<SortedRun> undo)
    : store_(store), record_(std::move(record)), undo_(std::move(undo)) {}

ChangeRecorder::~ChangeRecorder() = default;

Status ChangeRecorder::NoteWrite(ColumnFamily cf, std::string_view key, bool known_absent) {
  if (record_.from_empty || cf == ColumnFamily::kMeta) return Status::Ok();
  std::string undo_key = keys::UndoKey(record_.number, static_cast<uint8_t>(cf), key);
  if (known_absent) return undo_->Put(undo_key, std::string(1, kAbsent));
  const StoreHandles& h = store_.handles();
  std::string value;
  rocksdb::Status s = h.db->Get(rocksdb::ReadOptions(), h.cf(cf), ToSlice(key), &value);
  if (s.IsNotFound()) return undo_->Put(undo_key, std::string(1, kAbsent));
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(s, "reading what a change replaces"));
  return undo_->Put(undo_key, kPresent + value);
}

Status ChangeRecorder::Finish(ChangeSink* sink) {
  LANDSCAPE_RETURN_IF_ERROR(undo_->Drain([sink](std::string_view key, std::string_view op) {
    return sink->Put(ColumnFamily::kUndo, key, RunOp::Value(op));
  }));
  return sink->Put(ColumnFamily::kChanges, keys::ChangeKey(record_.number),
                   EncodeChangeRecord(record_));
}

Status RecordingSink::Note(ColumnFamily cf, std::string_view key) {
  if (recorder_->from_empty()) return Status::Ok();  // nothing to keep, nothing to look up
  return recorder_->NoteWrite(cf, key, known_absent_ && known_absent_(cf, key));
}

Status RecordingSink::Put(ColumnFamily cf, std::string_view key, std::string_view value) {
  LANDSCAPE_RETURN_IF_ERROR(Note(cf, key));
  ++writes;
  return inner_->Put(cf, key, value);
}

Status RecordingSink::Delete(ColumnFamily cf, std::string_view key) {
  LANDSCAPE_RETURN_IF_ERROR(Note(cf, key));
  ++writes;
  return inner_->Delete(cf, key);
}

Status RecordingSink::Commit(const std::string& what) {
  LANDSCAPE_RETURN_IF_ERROR(recorder_->Finish(inner_));
  return inner_->Commit(what);
}

Result<std::unique_ptr<ChangeBatch>> ChangeBatch::Begin(const Store& store, const ChangeNote& note,
                                                        std::string description,
                                                        std::optional<keys::ChangeNumber> reverts) {
  ChangeRecord record;
  record.time = note.time;
  record.description = note.description;
  record.reverts = reverts;
  if (record.time.empty()) {
    LANDSCAPE_ASSIGN_OR_RETURN(record.time, ChangeTimeNow());
  }
  if (record.description.empty()) record.description = std::move(description);
  // Its before-images stay in memory, as its writes do in the batch; beyond 64 MiB of them
  // the change fails whole (no spill directory is made for an edit).
  LANDSCAPE_ASSIGN_OR_RETURN(
      auto recorder,
      ChangeRecorder::Begin(store, std::move(record), store.path() + "/import.tmp", 64 << 20));
  return std::unique_ptr<ChangeBatch>(new ChangeBatch(store, std::move(recorder)));
}

ChangeBatch::ChangeBatch(const Store& store, std::unique_ptr<ChangeRecorder> recorder)
    : store_(store),
      recorder_(std::move(recorder)),
      batch_(store.handles()),
      recording_(&batch_, recorder_.get()) {}

ChangeBatch::~ChangeBatch() = default;

Status ChangeBatch::Commit(const std::string& what) {
  Status committed = recording_.Commit(what);
  if (!committed.ok()) {
    store_.NoteFailedCommit();
    return committed;
  }
  store_.RecordWatermark();
  return Status::Ok();
}

Result<std::string> ChangeTimeNow() {
  const char* fixed = std::getenv("LANDSCAPE_NOW");
  if (fixed && *fixed) {
    if (!Shaped(fixed, kUtcTime)) {
      return Status::InvalidArgument(
          fmt::format("LANDSCAPE_NOW: '{}' is not a UTC time like 2026-12-02T13:05:00Z", fixed));
    }
    return std::string(fixed);
  }
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text);
}

}  // namespace landscape
