#pragma once
// Funding facts read locally (prefix scans around one entity, never the whole graph), in the
// funding-database convention: a company `raised` a funding_round; investors (or companies)
// are `invested_in` the round, with `lead` and, where known, their share `amount`.

#include <optional>
#include <string>
#include <vector>

#include "core/entity.hpp"
#include "landscape/read_context.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

struct RoundFacts {
  Entity round;
  keys::EntityNumber number = 0;
  std::optional<Claim> stage;  // best claims
  std::optional<Claim> amount;
  std::optional<Claim> announced;
  std::optional<Date> date() const;  // the announced date, when known
};

struct Participation {
  Entity investor;
  keys::EntityNumber investor_number = 0;
  Relation relation;  // the invested_in relation
  bool lead = false;
  std::optional<Money> share;  // the investor's part of the round, when stated
};

// With `context.as_of`, rounds announced after it and claims dated after it are left out.

// Rounds a company raised, oldest first (undated last).
Result<std::vector<RoundFacts>> RoundsRaisedBy(const Store& store, keys::EntityNumber company,
                                               const ReadContext& context = {});
// Everyone invested in a round, leads first, then by name.
Result<std::vector<Participation>> ParticipantsOf(const Store& store, const RoundFacts& round,
                                                  const ReadContext& context = {});
// The rounds an investor took part in, with the company that raised each.
struct Investment {
  RoundFacts round;
  std::optional<Entity> company;
  Participation participation;
};
Result<std::vector<Investment>> InvestmentsBy(const Store& store, keys::EntityNumber investor,
                                              const ReadContext& context = {});

// The facts of one round entity.
RoundFacts ReadRound(const Schema& schema, Entity round, keys::EntityNumber number,
                     std::optional<Date> as_of);

}  // namespace landscape
