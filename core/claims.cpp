#include "core/claims.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/valid_time.hpp"

namespace landscape {
int TierRankOf(const Schema& schema, std::string_view tier) {
  return schema.TierRank(tier).value_or(kUnrankedTier);
}

std::string TierName(const Schema& schema, int rank) {
  const auto& tiers = schema.confidence_tiers();
  return rank >= 0 && static_cast<size_t>(rank) < tiers.size() ? tiers[rank] : std::string();
}

bool TierShown(const Schema& schema, int rank) {
  return rank != kUnrankedTier && rank > TierRankOf(schema, "reported");
}

std::vector<const Claim*> RankedClaims(const Schema& schema, const Attributes& attributes,
                                       std::string_view name, std::optional<Date> as_of) {
  std::vector<const Claim*> out;
  auto it = attributes.find(std::string(name));
  if (it == attributes.end()) return out;
  for (const Claim& c : it->second) {
    if (!ClaimKnownOn(c, as_of)) continue;
    out.push_back(&c);
  }
  auto tier = [&](const Claim* c) {
    return schema.TierRank(c->provenance.confidence).value_or(kUnrankedTier);
  };
  std::stable_sort(out.begin(), out.end(), [&](const Claim* a, const Claim* b) {
    if (tier(a) != tier(b)) return tier(a) < tier(b);
    return a->as_of > b->as_of;  // a dated claim before an undated one, the latest first
  });
  return out;
}

const Claim* LatestClaim(const Schema& schema, const Attributes& attributes, std::string_view name,
                         std::optional<Date> as_of) {
  const Claim* latest = nullptr;
  for (const Claim* c : RankedClaims(schema, attributes, name, as_of)) {
    if (!latest || (c->as_of && (!latest->as_of || *c->as_of > *latest->as_of))) latest = c;
  }
  return latest;
}

const Claim* BestClaim(const Schema& schema, const Attributes& attributes, std::string_view name,
                       std::optional<Date> as_of) {
  // RankedClaims().front() without building the ranking: the first claim that no later one
  // outranks. Queries ask for the best claim of a few attributes per row.
  auto it = attributes.find(std::string(name));
  if (it == attributes.end()) return nullptr;
  const Claim* best = nullptr;
  int best_tier = 0;
  for (const Claim& c : it->second) {
    if (!ClaimKnownOn(c, as_of)) continue;
    int tier = schema.TierRank(c.provenance.confidence).value_or(kUnrankedTier);
    if (!best || tier < best_tier || (tier == best_tier && c.as_of > best->as_of)) {
      best = &c;
      best_tier = tier;
    }
  }
  return best;
}

size_t DistinctValues(const Schema& schema, const Attributes& attributes, std::string_view name,
                      std::optional<Date> as_of) {
  std::vector<const Value*> values;
  for (const Claim* c : RankedClaims(schema, attributes, name, as_of)) {
    bool seen = false;
    for (const Value* v : values) seen = seen || *v == c->value;
    if (!seen) values.push_back(&c->value);
  }
  return values.size();
}

}  // namespace landscape

namespace landscape {

std::string ClaimText(std::string_view attribute, const Claim& claim) {
  std::string text = fmt::format("{} = {}", attribute, claim.value.ToDisplayString());
  if (claim.as_of) text += " as of " + claim.as_of->ToString();
  if (!claim.provenance.sources.empty()) {
    text += fmt::format(" [{}]", fmt::join(claim.provenance.sources, ", "));
  }
  if (!claim.provenance.confidence.empty()) text += " (" + claim.provenance.confidence + ")";
  return text;
}

}  // namespace landscape
