#pragma once
// Strict JSON reading. nlohmann/json on its own keeps the last of duplicate keys, accepts any
// nesting depth (and then overflows the stack in dump()), and turns integers beyond 64 bits
// into doubles. This reader refuses all three and reports where: the line and the JSON pointer.
// Numbers with a fraction or exponent keep their literal text, so decimals stay exact.

#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "landscape/status.hpp"

namespace landscape {

struct JsonError {
  size_t line = 0;      // 1-based line in the text
  std::string pointer;  // JSON pointer of the offending value ("" for the root)
  std::string message;
};

struct JsonReadOptions {
  // Deeper nesting is refused. Landscape documents need 6 levels; 64 leaves room.
  int max_depth = 64;
};

// Parses `text` as one JSON value. Returns false and fills `error` when it is not valid
// strict JSON.
bool ParseJsonStrict(std::string_view text, nlohmann::json* out, JsonError* error,
                     const JsonReadOptions& options = {});

// True when `j` is a number with a fraction or exponent as read by ParseJsonStrict.
bool IsJsonNumberLiteral(const nlohmann::json& j);
// REQUIRES: IsJsonNumberLiteral(j). The number's text as written ("0.1451").
std::string JsonNumberLiteral(const nlohmann::json& j);

// The line on which the value at `pointer` starts in `text` (the occurrence-th time that path
// is seen, for duplicate keys), or 0 when it is not found. `text` is the document the pointer
// refers to.
size_t LineOfJsonPointer(std::string_view text, std::string_view pointer, int occurrence = 1);

// The lines of several pointers (those found), in one pass over `text`.
std::map<std::string, size_t> LinesOfJsonPointers(std::string_view text,
                                                  const std::set<std::string>& pointers);

// The line on which each item of the array at `array_pointer` starts, in one pass.
std::vector<size_t> LinesOfArrayItems(std::string_view text, std::string_view array_pointer);

// Appends one reference token to a JSON pointer, escaping '~' and '/'.
std::string JsonPointerAppend(std::string_view pointer, std::string_view token);
std::string JsonPointerAppend(std::string_view pointer, size_t index);

}  // namespace landscape

namespace landscape {

// Errors found in a document carry the JSON pointer of the offending value in a fixed form,
// "at POINTER: reason", so that a reader that knows the file can add FILE:LINE in front.
Status ErrorAt(std::string_view pointer, std::string_view reason);
// The pointer of an ErrorAt status not yet placed in a file, or nullopt for other statuses.
std::optional<std::string> ErrorPointer(const Status& status);

// One line of line-delimited input, without its newline, of at most kMaxLineBytes
// (core/limits.hpp): false at the end of the input or past the limit (`*too_long` then).
bool ReadBoundedLine(std::istream& in, std::string* line, bool* too_long);

}  // namespace landscape
