#pragma once
// CurrencyConverter: turns money into one currency with the dated FX rates the store holds.
// A rate is picked, never guessed (docs/queries.md): for an amount dated D, the latest rate
// for the pair dated on or before D (a rate dated "2026-03" counts from March 2026) and, with
// --as-of, on or before that date too; for an undated amount, the latest rate on or before the
// --as-of date, or without --as-of the latest rate the store holds. No rule reads the clock, so
// an answer depends on the store and the request alone, never on the day it is asked. A pair is
// read directly or inverted; there are no cross rates. Without a rate the conversion fails and
// says which rate is missing.

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
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

struct Conversion {
  Money money;                  // in the target currency; approximate when the input was
  std::optional<Decimal> rate;  // nullopt when no conversion was needed
  std::optional<Date> rate_date;
  std::span<const std::string> sources;  // of the rate; valid while the converter lives
};

// InvalidArgument ("--currency: 'XYZ' is not an ISO 4217 code") unless `currency` is one.
Status CheckCurrency(const std::string& currency);

class CurrencyConverter {
 public:
  static Result<CurrencyConverter> Load(const Store& store, std::optional<Date> as_of = {});

  // NotFound ("no CNY→USD rate on or before 2026-03") when no rate applies.
  Result<Conversion> Convert(const Money& money, const std::string& currency,
                             std::optional<Date> dated) const;

 private:
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

// An amount raised and the date it converts at (its round's announced date).
struct DatedAmount {
  Money amount;
  std::optional<Date> date;
};

// A total raised in one currency, as every verb computes it (compare, rank, the graph image).
struct TotalRaised {
  // The sum of every amount converted at its own date; nullopt when there is no amount, or
  // when any amount could not be converted: never a partial sum.
  std::optional<Money> total;
  Status missing;  // OK, or the first conversion that failed ("no CNY→USD rate on or before …")
  std::vector<std::string> rate_sources;  // of the rates used, in first-use order
};

// The one definition of "total raised": converts each amount to `currency` with `fx` and adds
// them exactly (approximate when any part is). Fails only on arithmetic overflow.
Result<TotalRaised> SumRaised(const CurrencyConverter& fx, std::span<const DatedAmount> amounts,
                              const std::string& currency);

}  // namespace landscape
