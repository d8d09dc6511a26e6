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
  CHECK(feb.money.ToString() == "~140 USD");
  REQUIRE(feb.leg_count == 1);
  CHECK(feb.legs[0].rate->rate.ToString() == "0.14");
  CHECK(feb.legs[0].rate->date.ToString() == "2026-01");
  CHECK_FALSE(feb.legs[0].inverted);
  CHECK(feb.legs[0].rate->provenance.sources == std::vector<std::string>{"fx-src"});
  CHECK(feb.RatesText() == "CNY→USD 0.14 (2026-01)");
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-03-14").money.ToString() == "~140 USD");
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-03-15").money.ToString() == "~145.1 USD");
  Conversion later = Convert(fx, "1000 CNY", "USD", "2026-04-20");
  CHECK(later.money.ToString() == "~145.1 USD");
  CHECK(later.legs[0].rate->provenance.sources.empty());  // that rate cites nothing
  // A rate dated "2026-01" counts from 2026-01-01.
  CHECK(Convert(fx, "1000 CNY", "USD", "2026-01-01").money.ToString() == "~140 USD");
  Status before = ConvertError(fx, "1000 CNY", "USD", "2025-12-31");
  CHECK(before.code() == StatusCode::kNotFound);
  CHECK(before.message() == "no CNY→USD rate on or before 2025-12-31");
}

TEST_CASE("currency converter: inverted pairs, the more recent of direct and inverse") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // Only USD→CNY 7.2 (2026-05) is newer than the direct 0.1451 (2026-03-15): inverted,
  // 1/7.2 = 0.138888888889 (12 places); 100 × that = 13.888…, to 7.2's 2 digits: 14.
  Conversion inverted = Convert(fx, "100 CNY", "USD", "2026-06-10");
  CHECK(inverted.money.ToString() == "~14 USD");
  REQUIRE(inverted.leg_count == 1);
  CHECK(inverted.legs[0].inverted);
  CHECK(inverted.RatesText() == "USD→CNY 7.2 (2026-05), inverted");
  // USD→CNY asked before 2026-05: only the stored CNY→USD applies, inverted:
  // 1/0.1451 = 6.891798759476; 1000 × that = 6891.798…, to 4 digits: 6892.
  CHECK(Convert(fx, "1000 USD", "CNY", "2026-04-01").money.ToString() == "~6892 CNY");
  // From 2026-05 the stored USD→CNY is direct.
  CHECK(Convert(fx, "1000 USD", "CNY", "2026-05-02").money.ToString() == "~7200 CNY");
  // EUR→USD 1.08 stored; USD→EUR asked: 1/1.08 = 0.925925925926; 108 × that
  // = 100.000000000008, to 3 digits: 100.
  CHECK(Convert(fx, "108 USD", "EUR", "2026-03").money.ToString() == "~100 EUR");
  // A direct and an inverse rate of the same date: the direct one (1.25, not 1/0.79).
  CHECK(Convert(fx, "100 GBP", "USD", "2026-02-20").money.ToString() == "~125 USD");
  // USD→GBP: the stored 0.79 is direct for that pair.
  CHECK(Convert(fx, "100 USD", "GBP", "2026-02-20").money.ToString() == "~79 GBP");
}

TEST_CASE("currency converter: no rate for the pair bridges through USD, both legs dated") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // EUR→USD 1.08 (2026-02-01), then USD→CNY 7.2 (2026-05): 100 × 1.08 × 7.2 = 777.6, to the
  // fewer digits of the two rates (2): 780.
  Conversion bridged = Convert(fx, "100 EUR", "CNY", "2026-06");
  CHECK(bridged.money.ToString() == "~780 CNY");
  REQUIRE(bridged.leg_count == 2);
  CHECK(bridged.RatesText() == "EUR→USD 1.08 (2026-02-01) then USD→CNY 7.2 (2026-05)");
  // Before 2026-05 the second leg is CNY→USD 0.1451 inverted: 108 × 6.891798759476 =
  // 744.31…, to 3 digits (1.08's): 744.
  Conversion april = Convert(fx, "100 EUR", "CNY", "2026-04");
  CHECK(april.money.ToString() == "~744 CNY");
  CHECK(april.RatesText() ==
        "EUR→USD 1.08 (2026-02-01) then CNY→USD 0.1451 (2026-03-15), inverted");
  // A leg missing on the date: the message names the pair and says no bridge was found.
  CHECK(ConvertError(fx, "100 EUR", "CNY", "2026-01").message() ==
        "no EUR→CNY rate on or before 2026-01, nor one through USD");
  CHECK(ConvertError(fx, "100 CHF", "CNY", "2026-06").message() ==
        "no CHF→CNY rate on or before 2026-06, nor one through USD");
}

TEST_CASE("currency converter: missing rates are said, never guessed") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // Only a later JPY rate exists; to USD there is nothing to bridge through.
  Status later = ConvertError(fx, "1000000 JPY", "USD", "2026-05-31");
  CHECK(later.code() == StatusCode::kNotFound);
  CHECK(later.message() == "no JPY→USD rate on or before 2026-05-31");
  CHECK(Convert(fx, "1000000 JPY", "USD", "2026-06-01").money.ToString() == "~6700 USD");
  CHECK(ConvertError(fx, "100 CHF", "USD", "").message() ==
        "no CHF→USD rate on or before 2026-12-31");
}

TEST_CASE("currency converter: undated amounts use the --as-of date; later rates are unknown") {
  RateStore rates;
  CHECK(Convert(rates.Converter("2026-02"), "1000 CNY", "USD", "").money.ToString() == "~140 USD");
  CHECK(Convert(rates.Converter("2026-04"), "1000 CNY", "USD", "").money.ToString() ==
        "~145.1 USD");
  // Undated, as of 2026-07: the inverted USD→CNY of 2026-05 is the latest.
  CHECK(Convert(rates.Converter("2026-07"), "100 CNY", "USD", "").money.ToString() == "~14 USD");
  CHECK(ConvertError(rates.Converter("2025"), "1000 CNY", "USD", "").message() ==
        "no CNY→USD rate on or before 2025");
  // A dated amount is not converted with a rate published after --as-of.
  CHECK(Convert(rates.Converter("2026-02"), "1000 CNY", "USD", "2026-04-01").money.ToString() ==
        "~140 USD");
  // Without --as-of, the latest rate held decides, whatever the day the question is asked.
  auto latest = CurrencyConverter::Load(*rates.store);
  REQUIRE_OK(latest);
  auto c = latest->Convert(M("100 CNY"), "USD", std::nullopt);
  REQUIRE_OK(c);
  CHECK(c->money.ToString() == "~14 USD");
}

TEST_CASE("currency converter: exact decimals, as precise as the rate, then cents") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // 51,000,000,000 × 0.1451 = 7,400,100,000 exactly; the rate has 4 digits: 7,400,000,000,
  // approximate. No binary floating point anywhere.
  Conversion big = Convert(fx, "51B CNY", "USD", "2026-04-01");
  CHECK(big.money.amount.ToString() == "7400000000");
  CHECK(big.money.amount.is_integer());
  CHECK(big.money.approximate);
  // 1,234,567.89 × 0.1451 = 179,135.800839, to 4 digits: 179,100.
  CHECK(Convert(fx, "1234567.89 CNY", "USD", "2026-04-01").money.ToString() == "~179100 USD");
  // 0.1 × 0.14 = 0.014 → 0.01; 0.05 × 0.1451 = 0.007255 → 0.01 (half away from zero).
  CHECK(Convert(fx, "0.1 CNY", "USD", "2026-02").money.ToString() == "~0.01 USD");
  CHECK(Convert(fx, "0.05 CNY", "USD", "2026-04-01").money.ToString() == "~0.01 USD");
  CHECK(Convert(fx, "0.03 CNY", "USD", "2026-04-01").money.ToString() == "~0 USD");  // 0.004353
  // 51,000,000,000 × 0.138888888889 (the inverse of 7.2) = 7,083,333,333.34, to 2 digits.
  CHECK(Convert(fx, "51B CNY", "USD", "2026-06").money.ToString() == "~7100000000 USD");
  // "~$2B" stays approximate through a conversion.
  CHECK(Convert(fx, "~1000 CNY", "USD", "2026-02").money.ToString() == "~140 USD");
  // The same currency needs no rate at all, even with none stored, and stays exact.
  Conversion same = Convert(fx, "12.34 CHF", "CHF", "1999");
  CHECK(same.money.ToString() == "12.34 CHF");
  CHECK(same.leg_count == 0);
  CHECK(same.RatesText().empty());
}

TEST_CASE("total raised: a sum is no more precise than its roughest converted part") {
  RateStore rates;
  CurrencyConverter fx = rates.Converter("2026-12-31");
  // 100M CNY × 0.14 = 14,000,000, good to 10^6 (2 digits); 123.45 USD as recorded. Exactly
  // 14,000,123.45; to the unit of the rough part: ~14,000,000.
  std::vector<DatedAmount> parts = {{M("100M CNY"), D("2026-02")}, {M("123.45 USD"), {}}};
  auto total = SumRaised(fx, parts, "USD");
  REQUIRE_OK(total);
  REQUIRE(total->total.has_value());
  CHECK(total->total->ToString() == "~14000000 USD");
  CHECK(total->basis == AmountBasis::kConverted);
  // Amounts in the currency alone keep their cents, exact.
  std::vector<DatedAmount> exact = {{M("0.05 USD"), {}}, {M("123.45 USD"), {}}};
  auto sum = SumRaised(fx, exact, "USD");
  REQUIRE_OK(sum);
  CHECK(sum->total->ToString() == "123.5 USD");
  CHECK(sum->basis == AmountBasis::kRecorded);
  // A figure the source reported in the currency is taken as it is, and said so.
  std::vector<DatedAmount> reported = {{M("51B CNY"), {}, M("7.4B USD")}};
  auto from_source = SumRaised(fx, reported, "USD");
  REQUIRE_OK(from_source);
  CHECK(from_source->total->ToString() == "7400000000 USD");
  CHECK(from_source->basis == AmountBasis::kReported);
}

}  // namespace
}  // namespace landscape
