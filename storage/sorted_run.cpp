#include "storage/sorted_run.hpp"

#include <algorithm>
#include <filesystem>
#include <queue>

#include <fmt/format.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>

#include "storage/store_handles.hpp"

namespace landscape {

SortedRun::SortedRun(std::string name, std::string spill_dir, size_t budget_bytes, RunMergeFn merge)
    : name_(std::move(name)),
      spill_dir_(std::move(spill_dir)),
      budget_bytes_(budget_bytes),
      merge_(std::move(merge)) {
  // Reserved, not touched: the arena never doubles past the budget.
  arena_.reserve(budget_bytes_);
}

SortedRun::~SortedRun() {
  for (const std::string& f : run_files_) {
    std::error_code ignored;  // the import's temp directory is removed as a whole anyway
    std::filesystem::remove(f, ignored);
  }
}

Status SortedRun::Add(std::string_view key, char op, std::string_view value) {
  entries_.push_back(Entry{arena_.size(), static_cast<uint32_t>(key.size()),
                           static_cast<uint32_t>(value.size() + 1)});
  arena_.append(key);
  arena_.push_back(op);
  arena_.append(value);
  ++entries_added_;
  if (arena_.size() + entries_.size() * sizeof(Entry) >= budget_bytes_) return Spill();
  return Status::Ok();
}

Status SortedRun::DrainBuffer(
    const std::function<Status(std::string_view, std::string_view)>& visit) {
  // Stable: writes to one key keep their order, so merges see them earliest first.
  std::stable_sort(entries_.begin(), entries_.end(),
                   [this](const Entry& a, const Entry& b) { return KeyOf(a) < KeyOf(b); });
  size_t i = 0;
  while (i < entries_.size()) {
    std::string_view key = KeyOf(entries_[i]);
    std::string merged(OpOf(entries_[i]));
    size_t j = i + 1;
    for (; j < entries_.size() && KeyOf(entries_[j]) == key; ++j) {
      LANDSCAPE_ASSIGN_OR_RETURN(merged, merge_(key, merged, OpOf(entries_[j])));
    }
    LANDSCAPE_RETURN_IF_ERROR(visit(key, merged));
    i = j;
  }
  entries_.clear();
  arena_.clear();
  return Status::Ok();
}

Status SortedRun::Spill() {
  std::string path = fmt::format("{}/{}-{}.run.sst", spill_dir_, name_, run_files_.size());
  rocksdb::Options options;
  options.compression = rocksdb::kNoCompression;
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options);
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(writer.Open(path), "writing import run " + path));
  LANDSCAPE_RETURN_IF_ERROR(DrainBuffer([&](std::string_view key, std::string_view op) {
    return FromRocks(
        writer.Put(rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(op.data(), op.size())),
        "writing import run " + path);
  }));
  LANDSCAPE_RETURN_IF_ERROR(FromRocks(writer.Finish(), "finishing import run " + path));
  run_files_.push_back(path);
  return Status::Ok();  // the buffers keep their capacity for the next run
}

Status SortedRun::Drain(
    const std::function<Status(std::string_view key, std::string_view op)>& visit) {
  if (run_files_.empty()) return DrainBuffer(visit);
  if (!entries_.empty()) LANDSCAPE_RETURN_IF_ERROR(Spill());
  return MergeRuns(visit);
}

Status SortedRun::MergeRuns(
    const std::function<Status(std::string_view, std::string_view)>& visit) {
  rocksdb::Options options;
  std::vector<std::unique_ptr<rocksdb::SstFileReader>> readers;
  std::vector<std::unique_ptr<rocksdb::Iterator>> iters;
  rocksdb::ReadOptions read;
  read.fill_cache = false;
  read.readahead_size = 2 << 20;
  for (const std::string& f : run_files_) {
    readers.push_back(std::make_unique<rocksdb::SstFileReader>(options));
    LANDSCAPE_RETURN_IF_ERROR(FromRocks(readers.back()->Open(f), "reading import run " + f));
    iters.emplace_back(readers.back()->NewIterator(read));
    iters.back()->SeekToFirst();
  }
  // Min-heap on (key, run index): equal keys come out in run order, earliest first.
  auto greater = [&](size_t a, size_t b) {
    int c = iters[a]->key().compare(iters[b]->key());
    return c != 0 ? c > 0 : a > b;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(greater)> heap(greater);
  for (size_t i = 0; i < iters.size(); ++i) {
    if (iters[i]->Valid()) heap.push(i);
  }
  std::string key, merged;
  while (!heap.empty()) {
    size_t top = heap.top();
    heap.pop();
    key = iters[top]->key().ToString();
    merged = iters[top]->value().ToString();
    iters[top]->Next();
    if (iters[top]->Valid()) heap.push(top);
    while (!heap.empty() && iters[heap.top()]->key() == rocksdb::Slice(key)) {
      size_t next = heap.top();
      heap.pop();
      LANDSCAPE_ASSIGN_OR_RETURN(merged, merge_(key, merged, iters[next]->value().ToStringView()));
      iters[next]->Next();
      if (iters[next]->Valid()) heap.push(next);
    }
    LANDSCAPE_RETURN_IF_ERROR(visit(key, merged));
  }
  for (auto& it : iters) {
    LANDSCAPE_RETURN_IF_ERROR(FromRocks(it->status(), "reading import runs of " + name_));
  }
  return Status::Ok();
}

}  // namespace landscape
