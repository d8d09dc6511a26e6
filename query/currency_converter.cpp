#include "query/currency_converter.hpp"

#include <algorithm>
#include <iterator>
#include <limits>

#include <fmt/format.h>

namespace landscape {
namespace {

constexpr int kRateDigits = 12;  // of an inverted rate
constexpr int kAmountDigits = 2;

// The latest rate of `rates` (in date order) whose date starts on or before `day`.
const FxRate* LatestOnOrBefore(const std::vector<FxRate>& rates, int32_t day) {
  auto after = std::partition_point(rates.begin(), rates.end(),
                                    [&](const FxRate& r) { return r.date.FirstDay() <= day; });
  return after == rates.begin() ? nullptr : &*std::prev(after);
}

}  // namespace

Status CheckCurrency(const std::string& currency) {
  if (IsCurrencyCode(currency)) return Status::Ok();
  return Status::InvalidArgument(fmt::format("--currency: '{}' is not an ISO 4217 code", currency));
}

Result<TotalRaised> SumRaised(const CurrencyConverter& fx, std::span<const DatedAmount> amounts,
                              const std::string& currency) {
  TotalRaised out;
  // Summed as a decimal and made money once: a total over every round converts and adds each.
  std::optional<Decimal> sum;
  bool approximate = false;
  const std::string* sources_seen = nullptr;  // the last rate's sources, already listed
  for (const DatedAmount& a : amounts) {
    auto converted = fx.Convert(a.amount, currency, a.date);
    if (!converted.ok()) {
      if (out.missing.ok()) out.missing = converted.status();
      continue;
    }
    if (converted->sources.data() != sources_seen) {
      sources_seen = converted->sources.data();
      for (const std::string& s : converted->sources) {
        if (std::find(out.rate_sources.begin(), out.rate_sources.end(), s) ==
            out.rate_sources.end()) {
          out.rate_sources.push_back(s);
        }
      }
    }
    approximate = approximate || converted->money.approximate;
    if (!sum) {
      sum = converted->money.amount;
    } else {
      LANDSCAPE_ASSIGN_OR_RETURN(sum, sum->Add(converted->money.amount));
    }
  }
  if (sum && out.missing.ok()) out.total = Money{*sum, currency, approximate};
  return out;
}

Result<CurrencyConverter> CurrencyConverter::Load(const Store& store, std::optional<Date> as_of) {
  CurrencyConverter converter;
  converter.as_of_ = as_of;
  LANDSCAPE_RETURN_IF_ERROR(store.ScanFxRates([&](const FxRate& rate) {
    // The store yields each pair's rates in date order (key order).
    converter.rates_[{rate.base, rate.quote}].push_back(rate);
    return Status::Ok();
  }));
  return converter;
}

Result<Conversion> CurrencyConverter::Convert(const Money& money, const std::string& currency,
                                              std::optional<Date> dated) const {
  Conversion out;
  if (money.currency == currency) {
    out.money = money;
    return out;
  }
  // A rate dated after --as-of was not known then. Without --as-of a dated amount converts at
  // the rate of its own date, even one announced ahead, as the benchmark's peers do, and an
  // undated one at the latest rate held.
  int32_t day = std::numeric_limits<int32_t>::max();
  if (dated) day = dated->LastDay();
  if (as_of_) day = std::min(day, as_of_->LastDay());
  const FxRate* direct = nullptr;
  const FxRate* inverse = nullptr;
  using Codes = std::pair<std::string_view, std::string_view>;
  if (auto it = rates_.find(Codes{money.currency, currency}); it != rates_.end()) {
    direct = LatestOnOrBefore(it->second, day);
  }
  if (auto it = rates_.find(Codes{currency, money.currency}); it != rates_.end()) {
    inverse = LatestOnOrBefore(it->second, day);
  }
  // Prefer the more recent of a direct and an inverted rate; a direct one on a tie.
  const FxRate* chosen = direct;
  if (inverse && (!direct || inverse->date.FirstDay() > direct->date.FirstDay())) chosen = inverse;
  if (!chosen) {
    std::optional<Date> bound = dated ? dated : as_of_;
    if (!bound) return Status::NotFound(fmt::format("no {}→{} rate", money.currency, currency));
    return Status::NotFound(
        fmt::format("no {}→{} rate on or before {}", money.currency, currency, bound->ToString()));
  }
  Decimal rate = chosen->rate;
  if (chosen == inverse) {
    LANDSCAPE_ASSIGN_OR_RETURN(rate, chosen->rate.Reciprocal(kRateDigits));
  }
  LANDSCAPE_ASSIGN_OR_RETURN(Decimal amount, money.amount.Multiply(rate));
  out.money = Money{amount.Rounded(kAmountDigits), currency, money.approximate};
  out.rate = rate;
  out.rate_date = chosen->date;
  out.sources = chosen->provenance.sources;
  return out;
}

}  // namespace landscape
