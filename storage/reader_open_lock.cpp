#include "storage/reader_open_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace landscape {

Result<ReaderOpenLock> ReaderOpenLock::Acquire(const std::string& store_path, Mode mode) {
  std::string path = store_path + "/landscape-open.lock";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 && mode == Mode::kShared && (errno == EACCES || errno == EROFS)) {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ReaderOpenLock(-1);  // no writer could have made it: nothing to wait for
  }
  if (fd < 0) {
    return Status::IOError(fmt::format("opening {}: {}", path, std::strerror(errno)));
  }
  int operation = mode == Mode::kShared ? LOCK_SH : LOCK_EX;
  while (flock(fd, operation) != 0) {
    if (errno == EINTR) continue;
    Status s = Status::IOError(fmt::format("locking {}: {}", path, std::strerror(errno)));
    close(fd);
    return s;
  }
  return ReaderOpenLock(fd);
}

ReaderOpenLock& ReaderOpenLock::operator=(ReaderOpenLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

ReaderOpenLock::~ReaderOpenLock() {
  if (fd_ >= 0) close(fd_);  // closing the only descriptor releases the flock
}

}  // namespace landscape
