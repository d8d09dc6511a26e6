#include "storage/atomic_file.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace landscape {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::IOError(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

// fsync(2) on a descriptor opened only for it: the data written through a stream, or a
// directory's entries.
Status Sync(const std::string& path, int flags) {
  int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Errno("opening", path);
  int synced = fsync(fd);
  int saved = errno;
  close(fd);
  errno = saved;
  return synced == 0 ? Status::Ok() : Errno("syncing", path);
}

// A name beside `path`, named after this process so that a concurrent writer never collides.
std::string TemporaryName(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return fmt::format("{}.tmp-{}-{}", path, getpid(), counter++);
}

// A new file beside `path`, created with the permissions an ordinary new file gets (0666 less
// the umask).
Result<std::string> MakeTemporary(const std::string& path) {
  std::string name = TemporaryName(path);
  int fd = open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return Errno("creating", name);
  close(fd);
  return name;
}

Status WriteAndSync(const std::string& temp, const std::function<Status(std::ostream&)>& write) {
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Errno("opening", temp);
    LANDSCAPE_RETURN_IF_ERROR(write(out));
    out.flush();
    if (!out) return Errno("writing", temp);
  }
  return Sync(temp, O_RDONLY);
}

// Moves the written `temp` to `path` and syncs the directory entry; on any failure, before or
// here, removes `temp` and returns the error. `replace` false: a `path` that appeared since
// is not replaced (renameat2's RENAME_NOREPLACE).
Status MoveIntoPlace(const std::string& temp, const std::string& path, Status written,
                     bool replace) {
  if (written.ok()) {
    int moved = replace
                    ? std::rename(temp.c_str(), path.c_str())
                    : renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE);
    if (moved != 0) written = Errno(fmt::format("renaming {} to", temp), path);
  }
  if (!written.ok()) {
    std::error_code ec;
    std::filesystem::remove_all(temp, ec);  // best effort: the error that matters is `written`
    return written;
  }
  std::string dir = std::filesystem::path(path).parent_path().string();
  return Sync(dir.empty() ? "." : dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace

Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(std::ostream&)>& write) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument(fmt::format("{} is a directory; name a file", path));
  }
  LANDSCAPE_ASSIGN_OR_RETURN(std::string temp, MakeTemporary(path));
  return MoveIntoPlace(temp, path, WriteAndSync(temp, write), /*replace=*/true);
}

Status WriteDirectoryAtomically(const std::string& path,
                                const std::function<Status(const std::string& dir)>& write) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Status::AlreadyExists(fmt::format("{} exists; name a new directory", path));
  }
  std::string temp = TemporaryName(path);
  if (!std::filesystem::create_directory(temp, ec)) {
    return Status::IOError(fmt::format("creating {}: {}", temp, ec.message()));
  }
  Status written = write(temp);
  for (const auto& entry : std::filesystem::directory_iterator(temp, ec)) {
    if (!written.ok()) break;
    written = Sync(entry.path().string(), O_RDONLY);
  }
  if (written.ok()) written = Sync(temp, O_RDONLY | O_DIRECTORY);
  return MoveIntoPlace(temp, path, std::move(written), /*replace=*/false);
}

}  // namespace landscape
