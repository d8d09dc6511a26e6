#pragma once
// The cells the verbs' tables are made of, built one way: text, text or nothing, a list of texts
// (nothing when empty), the sources of a fact.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/claims.hpp"
#include "core/entity.hpp"
#include "landscape/read_context.hpp"
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

// A derived value with the tier of the weakest claim behind it (core/claims.hpp).
inline Cell WithTier(Cell cell, const Schema& schema, int tier_rank) {
  return std::move(cell).WithConfidence(TierName(schema, tier_rank), TierShown(schema, tier_rank));
}
inline Cell WithTier(Cell cell, const Schema& schema, const Claim& claim) {
  return WithTier(std::move(cell), schema, TierRankOf(schema, claim.provenance.confidence));
}

// A reason why something is missing, as known on --as-of: "no valuation recorded on or before
// 2026-03".
inline std::string AsKnown(std::string_view reason, const ReadContext& context) {
  std::string out(reason);
  if (context.as_of) out += " on or before " + context.as_of->ToString();
  return out;
}

// The names of a list for a sentence: "A", "A and B", "A, B and C".
inline std::string NamesInProse(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  }
  return out;
}

}  // namespace landscape
