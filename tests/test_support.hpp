#pragma once
// Shared test helpers: CHECK_OK that prints the failing status, and (from
// tests/process_support.hpp) a fresh temporary directory per test and running the real
// `landscape` binary as a child process.

#include <cstdint>
#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "landscape/status.hpp"
#include "tests/process_support.hpp"

#define CHECK_OK(expr)                                                         \
  do {                                                                         \
    auto&& check_ok_value_ = (expr);                                           \
    CHECK_MESSAGE(check_ok_value_.ok(),                                        \
                  ::landscape::testing::StatusOf(check_ok_value_).ToString()); \
  } while (false)
#define REQUIRE_OK(expr)                                                           \
  do {                                                                             \
    auto&& require_ok_value_ = (expr);                                             \
    REQUIRE_MESSAGE(require_ok_value_.ok(),                                        \
                    ::landscape::testing::StatusOf(require_ok_value_).ToString()); \
  } while (false)

namespace landscape::testing {

// Built with AddressSanitizer every process runs several times slower, so the tests that loop
// the CLI over large imports (kills, readers beside a writer) take fewer turns there: the normal
// build runs them whole, and tools/reliability/ runs them long.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

// Inverts every bit of the byte at `offset` of an existing file: writes the damaged bytes to a
// new file and renames it over the old one, so that a process holding the file mapped sees a new
// file (the graph image is only ever replaced that way: storage/graph_image_cache.hpp).
inline void FlipByte(const std::string& path, uint64_t offset) {
  std::string bytes = ReadFile(path);
  REQUIRE(offset < bytes.size());
  bytes[offset] = static_cast<char>(~bytes[offset]);
  WriteFile(path + ".flipped", bytes);
  std::filesystem::rename(path + ".flipped", path);
}

}  // namespace landscape::testing
