#pragma once
// The store's history (docs/storage.md, "History"). Every write is one change with a number,
// a time and a description, kept in the `changes` family. Nothing a change replaces is lost:
// for each key it writes, the `undo` family keeps the value the key held before (or that it
// held none). The present stays where it was, in the other families, read as fast as before;
// the past is the present with the undo entries of later changes laid over it.
//
// A change made while the store was empty ("from empty": the first import) keeps no undo
// entries: what came before it is the empty store. That keeps the first import, usually the
// largest, free of history's cost.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "landscape/changes.hpp"
#include "landscape/status.hpp"
#include "storage/change_sink.hpp"
#include "storage/key_codec.hpp"
#include "storage/sorted_run.hpp"
#include "storage/store.hpp"

namespace landscape {

struct ChangeRecord {
  keys::ChangeNumber number = 0;
  std::string time;  // UTC, "2026-12-02T13:05:00Z"
  std::string description;
  bool from_empty = false;  // the store was empty before it, and it keeps no undo entries
  std::optional<keys::ChangeNumber> reverts;  // the change it undid
};

std::string EncodeChangeRecord(const ChangeRecord& record);
Result<ChangeRecord> DecodeChangeRecord(keys::ChangeNumber number, std::string_view value);
// The same from JSON already parsed (a history file's change line, history_file.hpp).
Result<ChangeRecord> ChangeRecordFromJson(keys::ChangeNumber number, const nlohmann::json& j);

// Every change, oldest first. A store made before history has none.
Status ScanChanges(const Store& store, const std::function<Status(const ChangeRecord&)>& visit);
Result<std::optional<ChangeRecord>> GetChange(const Store& store, keys::ChangeNumber number);
// The number of the last change; 0 when there is none.
Result<keys::ChangeNumber> LastChange(const Store& store);

// The change `--recorded-by TEXT` names: a change number, or the last change at or before a
// UTC time, a day or a month (0 when none was). InvalidArgument names what TEXT should be.
Result<keys::ChangeNumber> ResolveRecordedBy(const Store& store, std::string_view text);

// One undo entry: the value a key held before a change wrote it (nullopt: it held none).
struct UndoEntry {
  keys::ChangeNumber change;
  ColumnFamily family;
  std::string_view key;
  std::optional<std::string_view> before;
};
// The undo entries of changes `first` and later, in change order and within one change in
// family and key order.
Status ScanUndo(const Store& store, keys::ChangeNumber first,
                const std::function<Status(const UndoEntry&)>& visit);

// One value a key held, and the changes between which it held it.
struct KeyVersion {
  std::string value;
  keys::ChangeNumber recorded = 0;  // the change that wrote it; 0: before the log began
  keys::ChangeNumber ended = 0;     // the change that replaced or removed it; 0: current
};
using StoreKey = std::pair<ColumnFamily, std::string>;
// The value a key holds now, read past any view laid over the store; nullopt when none.
Result<std::optional<std::string>> PresentValue(const Store& store, const StoreKey& key);

// Every value each key held, oldest first, for the keys `wanted` selects among the undo
// entries and the keys of `present` (what the store holds now). A key absent for a while
// has no version for that while.
Result<std::map<StoreKey, std::vector<KeyVersion>>> KeyHistories(
    const Store& store, const std::function<bool(ColumnFamily, std::string_view)>& wanted,
    const std::vector<StoreKey>& present);

// Records one change as it is written: the before-image of each key the change writes, then
// the undo entries and the change's record, into the same sink as the change itself, so that
// they commit with it or not at all.
class ChangeRecorder {
 public:
  // The next change of `store`, a writer. Undo entries beyond `budget_bytes` spill to
  // `spill_dir`, which must exist by then.
  static Result<std::unique_ptr<ChangeRecorder>> Begin(const Store& store, ChangeRecord record,
                                                       std::string spill_dir,
                                                       size_t budget_bytes = 16 << 20);
  ~ChangeRecorder();

  keys::ChangeNumber number() const { return record_.number; }
  bool from_empty() const { return record_.from_empty; }

  // Keeps the value `key` holds before this change writes it; `known_absent` spares reading
  // it. The first note of a key wins. The meta family is not recorded: the next entity
  // number only grows, and the schema only gains, so neither is undone.
  Status NoteWrite(ColumnFamily cf, std::string_view key, bool known_absent = false);
  // The undo entries and the change's record, into `sink` after the change's own writes.
  Status Finish(ChangeSink* sink);

 private:
  ChangeRecorder(const Store& store, ChangeRecord record, std::unique_ptr<SortedRun> undo);

  const Store& store_;
  ChangeRecord record_;
  std::unique_ptr<SortedRun> undo_;
};

// A sink that notes each key's before-image with a recorder as it passes the write on, and
// finishes the recorder's entries into the same commit.
class RecordingSink : public ChangeSink {
 public:
  using KnownAbsent = std::function<bool(ColumnFamily, std::string_view key)>;
  RecordingSink(ChangeSink* inner, ChangeRecorder* recorder, KnownAbsent known_absent = {})
      : inner_(inner), recorder_(recorder), known_absent_(std::move(known_absent)) {}
  Status Put(ColumnFamily cf, std::string_view key, std::string_view value) override;
  Status Delete(ColumnFamily cf, std::string_view key) override;
  // Finishes the recorder into the inner sink, then commits it.
  Status Commit(const std::string& what) override;

 private:
  Status Note(ColumnFamily cf, std::string_view key);

  ChangeSink* inner_;
  ChangeRecorder* recorder_;
  KnownAbsent known_absent_;
};

// A small change (an edit, a removal, a revert) as one synced WriteBatch with its undo
// entries and its record: written whole or not at all.
class ChangeBatch : public ChangeSink {
 public:
  // `description` is used when `note` has none; the time is now when `note` has none.
  static Result<std::unique_ptr<ChangeBatch>> Begin(const Store& store, const ChangeNote& note,
                                                    std::string description,
                                                    std::optional<keys::ChangeNumber> reverts = {});
  ~ChangeBatch() override;
  Status Put(ColumnFamily cf, std::string_view key, std::string_view value) override {
    ++writes;
    return recording_.Put(cf, key, value);
  }
  Status Delete(ColumnFamily cf, std::string_view key) override {
    ++writes;
    return recording_.Delete(cf, key);
  }
  // Commits the change and notes the store's watermark; a failed commit is noted on the store.
  Status Commit(const std::string& what) override;
  keys::ChangeNumber number() const { return recorder_->number(); }

 private:
  ChangeBatch(const Store& store, std::unique_ptr<ChangeRecorder> recorder);

  const Store& store_;
  std::unique_ptr<ChangeRecorder> recorder_;
  BatchSink batch_;
  RecordingSink recording_;
};

// Now, as a change's time: $LANDSCAPE_NOW when set (checked), else the clock, in UTC.
Result<std::string> ChangeTimeNow();

}  // namespace landscape
