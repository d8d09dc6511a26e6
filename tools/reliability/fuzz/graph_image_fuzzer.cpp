// The graph image mapper: any bytes in STORE/graph.image must be refused with a Status or
// mapped whole; once mapped, every section it binds lies within the file.

#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "storage/graph_image_file.hpp"

namespace {

const std::string& ImagePath() {
  static const std::string path = [] {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp && *tmp ? tmp : "/tmp") + "/landscape-fuzz-image-" +
           std::to_string(getpid());
  }();
  return path;
}

bool WriteWhole(const std::string& path, const uint8_t* data, size_t size) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  close(fd);
  return done == size;
}

// Reads every byte of a bound span, so that a span reaching past the mapping faults here.
template <typename Span>
uint64_t Touch(const Span& span) {
  uint64_t sum = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(span.data());
  for (size_t i = 0; i < span.size_bytes(); ++i) sum += bytes[i];
  return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The writer replaces the image by rename, never in place: a new file per input is the
  // contract the mapper is held to.
  const std::string& path = ImagePath();
  unlink(path.c_str());
  if (!WriteWhole(path, data, size)) std::abort();
  auto mapped = landscape::GraphImageFile::Map(path);
  if (mapped.ok()) {
    const landscape::GraphImageData& image = mapped.value()->data();
    volatile uint64_t sink = Touch(image.numbers) + Touch(image.kinds) + Touch(image.index) +
                             Touch(image.rowstart) + Touch(image.adjacency) +
                             Touch(image.pagerank) + Touch(image.rounds) + Touch(image.totals) +
                             Touch(image.by_pagerank) + Touch(image.by_total_raised);
    (void)sink;
  }
  unlink(path.c_str());
  return 0;
}
