#pragma once
// Shared test helpers: CHECK_OK that prints the failing status, and (from
// tests/process_support.hpp) a fresh temporary directory per test and running the real
// `landscape` binary as a child process.

#include <doctest/doctest.h>

#include "core/status.hpp"
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

inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}

}  // namespace landscape::testing
