#pragma once
// CurrencyConverter: turns money into one currency with the dated FX rates the store holds.
// A rate is picked, never guessed (docs/queries.md, "Currency"): for an amount dated D, the
// latest rate for the pair dated on or before D (a rate dated "2026-03" counts from March 2026)
// and, with --as-of, on or before that date too; for an undated amount, the latest rate on or
// before the --as-of date, or without --as-of the latest rate the store holds. No rule reads
// the clock, so an answer depends on the store and the request alone, never on the day it is
// asked. A pair is read directly or inverted; without a rate for the pair, the amount is
// bridged through USD (both legs dated as above). A converted amount keeps no more significant
// digits than the rates it went through, and is approximate. Without a rate the conversion
// fails and says which rate is missing.

#include <array>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/entity.hpp"
#include "landscape/money.hpp"
#include "landscape/read_context.hpp"
#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// What a figure in the asked currency rests on: the amounts as recorded in that currency, a
// figure the source reported in it, or a conversion (then approximate). A sum rests on the
// weakest of its parts.
enum class AmountBasis : uint8_t { kRecorded = 0, kReported = 1, kConverted = 2 };

struct RaisedFigure {
  Money money;
  AmountBasis basis = AmountBasis::kRecorded;
  int tier_rank = 0;  // of the weakest claim behind it (core/claims.hpp)
};

// One stored rate as a conversion used it: as stored, or inverted.
struct RateLeg {
  const FxRate* rate = nullptr;  // valid while the converter lives
  bool inverted = false;
  // "CNY→USD 0.1451 (2026-11-28)"; an inverted one "USD→CNY 7 (2026-01), inverted".
  std::string Describe() const;
};

struct Conversion {
  // In the target currency. Converted: rounded to the significant digits of the rates used
  // (the fewest of them) and to cents, and approximate. Unconverted: the amount as it was.
  Money money;
  std::array<RateLeg, 2> legs{};  // in order of use; two when bridged through USD
  size_t leg_count = 0;           // 0: the amount was in the currency already
  // The power of ten of its last significant digit (-2, the cent, at the finest): a sum that
  // holds it is good to that unit at best.
  int unit_exponent = -2;
  std::span<const RateLeg> used() const { return {legs.data(), leg_count}; }
  // The rates used, described: "CNY→USD 0.1451 (2026-11-28)", bridged "… then …".
  std::string RatesText() const;
  // The result as a figure of the claim of `tier_rank`: converted, or as recorded when no
  // rate was needed.
  RaisedFigure Figure(int tier_rank) const;
};

// InvalidArgument ("--currency: 'XYZ' is not an ISO 4217 code") unless `currency` is one;
// `option` names the option that gave it.
Status CheckCurrency(const std::string& currency, std::string_view option = "--currency");

class CurrencyConverter {
 public:
  static Result<CurrencyConverter> Load(const Store& store, std::optional<Date> as_of = {});

  // NotFound ("no CNY→EUR rate on or before 2026-03, nor through USD") when no rate applies.
  Result<Conversion> Convert(const Money& money, const std::string& currency,
                             std::optional<Date> dated) const;

 private:
  // The rate that converts `from` into `to` on `day` (a direct or an inverted one, the more
  // recent), or none.
  std::optional<RateLeg> Leg(std::string_view from, std::string_view to, int32_t day) const;

  // Orders (base, quote) pairs of strings and of string views alike, so that a lookup copies
  // no currency code: a total raised converts every round.
  struct PairLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return std::tie(a.first, a.second) < std::tie(b.first, b.second);
    }
  };
  // (base, quote) → rates in date order
  std::map<std::pair<std::string, std::string>, std::vector<FxRate>, PairLess> rates_;
  std::optional<Date> as_of_;
};

// `landscape fx`: the rates known on --as-of (every rate without it), by pair then date.
// Columns: base, quote, rate, date, confidence, sources. A currency that is not an ISO code is
// InvalidArgument.
Result<ResultTable> FxRatesTable(const Store& store, const FxRequest& request,
                                 const ReadContext& context);

// An amount raised, the date it converts at (its round's announced date), and the figure the
// source itself reported in another currency, when it did (a round's `reported_as`).
struct DatedAmount {
  Money amount;
  std::optional<Date> date;
  std::optional<Money> reported = {};
  // The tiers (core/claims.hpp TierRankOf) of the amount's claim and of the reported one.
  int tier_rank = 0;
  int reported_tier_rank = 0;
};

// The cell of a figure: the money, noted "as reported" or "converted" unless it is as
// recorded, with the tier of the weakest claim behind it.
Cell FigureCell(const RaisedFigure& figure, const Schema& schema);

// A total raised in one currency, as every verb computes it (compare, rank, the graph image).
struct TotalRaised {
  // The sum of every amount converted at its own date; nullopt when there is no amount, or
  // when any amount could not be converted: never a partial sum.
  std::optional<Money> total;
  AmountBasis basis = AmountBasis::kRecorded;  // of the total
  int tier_rank = 0;                           // of the weakest amount claim in it
  Status missing;  // OK, or the first conversion that failed ("no CNY→USD rate on or before …")
  std::vector<std::string> rate_sources;  // of the rates used, in first-use order
  std::vector<std::string> rates;         // the rates used, described, in first-use order
};

// The one definition of "total raised": takes each amount in `currency` as recorded, else the
// figure its source reported in `currency`, else converts it with `fx`; adds them exactly and
// rounds the sum to the unit of its least precise converted part (a sum is no more precise
// than its roughest part); approximate when any part is. Fails only on arithmetic overflow.
Result<TotalRaised> SumRaised(const CurrencyConverter& fx, std::span<const DatedAmount> amounts,
                              const std::string& currency);

// Adds a column "<money>_<cur>" after the column `money` of `table`: each row's amount in
// `currency` by the rules of a total (SumRaised: as recorded, as its source reported it in
// `reported[row]` when given, else converted at the date in the column `date`), or no value
// with the reason; nothing where the row has no amount. `reported`: one per row, or empty.
Status AddConvertedColumn(ResultTable* table, std::string_view money, std::string_view date,
                          std::span<const std::optional<Money>> reported,
                          const CurrencyConverter& fx, const Schema& schema,
                          const std::string& currency);

}  // namespace landscape
