#pragma once
// GraphImageCache: the graph image file of one store handle, mapped once and kept. A warm
// process (the Python module, a benchmark, a server) asks many queries of one handle; mapping
// the image and verifying its header and the blocks a query reads at every query cost more
// than most answers (a shortest path at 10^6 relations read 0.35 ms of edges and spent as long
// again faulting pages in and checking blocks it had checked the query before).
//
// The file is kept while it is the same file: same device, inode, size, modification and
// change times, compared by one stat() per query. The image is only ever replaced by rename
// (GraphImageFile::Write), so a new image is a new inode and is mapped afresh, with nothing
// verified yet. A file damaged in place while a process holds it mapped is seen as changed
// when its times move; blocks the process verified before the damage are not checked again.

#include <memory>
#include <mutex>
#include <string>

#include <sys/stat.h>

#include "landscape/status.hpp"
#include "storage/graph_image_file.hpp"

namespace landscape {

class GraphImageCache {
 public:
  explicit GraphImageCache(std::string path) : path_(std::move(path)) {}

  // The file at the path with its header verified (GraphImageFile::MapHeader), the one mapped
  // before when the file has not changed since. MapHeader's errors (NotFound when there is
  // none) are not kept: the next call tries again.
  Result<std::shared_ptr<GraphImageFile>> Get();

 private:
  const std::string path_;
  std::mutex mutex_;
  struct stat identity_ {};
  std::shared_ptr<GraphImageFile> file_;
};

}  // namespace landscape
