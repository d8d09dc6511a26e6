#include "query/currency_converter.hpp"

#include <algorithm>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "core/valid_time.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

constexpr int kRateDigits = 12;  // of an inverted rate
constexpr int kAmountDigits = 2;
constexpr const char* kBridgeCurrency = "USD";  // the currency every market quotes against

// The row's value at `column` when it is a T; null otherwise (or past the row's end).
template <typename T>
const T* ValueAt(const std::vector<Cell>& row, size_t column) {
  return column < row.size() && row[column] ? std::get_if<T>(&row[column]->data) : nullptr;
}

void AddOnce(const std::string& item, std::vector<std::string>* out) {
  if (std::find(out->begin(), out->end(), item) == out->end()) out->push_back(item);
}

// The latest rate of `rates` (in date order) whose date starts on or before `day`.
const FxRate* LatestOnOrBefore(const std::vector<FxRate>& rates, int32_t day) {
  auto after = std::partition_point(rates.begin(), rates.end(),
                                    [&](const FxRate& r) { return r.date.FirstDay() <= day; });
  return after == rates.begin() ? nullptr : &*std::prev(after);
}

}  // namespace

Status CheckCurrency(const std::string& currency, std::string_view option) {
  if (IsCurrencyCode(currency)) return Status::Ok();
  return Status::InvalidArgument(fmt::format("{}: '{}' is not an ISO 4217 code", option, currency));
}

Result<TotalRaised> SumRaised(const CurrencyConverter& fx, std::span<const DatedAmount> amounts,
                              const std::string& currency) {
  TotalRaised out;
  // Summed as a decimal and made money once: a total over every round converts and adds each.
  std::optional<Decimal> sum;
  bool approximate = false;
  std::array<const FxRate*, 2> seen{};  // the last conversion's rates, already listed
  int unit_exponent = -kAmountDigits;   // of the least precise part
  for (const DatedAmount& a : amounts) {
    Money part;
    if (a.amount.currency != currency && a.reported && a.reported->currency == currency) {
      // The source's own figure in this currency: no rate of ours is better than its.
      part = *a.reported;
      out.basis = std::max(out.basis, AmountBasis::kReported);
      out.tier_rank = std::max(out.tier_rank, a.reported_tier_rank);
    } else {
      auto converted = fx.Convert(a.amount, currency, a.date);
      if (!converted.ok()) {
        if (out.missing.ok()) out.missing = converted.status();
        continue;
      }
      std::array<const FxRate*, 2> used{converted->legs[0].rate, converted->legs[1].rate};
      if (converted->leg_count && used != seen) {
        out.basis = AmountBasis::kConverted;
        seen = used;
        AddOnce(converted->RatesText(), &out.rates);
        for (const RateLeg& leg : converted->used()) {
          for (const std::string& s : leg.rate->provenance.sources) AddOnce(s, &out.rate_sources);
        }
      }
      part = std::move(converted->money);
      out.tier_rank = std::max(out.tier_rank, a.tier_rank);
      unit_exponent = std::max(unit_exponent, converted->unit_exponent);
    }
    approximate = approximate || part.approximate;
    if (!sum) {
      sum = part.amount;
    } else {
      LANDSCAPE_ASSIGN_OR_RETURN(sum, sum->Add(part.amount));
    }
  }
  if (sum && out.missing.ok()) {
    out.total = Money{sum->RoundedAtExponent(unit_exponent), currency, approximate};
  }
  return out;
}

Cell FigureCell(const RaisedFigure& figure, const Schema& schema) {
  Cell cell(Value{figure.money});
  if (figure.basis == AmountBasis::kReported) cell = std::move(cell).WithNote("as reported");
  if (figure.basis == AmountBasis::kConverted) cell = std::move(cell).WithNote("converted");
  return WithTier(std::move(cell), schema, figure.tier_rank);
}

RaisedFigure Conversion::Figure(int tier_rank) const {
  return {money, leg_count ? AmountBasis::kConverted : AmountBasis::kRecorded, tier_rank};
}

std::string RateLeg::Describe() const {
  return fmt::format("{}→{} {} ({}){}", rate->base, rate->quote, rate->rate.ToString(),
                     rate->date.ToString(), inverted ? ", inverted" : "");
}

std::string Conversion::RatesText() const {
  std::string text;
  for (const RateLeg& leg : used()) text += (text.empty() ? "" : " then ") + leg.Describe();
  return text;
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

std::optional<RateLeg> CurrencyConverter::Leg(std::string_view from, std::string_view to,
                                              int32_t day) const {
  const FxRate* direct = nullptr;
  const FxRate* inverse = nullptr;
  using Codes = std::pair<std::string_view, std::string_view>;
  if (auto it = rates_.find(Codes{from, to}); it != rates_.end()) {
    direct = LatestOnOrBefore(it->second, day);
  }
  if (auto it = rates_.find(Codes{to, from}); it != rates_.end()) {
    inverse = LatestOnOrBefore(it->second, day);
  }
  // Prefer the more recent of a direct and an inverted rate; a direct one on a tie.
  if (inverse && (!direct || inverse->date.FirstDay() > direct->date.FirstDay())) {
    return RateLeg{inverse, true};
  }
  if (direct) return RateLeg{direct, false};
  return std::nullopt;
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
  if (auto leg = Leg(money.currency, currency, day)) {
    out.legs[out.leg_count++] = *leg;
  } else if (money.currency != kBridgeCurrency && currency != kBridgeCurrency) {
    auto first = Leg(money.currency, kBridgeCurrency, day);
    auto second = Leg(kBridgeCurrency, currency, day);
    if (first && second) {
      out.legs = {*first, *second};
      out.leg_count = 2;
    }
  }
  if (out.leg_count == 0) {
    std::optional<Date> bound = dated ? dated : as_of_;
    bool bridgeable = money.currency != kBridgeCurrency && currency != kBridgeCurrency;
    return Status::NotFound(fmt::format("no {}→{} rate{}{}", money.currency, currency,
                                        bound ? " on or before " + bound->ToString() : "",
                                        bridgeable ? ", nor one through USD" : ""));
  }
  Decimal amount = money.amount;
  int digits = std::numeric_limits<int>::max();
  for (const RateLeg& leg : out.used()) {
    Decimal rate = leg.rate->rate;
    if (leg.inverted) {
      LANDSCAPE_ASSIGN_OR_RETURN(rate, rate.Reciprocal(kRateDigits));
    }
    LANDSCAPE_ASSIGN_OR_RETURN(amount, amount.Multiply(rate));
    // A rate given to 4 digits makes a figure good to about 4 digits.
    digits = std::min(digits, leg.rate->rate.SignificantDigits());
  }
  out.unit_exponent = std::max(amount.LeadingExponent() - digits + 1, -kAmountDigits);
  out.money = Money{amount.RoundedAtExponent(out.unit_exponent), currency, /*approximate=*/true};
  return out;
}

Result<ResultTable> FxRatesTable(const Store& store, const FxRequest& request,
                                 const ReadContext& context) {
  if (!request.base.empty()) LANDSCAPE_RETURN_IF_ERROR(CheckCurrency(request.base, "--base"));
  if (!request.quote.empty()) LANDSCAPE_RETURN_IF_ERROR(CheckCurrency(request.quote, "--quote"));
  // A rate converts both ways, so a pair asked for matches its stored rates in either order.
  auto wanted = [&](const FxRate& r) {
    if (!request.base.empty() && !request.quote.empty()) {
      return (r.base == request.base && r.quote == request.quote) ||
             (r.base == request.quote && r.quote == request.base);
    }
    const std::string& code = request.base.empty() ? request.quote : request.base;
    return code.empty() || r.base == code || r.quote == code;
  };
  ResultTable table{"", {"base", "quote", "rate", "date", "confidence", "sources"}, {}, "fx_rates"};
  LANDSCAPE_RETURN_IF_ERROR(store.ScanFxRates([&](const FxRate& r) {
    if (context.as_of && !KnownOn(r.date, *context.as_of)) return Status::Ok();
    if (!wanted(r)) return Status::Ok();
    table.AddRow({Text(r.base), Text(r.quote), Value{r.rate}, Value{r.date},
                  r.provenance.confidence.empty() ? Cell() : Text(r.provenance.confidence),
                  SourcesCell(r.provenance)});
    return Status::Ok();
  }));
  std::string pair = request.base.empty() && request.quote.empty() ? ""
                     : request.base.empty() || request.quote.empty()
                         ? " with " + request.base + request.quote
                         : fmt::format(" between {} and {}", request.base, request.quote);
  table.empty_reason = AsKnown("no FX rates recorded" + pair, context);
  return table;
}

Status AddConvertedColumn(ResultTable* table, std::string_view money, std::string_view date,
                          std::span<const std::optional<Money>> reported,
                          const CurrencyConverter& fx, const Schema& schema,
                          const std::string& currency) {
  LANDSCAPE_RETURN_IF_ERROR(CheckCurrency(currency));
  size_t money_at = table->ColumnIndex(money);
  if (money_at == table->columns.size()) return Status::Internal("no column to convert");
  size_t date_at = table->ColumnIndex(date);
  std::string code;
  for (char c : currency) code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  table->columns.insert(table->columns.begin() + money_at + 1, std::string(money) + "_" + code);
  for (size_t r = 0; r < table->rows.size(); ++r) {
    std::vector<Cell>& row = table->rows[r];
    Cell converted;
    if (const Money* amount = ValueAt<Money>(row, money_at)) {
      const Date* when = ValueAt<Date>(row, date_at);
      DatedAmount one{*amount, when ? std::optional<Date>(*when) : std::nullopt,
                      r < reported.size() ? reported[r] : std::nullopt, kUnrankedTier,
                      kUnrankedTier};
      LANDSCAPE_ASSIGN_OR_RETURN(TotalRaised sum, SumRaised(fx, {&one, 1}, currency));
      converted = sum.total ? FigureCell({*sum.total, sum.basis, sum.tier_rank}, schema)
                            : Cell::Missing(sum.missing.message());
    }
    row.insert(row.begin() + money_at + 1, std::move(converted));
  }
  return Status::Ok();
}

}  // namespace landscape
