#pragma once
// The cells the verbs' tables are made of, built one way: text, text or nothing, a list of texts
// (nothing when empty), the sources of a fact.

#include <string>
#include <utility>
#include <vector>

#include "core/entity.hpp"
#include "landscape/result_table.hpp"

namespace landscape {

inline Value Text(std::string s) { return Value{std::move(s)}; }

// Nothing for empty text: an unset field, not "".
inline Cell TextOrNone(const std::string& s) { return s.empty() ? Cell() : Cell(Text(s)); }

// Nothing for an empty list.
inline Cell TextList(const std::vector<std::string>& items) {
  if (items.empty()) return Cell();
  Value::List list;
  for (const std::string& s : items) list.push_back(Text(s));
  return Value{std::move(list)};
}

inline Cell SourcesCell(const Provenance& p) { return TextList(p.sources); }

}  // namespace landscape
