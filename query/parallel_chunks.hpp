#pragma once
// Work split over the machine's cores, for a question whose rows are computed apart from each
// other (`table` over a whole kind): one core would leave the other idle.

#include <algorithm>
#include <future>
#include <thread>
#include <vector>

#include "landscape/status.hpp"

namespace landscape {

// Calls work(begin, end) on consecutive chunks that cover [0, n), one thread per core and no
// chunk below `min_chunk` items; the caller's thread takes the first chunk. Returns the first
// error in chunk order. An exception thrown in a chunk reaches the caller after every chunk has
// ended, so `work` may refer to the caller's locals.
template <typename Work>
Status ForChunksInParallel(size_t n, size_t min_chunk, const Work& work) {
  size_t cores = std::max<unsigned>(1, std::thread::hardware_concurrency());
  size_t threads = std::clamp<size_t>(n / std::max<size_t>(min_chunk, 1), 1, cores);
  size_t step = (n + threads - 1) / threads;
  std::vector<std::future<Status>> others;
  for (size_t begin = step; begin < n; begin += step) {
    others.push_back(
        std::async(std::launch::async,
                   [&work, begin, end = std::min(n, begin + step)] { return work(begin, end); }));
  }
  Status first = work(0, std::min(n, step));
  for (std::future<Status>& other : others) {
    Status status = other.get();
    if (first.ok()) first = std::move(status);
  }
  return first;
}

}  // namespace landscape
