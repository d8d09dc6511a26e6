#pragma once
// Writing a whole file so that readers and crashes see either the old file or the new one,
// never a part: the bytes go to a temporary file beside the target, which is synced and then
// renamed over it, and the rename is synced with its directory.

#include <functional>
#include <ostream>
#include <string>

#include "landscape/status.hpp"

namespace landscape {

// Writes `path` with what `write` puts into the stream. On any failure (of `write`, of the
// disk, or because `path` is a directory) returns the error, leaves `path` as it was and
// removes the temporary file.
Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(std::ostream&)>& write);

// The same for a new directory of files: `write` fills a temporary directory beside `path`,
// whose files are synced and which is then renamed to `path`. Refuses a `path` that exists.
Status WriteDirectoryAtomically(const std::string& path,
                                const std::function<Status(const std::string& dir)>& write);

}  // namespace landscape
