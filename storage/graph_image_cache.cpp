#include "storage/graph_image_cache.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace landscape {
namespace {

bool SameTime(const timespec& a, const timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

bool SameFile(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         SameTime(a.st_mtim, b.st_mtim) && SameTime(a.st_ctim, b.st_ctim);
}

}  // namespace

Result<std::shared_ptr<GraphImageFile>> GraphImageCache::Get() {
  struct stat now {};
  if (stat(path_.c_str(), &now) != 0) {
    int error = errno;
    std::lock_guard lock(mutex_);
    file_.reset();
    if (error == ENOENT) {
      return Status::NotFound(fmt::format("graph image {}: {}", path_, std::strerror(error)));
    }
    return Status::IOError(fmt::format("reading {}: {}", path_, std::strerror(error)));
  }
  std::lock_guard lock(mutex_);
  if (file_ && SameFile(now, identity_)) return file_;
  file_.reset();
  LANDSCAPE_ASSIGN_OR_RETURN(std::unique_ptr<GraphImageFile> mapped,
                             GraphImageFile::MapHeader(path_));
  // What was mapped may be newer than what stat saw; a file replaced in between is seen as
  // changed at the next call, and mapped again.
  identity_ = now;
  file_ = std::move(mapped);
  return file_;
}

}  // namespace landscape
