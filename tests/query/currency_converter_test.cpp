// Tests of the currency converter behind `compare` and `rank` (query/currency_converter.hpp)
// on a small hand-built store. Expected numbers are worked out by hand in the comments, never
// by the code under test. What `compare` prints is tested by tests/cases/compare*.test.

#include "query/currency_converter.hpp"

#include <doctest/doctest.h>

#include "tests/query/query_test_util.hpp"

namespace landscape {
namespace {

using testing::TempDir;
using namespace testing::query;

// --- CurrencyConverter -----------------------------------------------------------------------

constexpr const char* kRates = R"json({"format": "landscape/1",
  "sources": [{"id": "fx-src", "name": "Rates"}],
  "fx_rates": [
    {"date": "2026-03-15", "base": "CNY", "quote": "USD", "rate": "0.1451"},
    {"date": "2026-01", "base": "CNY", "quote": "USD", "rate": "0.14", "sources": ["fx-src"]},
    {"date": "2026-05", "base": "USD", "quote": "CNY", "rate": "7.2"},
    {"date": "2026-02-01", "base": "EUR", "quote": "USD", "rate": "1.08"},
    {"date": "2026-06-01", "base": "JPY", "quote": "USD", "rate": "0.0067"},
    {"date": "2026-02", "base": "GBP", "quote": "USD", "rate": "1.25"},
    {"date": "2026-02", "base": "USD", "quote": "GBP", "rate": "0.79"}]})json";

Money M(const std::string& text) {
  auto m = Money::Parse(text);
  REQUIRE_OK(m);
  return *m;
}

struct RateStore {
  TempDir dir;
  std::unique_ptr<Store> store;
  RateStore() : store(EmptyStore(dir)) { ImportJson(store.get(), dir, kRates); }
  CurrencyConverter Converter(const std::string& as_of) const {
    auto fx = CurrencyConverter::Load(*store, D(as_of));
    REQUIRE_OK(fx);
    return std::move(fx).value();
  }
};

Conversion Convert(const CurrencyConverter& fx, const std::string& money,
                   const std::string& currency, const std::string& dated) {
  auto c =
      fx.Convert(M(money), currency, dated.empty() ? std::nullopt : std::optional<Date>(D(dated)));
  REQUIRE_OK(c);
  return std::move(c).value();
}

Status ConvertError(const CurrencyConverter& fx, const std::string& money,
                    const std::string& currency, const std::string& dated) {
  auto c =
      fx.Convert(M(money), currency, dated.empty() ? std::nullopt : std::optional<Date>(D(dated)));
  REQUIRE_FALSE(c.ok());
  return c.status();
}

TEST_CASE("currency converter: the latest rate on or before the amount's date") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  Conversion feb = Convert(fx, "1000 CNY", "USD", "2026-02-10");  // 1000 × 0.14
  CHECK(feb.money.ToString() == "140 USD");
  REQUIRE(feb.rate.has_value());
  CHECK(feb.rate->ToString() == "0.14");
  REQUIRE(feb.rate_date.has_value());
  CHECK(feb.rate_date->ToString() == "2026-01");
  CHECK(std::vector<std::string>(feb.sources.begin(), feb.sources.end()) ==
        std::vector<std::string>{"fx-src"});
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-03-14").money.ToString() == "140 USD");
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-03-15").money.ToString() == "145.1 USD");
  Conversion later = Convert(fx, "1000 CNY", "USD", "2026-04-20");
  CHECK(later.money.ToString() == "145.1 USD");
  CHECK(later.sources.empty());  // that rate cites nothing
  // A rate dated "2026-01" counts from 2026-01-01.
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-01-01").money.ToString() == "140 USD");
  Status before = ConvertError(fx, "1000 CNY", "USD", "2025-12-31");
  CHECK(before.code() == StatusCode::kNotFound);
  CHECK(before.message() == "no CNY→USD rate on or before 2025-12-31");
}

TEST_CASE("currency converter: inverted pairs, the more recent of direct and inverse") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // Only USD→CNY 7.2 (2026-05) is newer than the direct 0.1451 (2026-03-15): inverted,
  // 1/7.2 = 0.138888888889 (12 places); 100 × 0.138888888889 = 13.8888888889 → 13.89.
  Conversion inverted = Convert(fx, "100 CNY", "USD", "2026-06-10");
  CHECK(inverted.money.ToString() == "13.89 USD");
  REQUIRE(inverted.rate.has_value());
  CHECK(inverted.rate->ToString() == "0.138888888889");
  CHECK(inverted.rate_date->ToString() == "2026-05");
  // USD→CNY asked before 2026-05: only the stored CNY→USD applies, inverted:
  // 1/0.1451 = 6.891798759476; 1000 × that = 6891.798759476 → 6891.80.
  Conversion usd_cny = Convert(fx, "1000 USD", "CNY", "2026-04-01");
  CHECK(usd_cny.money.ToString() == "6891.8 CNY");
  CHECK(usd_cny.rate->ToString() == "6.891798759476");
  // From 2026-05 the stored USD→CNY is direct.
  CHECK(Convert(fx, "1000 USD", "CNY", "2026-05-02").money.ToString() == "7200 CNY");
  // EUR→USD 1.08 stored; USD→EUR asked: 1/1.08 = 0.925925925926; 108 × that
  // = 100.000000000008 → 100.00.
  CHECK(Convert(fx, "108 USD", "EUR", "2026-03").money.ToString() == "100 EUR");
  // A direct and an inverse rate of the same date: the direct one (1.25, not 1/0.79).
  CHECK(Convert(fx, "100 GBP", "USD", "2026-02-20").money.ToString() == "125 USD");
  // USD→GBP: the stored 0.79 is direct for that pair.
  CHECK(Convert(fx, "100 USD", "GBP", "2026-02-20").money.ToString() == "79 GBP");
}

TEST_CASE("currency converter: missing rates are said, never guessed or crossed") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // Only a later JPY rate exists.
  Status later = ConvertError(fx, "1000000 JPY", "USD", "2026-05-31");
  CHECK(later.code() == StatusCode::kNotFound);
  CHECK(later.message() == "no JPY→USD rate on or before 2026-05-31");
  CHECK(Convert(fx, "1000000 JPY", "USD", "2026-06-01").money.ToString() == "6700 USD");
  // EUR→USD and USD→CNY exist, but no cross rate through USD.
  CHECK(ConvertError(fx, "100 EUR", "CNY", "2026-06").message() ==
        "no EUR→CNY rate on or before 2026-06");
  CHECK(ConvertError(fx, "100 CHF", "USD", "").message() ==
        "no CHF→USD rate on or before 2026-12-31");
}

TEST_CASE("currency converter: undated amounts use the --as-of date; later rates are unknown") {
  RateStore rates;
  CHECK(Convert(rates.Converter("2026-02"), "1000 CNY", "USD", "").money.ToString() == "140 USD");
  CHECK(Convert(rates.Converter("2026-04"), "1000 CNY", "USD", "").money.ToString() == "145.1 USD");
  // Undated, as of 2026-07: the inverted USD→CNY of 2026-05 is the latest.
  CHECK(Convert(rates.Converter("2026-07"), "100 CNY", "USD", "").money.ToString() == "13.89 USD");
  CHECK(ConvertError(rates.Converter("2025"), "1000 CNY", "USD", "").message() ==
        "no CNY→USD rate on or before 2025");
  // A dated amount is not converted with a rate published after --as-of.
  CHECK(Convert(rates.Converter("2026-02"), "1000 CNY", "USD", "2026-04-01").money.ToString() ==
        "140 USD");
  // Without --as-of, the latest rate held decides, whatever the day the question is asked.
  auto latest = CurrencyConverter::Load(*rates.store);
  REQUIRE_OK(latest);
  auto c = latest->Convert(M("100 CNY"), "USD", std::nullopt);
  REQUIRE_OK(c);
  CHECK(c->money.ToString() == "13.89 USD");
}

TEST_CASE("currency converter: exact decimals, rounding to cents, approximate kept") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // 51,000,000,000 × 0.1451 = 7,400,100,000 exactly: no binary floating point anywhere.
  Conversion big = Convert(fx, "51B CNY", "USD", "2026-04-01");
  CHECK(big.money.amount.ToString() == "7400100000");
  CHECK(big.money.amount.is_integer());
  CHECK(big.money.amount.mantissa() == 7400100000);
  CHECK_FALSE(big.money.approximate);
  // 1,234,567.89 × 0.1451 = 179,135.800839 → 179,135.80.
  CHECK(Convert(fx, "1234567.89 CNY", "USD", "2026-04-01").money.ToString() == "179135.8 USD");
  // 0.1 × 0.14 = 0.014 → 0.01; 0.05 × 0.1451 = 0.007255 → 0.01 (half away from zero).
  CHECK(Convert(fx, "0.1 CNY", "USD", "2026-02").money.ToString() == "0.01 USD");
  CHECK(Convert(fx, "0.05 CNY", "USD", "2026-04-01").money.ToString() == "0.01 USD");
  CHECK(Convert(fx, "0.03 CNY", "USD", "2026-04-01").money.ToString() == "0 USD");  // 0.004353
  // 51,000,000,000 × 0.138888888889 (the inverse of 7.2) = 7,083,333,333.339 → .34
  CHECK(Convert(fx, "51B CNY", "USD", "2026-06").money.ToString() == "7083333333.34 USD");
  // "~$2B" stays approximate through a conversion.
  Conversion approx = Convert(fx, "~1000 CNY", "USD", "2026-02");
  CHECK(approx.money.ToString() == "~140 USD");
  CHECK(approx.money.approximate);
  // The same currency needs no rate at all, even with none stored.
  Conversion same = Convert(fx, "12.34 CHF", "CHF", "1999");
  CHECK(same.money.ToString() == "12.34 CHF");
  CHECK_FALSE(same.rate.has_value());
}

}  // namespace
}  // namespace landscape
