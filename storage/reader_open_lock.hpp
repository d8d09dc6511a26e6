#pragma once
// ReaderOpenLock: keeps a store's files from being deleted while a reader opens it.
//
// A reader opens the store as a RocksDB secondary instance: it reads the MANIFEST, then opens
// every table and log file it names (max_open_files = -1), and from then on holds them open.
// A file the writer deletes in between (a compaction's inputs, a flushed log) is missing to
// it, and RocksDB then falls back, family by family, to an older state whose files exist: the
// reader saw some column families before a change and others after it. So the writer deletes
// no file while a reader opens: it disables file deletions for its whole session and enables
// them again only at close, and both ends of its session (open, close) run under this lock
// taken exclusively, while a reader takes it shared for its open alone. The lock is
// flock(2) on STORE/landscape-open.lock; it is released when the holder exits, also by
// kill -9, and the next writer's open purges what a killed one left.

#include <string>

#include "landscape/status.hpp"

namespace landscape {

class ReaderOpenLock {
 public:
  enum class Mode { kShared, kExclusive };

  // Blocks until the lock is held. The lock file is created when missing; a reader that may
  // not create it (a read-only directory) goes on without the lock, since no writer can have
  // run there either. IOError naming the file otherwise.
  static Result<ReaderOpenLock> Acquire(const std::string& store_path, Mode mode);

  ReaderOpenLock(ReaderOpenLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ReaderOpenLock& operator=(ReaderOpenLock&& other) noexcept;
  ReaderOpenLock(const ReaderOpenLock&) = delete;
  ReaderOpenLock& operator=(const ReaderOpenLock&) = delete;
  ~ReaderOpenLock();  // releases it

 private:
  explicit ReaderOpenLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace landscape
