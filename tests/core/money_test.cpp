#include "landscape/money.hpp"
#include "tests/core/core_test_util.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

namespace landscape {
namespace {

using testing::core::Contains;

Money M(const std::string& text) {
  auto m = Money::Parse(text);
  REQUIRE_MESSAGE(m.ok(), text << ": " << m.status().ToString());
  return *m;
}

// The reason a parse was refused; fails the test when it was accepted.
std::string Refusal(const std::string& text) {
  auto m = Money::Parse(text);
  REQUIRE_MESSAGE(!m.ok(), text << " was accepted as " << m->ToString());
  CHECK(m.status().code() == StatusCode::kInvalidArgument);
  return m.status().message();
}

}  // namespace

TEST_CASE("Money::Parse reads every form of 51 billion yuan") {
  for (const char* text :
       {"51000000000 CNY", "51B CNY", "CNY 51B", "¥51B", "￥51B", "RMB 51B", "51 billion yuan",
        "51 billion CNY", "51bn CNY", "51,000,000,000 CNY", "51000 million CNY", "51b cny",
        "51000000 thousand RMB", "0.051T CNY", "  51B CNY  ", "51 B CNY"}) {
    CAPTURE(text);
    Money m = M(text);
    CHECK(m.currency == "CNY");
    CHECK(m.amount == Decimal::FromInteger(51000000000));
    CHECK_FALSE(m.approximate);
    CHECK(m.ToString() == "51000000000 CNY");
  }
}

TEST_CASE("Money::Parse keeps $7.4B exact") {
  Money m = M("$7.4B");
  CHECK(m.currency == "USD");
  CHECK(m.amount.is_integer());
  CHECK(m.amount.mantissa() == 7400000000);
  CHECK(m.amount == Decimal::FromInteger(7400000000));
  CHECK_FALSE(m.approximate);
  CHECK(m.ToString() == "7400000000 USD");

  for (const char* text : {"7.4 billion USD", "US$7.4bn", "US$ 7.4 billion", "USD 7.4B",
                           "7400M USD", "7.4bn usd", "$7,400,000,000"}) {
    CAPTURE(text);
    CHECK(M(text) == m);
  }
}

TEST_CASE("Money::Parse marks approximate figures") {
  Money m = M("~$2B");
  CHECK(m.approximate);
  CHECK(m.currency == "USD");
  CHECK(m.amount == Decimal::FromInteger(2000000000));
  CHECK(m.ToString() == "~2000000000 USD");
  CHECK(M("≈$2B") == m);
  CHECK(M("~ 2 billion USD") == m);
  CHECK(M("~2000000000 USD") == m);
  // Approximate and exact figures of the same amount differ.
  CHECK_FALSE(M("$2B") == m);
}

TEST_CASE("Money::Parse other symbols, suffixes and fractions") {
  CHECK(M("€300M").ToString() == "300000000 EUR");
  CHECK(M("£1.5k").ToString() == "1500 GBP");
  CHECK(M("HK$10 mn").ToString() == "10000000 HKD");
  CHECK(M("1.2 trillion JPY").ToString() == "1200000000000 JPY");
  CHECK(M("3tn KRW").ToString() == "3000000000000 KRW");
  CHECK(M("12.50 USD").ToString() == "12.5 USD");
  CHECK(M("-5 USD").ToString() == "-5 USD");
  CHECK(M("0.1451 USD").amount.ToString() == "0.1451");
}

TEST_CASE("Money::Parse refuses an amount without a currency") {
  std::string why = Refusal("51B");
  CHECK(Contains(why, "'51B'"));
  CHECK(Contains(why, "no currency"));
  CHECK(Contains(Refusal("51000000000"), "no currency"));
}

TEST_CASE("Money::Parse refuses a code that is not ISO 4217, naming it") {
  std::string why = Refusal("51 XYZ");
  CHECK(Contains(why, "'51 XYZ'"));
  CHECK(Contains(why, "XYZ"));
  CHECK(Contains(why, "ISO 4217"));
  CHECK(Contains(Refusal("XYZ 51"), "XYZ"));
  CHECK(Contains(Refusal("51 dollars"), "DOLLARS"));
}

TEST_CASE("Money::Parse refuses a currency given twice") {
  std::string why = Refusal("$7.4B EUR");
  CHECK(Contains(why, "twice"));
  CHECK(Contains(why, "USD"));
  CHECK(Contains(why, "EUR"));
  CHECK(Contains(Refusal("¥51B USD"), "twice"));
  CHECK(Contains(Refusal("CNY 51B USD"), "twice"));
  // Saying the same currency twice is not a conflict.
  CHECK(M("$7.4B USD") == M("$7.4B"));
}

TEST_CASE("Money::Parse refuses empty and malformed text") {
  CHECK(Contains(Refusal(""), "no number"));
  CHECK(Contains(Refusal("   "), "no number"));
  CHECK(Contains(Refusal("USD"), "no number"));
  CHECK(Contains(Refusal("$"), "no number"));
  CHECK(Contains(Refusal("~"), "no number"));
  Refusal("$1.2.3B");
  Refusal("$7.4 gazillion");
  Refusal("$99999999999T");  // beyond int64 once scaled
  Refusal("$.B");
}

TEST_CASE("Money::ToString is canonical and reads back") {
  for (const char* text : {"51B CNY", "~$2B", "$7.4B", "€0.5", "-5 USD", "~¥1.25K"}) {
    CAPTURE(text);
    Money m = M(text);
    CHECK(M(m.ToString()) == m);
    CHECK(M(m.ToString()).ToString() == m.ToString());
  }
  CHECK(M("~¥1.25K").ToString() == "~1250 CNY");
}

TEST_CASE("IsCurrencyCode") {
  for (const char* code : {"USD", "CNY", "EUR", "JPY", "HKD", "GBP", "KRW", "SGD", "AED", "ZWL"}) {
    CAPTURE(code);
    CHECK(IsCurrencyCode(code));
  }
  for (const char* code : {"XYZ", "usd", "US", "USDD", "", "RMB", "$", "XAU", "BTC"}) {
    CAPTURE(code);
    CHECK_FALSE(IsCurrencyCode(code));
  }
}

}  // namespace landscape
