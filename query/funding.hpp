#pragma once
// Funding facts read locally (prefix scans around one entity, never the whole graph), in the
// funding-database convention: a company `raised` a funding_round; investors (or companies)
// are `invested_in` the round, with `lead` and, where known, their share `amount`.

#include <optional>
#include <string>
#include <vector>

#include <memory>

#include "core/entity.hpp"
#include "landscape/read_context.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "query/currency_converter.hpp"
#include "storage/store.hpp"

namespace landscape {

struct RoundFacts {
  Entity round;
  keys::EntityNumber number = 0;
  std::optional<Claim> stage;  // best claims
  std::optional<Claim> amount;
  std::optional<Claim> reported_as;  // the source's own figure in another currency
  std::optional<Claim> announced;
  std::optional<Date> date() const;  // the announced date, when known
};

struct Participation {
  EntityRef investor;
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

// Where a question over many companies reads its funding facts from. A FundingReader on a store
// answers each call as the free functions above do, by point reads around the entity asked
// about. `Preload` reads every round, participation and investor once, by sequential scans, and
// answers the same calls from memory, with the same filtering and order: for a question about
// every entity of a kind (`table`), where point reads per company would be most of the cost.
class FundingReader {
 public:
  FundingReader(const Store& store, const ReadContext& context);
  static Result<FundingReader> Preload(const Store& store, const ReadContext& context);

  Result<std::vector<RoundFacts>> RoundsRaisedBy(keys::EntityNumber company) const;
  Result<std::vector<Participation>> ParticipantsOf(const RoundFacts& round) const;

 private:
  struct Preloaded;
  const Store* store_;
  ReadContext context_;
  std::shared_ptr<const Preloaded> preloaded_;  // null: read from the store per call
};

// Why a company has no funding figure: the words of compare's cells and of rank's omitted rows.
inline constexpr const char* kNoRoundsRecorded = "no funding rounds recorded";
inline constexpr const char* kNoAmountsRecorded = "no round amounts recorded";
inline constexpr const char* kNoInvestorsRecorded = "no investors recorded in its rounds";
inline constexpr const char* kNoValuationRecorded = "no valuation recorded";

// The round's amount as a total raised adds it (SumRaised): its date and the figure its
// source reported in another currency; nullopt when it has no amount.
std::optional<DatedAmount> RaisedAmount(const RoundFacts& round, const Schema& schema);

// The facts of one round entity.
RoundFacts ReadRound(const Schema& schema, Entity round, keys::EntityNumber number,
                     std::optional<Date> as_of);

}  // namespace landscape
