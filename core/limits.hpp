#pragma once
// The sizes Landscape accepts, each refused past its limit with an error that names it
// (docs/data-format.md, "Limits"). Without them `import /dev/zero` grew until memory ran out
// and a 200 MB name became a 200 MB index key.

#include <cstddef>

namespace landscape {

// A display name or an alias, in bytes of UTF-8: the name index holds each one as a key.
inline constexpr size_t kMaxNameBytes = 1024;
// One line of the line-delimited form: one record.
inline constexpr size_t kMaxLineBytes = size_t{16} << 20;
// A whole document (.json), which is parsed in memory; larger inputs go line by line.
inline constexpr size_t kMaxDocumentBytes = size_t{256} << 20;

}  // namespace landscape
