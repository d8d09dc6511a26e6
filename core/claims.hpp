#pragma once
// Picking among claims: conflicting values are all kept; queries show the best-ranked one.
// Rank: the best confidence tier first (a claim without a tier ranks last), then the latest
// as_of, then the earliest recorded. With --as-of, claims dated after it are not known yet.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.hpp"
#include "core/schema.hpp"

namespace landscape {

// The claims of `name` known on `as_of`, best first. Empty when none.
std::vector<const Claim*> RankedClaims(const Schema& schema, const Attributes& attributes,
                                       std::string_view name, std::optional<Date> as_of = {});

// The best claim, or null.
const Claim* BestClaim(const Schema& schema, const Attributes& attributes, std::string_view name,
                       std::optional<Date> as_of = {});

// The claim of a point-in-time fact (a valuation) that holds now: the one with the latest
// as_of, a dated claim before any undated one; among equal dates, the best-ranked. Null when
// none is known. Every verb asks a "latest" question through this rule (docs/queries.md).
const Claim* LatestClaim(const Schema& schema, const Attributes& attributes, std::string_view name,
                         std::optional<Date> as_of = {});
// A claim's tier as a rank, 0 the best; a claim without a tier ranks after every tier
// (kUnrankedTier). A value derived from several claims carries the largest rank among them:
// the weakest claim behind it.
inline constexpr int kUnrankedTier = 1000;
int TierRankOf(const Schema& schema, std::string_view tier);
// The tier of a rank; "" for kUnrankedTier (no tier known).
std::string TierName(const Schema& schema, int rank);
// Whether people are shown the tier beside a value: a known tier below "reported" (analysis,
// rumor).
bool TierShown(const Schema& schema, int rank);

// How many different values the known claims of `name` hold.
size_t DistinctValues(const Schema& schema, const Attributes& attributes, std::string_view name,
                      std::optional<Date> as_of = {});

}  // namespace landscape

namespace landscape {

// A claim in one line, as edits and history show it:
// "valuation = $3.4B as of 2024-05 [src-a, src-b] (estimate)".
std::string ClaimText(std::string_view attribute, const Claim& claim);

}  // namespace landscape
