#pragma once
// SortedRun: collects one column family's writes in any order within a memory budget, spilling
// sorted runs to SST files beside the store when the budget is reached, and hands them back
// merged in key order. This is what keeps an import's memory flat however long its input is.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "landscape/status.hpp"

namespace landscape {

// A write as the run holds it: the first byte says put ('P') or delete ('D').
struct RunOp {
  static std::string Put(std::string_view value) { return "P" + std::string(value); }
  static std::string Delete() { return "D"; }
  static bool IsDelete(std::string_view op) { return !op.empty() && op[0] == 'D'; }
  static std::string_view Value(std::string_view op) { return op.substr(1); }
};

// Combines two writes to the same key, `earlier` first; returns the write to keep.
using RunMergeFn = std::function<Result<std::string>(std::string_view key, std::string_view earlier,
                                                     std::string_view later)>;

class SortedRun {
 public:
  // Spill files go to `spill_dir` (which must exist) named after `name`.
  SortedRun(std::string name, std::string spill_dir, size_t budget_bytes, RunMergeFn merge);
  ~SortedRun();
  SortedRun(const SortedRun&) = delete;
  SortedRun& operator=(const SortedRun&) = delete;

  Status Put(std::string_view key, std::string_view value) { return Add(key, 'P', value); }
  Status Delete(std::string_view key) { return Add(key, 'D', {}); }

  // Visits every key once, in key order, with its merged write. Call once, after the last Add.
  Status Drain(const std::function<Status(std::string_view key, std::string_view op)>& visit);

  size_t entries_added() const { return entries_added_; }
  bool spilled() const { return !run_files_.empty(); }

 private:
  struct Entry {
    uint64_t offset;
    uint32_t key_size;
    uint32_t op_size;
  };
  std::string_view KeyOf(const Entry& e) const { return {arena_.data() + e.offset, e.key_size}; }
  std::string_view OpOf(const Entry& e) const {
    return {arena_.data() + e.offset + e.key_size, e.op_size};
  }
  Status Add(std::string_view key, char op, std::string_view value);
  // Sorts the buffer and visits it with duplicates merged.
  Status DrainBuffer(const std::function<Status(std::string_view, std::string_view)>& visit);
  Status Spill();
  Status MergeRuns(const std::function<Status(std::string_view, std::string_view)>& visit);

  std::string name_;
  std::string spill_dir_;
  size_t budget_bytes_;
  RunMergeFn merge_;
  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<std::string> run_files_;
  size_t entries_added_ = 0;
};

}  // namespace landscape
