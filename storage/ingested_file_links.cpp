#include "storage/ingested_file_links.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace landscape {

namespace fs = std::filesystem;

rocksdb::IOStatus IngestedFileLinks::LinkFile(const std::string& source, const std::string& target,
                                              const rocksdb::IOOptions& options,
                                              rocksdb::IODebugContext* debug) {
  rocksdb::IOStatus s = target_->LinkFile(source, target, options, debug);
  if (s.ok()) {
    std::lock_guard lock(mutex_);
    links_.emplace_back(source, target);
  }
  return s;
}

void IngestedFileLinks::Clear() {
  std::lock_guard lock(mutex_);
  links_.clear();
}

Status IngestedFileLinks::Restore(const std::string& store_dir) {
  std::lock_guard lock(mutex_);
  bool restored = false;
  for (const auto& [source, target] : links_) {
    std::error_code ec;
    if (fs::exists(target, ec) || !fs::exists(source, ec)) continue;
    if (::link(source.c_str(), target.c_str()) != 0) {
      return Status::IOError(
          fmt::format("restoring {} after a failed import: {}", target, std::strerror(errno)));
    }
    restored = true;
  }
  if (!restored) return Status::Ok();
  int dir = ::open(store_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0 || ::fsync(dir) != 0) {
    int error = errno;
    if (dir >= 0) ::close(dir);
    return Status::IOError(fmt::format("syncing {}: {}", store_dir, std::strerror(error)));
  }
  ::close(dir);
  return Status::Ok();
}

std::unique_ptr<rocksdb::Env> EnvWithLinks(const std::shared_ptr<IngestedFileLinks>& links) {
  return rocksdb::NewCompositeEnv(links);
}

}  // namespace landscape
