#pragma once
// Helpers shared by the core tests.

#include <string>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/json_reader.hpp"

namespace landscape::testing::core {

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Parses strictly, as the importer does (so decimals keep their literal text).
inline nlohmann::json J(const std::string& text) {
  nlohmann::json j;
  JsonError error;
  REQUIRE_MESSAGE(ParseJsonStrict(text, &j, &error), error.message);
  return j;
}

}  // namespace landscape::testing::core
