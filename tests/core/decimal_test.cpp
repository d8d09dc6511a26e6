#include "landscape/decimal.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace landscape {
namespace {

// Parses `text`, failing the test (with the status message) when it is refused.
Decimal D(const std::string& text) {
  auto d = Decimal::Parse(text);
  REQUIRE_MESSAGE(d.ok(), text << ": " << d.status().ToString());
  return *d;
}

}  // namespace

TEST_CASE("Decimal::Parse reads plain decimals exactly") {
  Decimal a = D("7.4");
  CHECK(a.mantissa() == 74);
  CHECK(a.scale() == 1);
  CHECK(a.ToString() == "7.4");
  CHECK_FALSE(a.is_integer());

  Decimal b = D("0.1451");
  CHECK(b.mantissa() == 1451);
  CHECK(b.scale() == 4);
  CHECK(b.ToString() == "0.1451");

  Decimal c = D("-12");
  CHECK(c.mantissa() == -12);
  CHECK(c.scale() == 0);
  CHECK(c.is_integer());
  CHECK(c.is_negative());
  CHECK(c.ToString() == "-12");

  CHECK(D("+3").ToString() == "3");
  CHECK(D("0").is_zero());
  CHECK(D("-0").ToString() == "0");
  CHECK_FALSE(D("-0").is_negative());
  CHECK(D(".5").ToString() == "0.5");
  CHECK(D("1.").ToString() == "1");
  CHECK(D("9223372036854775807").mantissa() == INT64_MAX);
  CHECK(D("0.000000000000000001").ToString() == "0.000000000000000001");  // kMaxScale digits
}

TEST_CASE("Decimal::Parse reads exponents exactly") {
  Decimal a = D("1e9");
  CHECK(a.is_integer());
  CHECK(a.mantissa() == 1000000000);
  CHECK(a.ToString() == "1000000000");

  Decimal b = D("7.4e9");
  CHECK(b.is_integer());
  CHECK(b.mantissa() == 7400000000);
  CHECK(b.ToString() == "7400000000");

  CHECK(D("7.4E9").ToString() == "7400000000");
  CHECK(D("1.5e-3").ToString() == "0.0015");
  CHECK(D("-2.5e+2").ToString() == "-250");
  CHECK(D("12345e-2").ToString() == "123.45");
  CHECK(D("0e100").is_zero());
}

TEST_CASE("Decimal::Parse drops insignificant zeros") {
  Decimal a = D("000.500");
  CHECK(a.ToString() == "0.5");
  CHECK(a.mantissa() == 5);
  CHECK(a.scale() == 1);
  CHECK(D("7.40").scale() == 1);
  CHECK(D("10.000").ToString() == "10");
  CHECK(D("10.000").is_integer());
  CHECK(D("0.000").ToString() == "0");
  // Trailing fraction zeros are not significant, however many there are.
  CHECK(D("1.000000000000000000000000").ToString() == "1");
  CHECK(D("0.5000000000000000000000000000").ToString() == "0.5");
}

TEST_CASE("Decimal::Parse refuses numbers beyond int64 with a message") {
  for (const char* text : {"9223372036854775808", "99999999999999999999", "-9223372036854775809",
                           "1e19", "92233720368547758.08e3", "123456789012345678901234567890"}) {
    CAPTURE(text);
    auto d = Decimal::Parse(text);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().code() == StatusCode::kInvalidArgument);
    CHECK(d.status().message().find("out of range") != std::string::npos);
  }
  // The message names the number as written.
  auto d = Decimal::Parse("99999999999999999999");
  CHECK(d.status().message().find("99999999999999999999") != std::string::npos);
  // More fraction digits than kMaxScale cannot be held exactly.
  CHECK_FALSE(Decimal::Parse("0.0000000000000000001").ok());
  CHECK_FALSE(Decimal::Parse("1e-19").ok());
}

TEST_CASE("Decimal::Parse accepts the int64 minimum") {
  Decimal d = D("-9223372036854775808");
  CHECK(d.mantissa() == INT64_MIN);
  CHECK(d.ToString() == "-9223372036854775808");
}

TEST_CASE("Decimal::Parse refuses garbage") {
  for (const char* text : {"", "abc", "-", "+", ".", "1.2.3", "1e", "e5", "1e5x", "1,000", " 1",
                           "1 ", "0x10", "7.4B", "--1", "1e+", "1e1.5", "NaN", "inf"}) {
    CAPTURE(text);
    auto d = Decimal::Parse(text);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().code() == StatusCode::kInvalidArgument);
    CHECK_MESSAGE(d.status().message().find(std::string("'") + text + "'") != std::string::npos,
                  d.status().message());
  }
}

TEST_CASE("Decimal::ToString is canonical") {
  CHECK(Decimal().ToString() == "0");
  CHECK(Decimal::FromInteger(42).ToString() == "42");
  CHECK(Decimal::FromInteger(-7).ToString() == "-7");
  CHECK(Decimal::FromInteger(INT64_MIN).ToString() == "-9223372036854775808");
  CHECK(D("-0.05").ToString() == "-0.05");
  CHECK(D("0.001").ToString() == "0.001");
  CHECK(D("123.456").ToString() == "123.456");
  // Equal values print the same whatever their spelling.
  CHECK(D("7.4e9").ToString() == D("7400000000.000").ToString());
  CHECK(D("5e-1").ToString() == D("0.50").ToString());
  // ToString reads back to the same value.
  for (const char* text : {"0.1451", "-12", "7400000000", "-0.000000000000000001", "3.14159"}) {
    CAPTURE(text);
    CHECK(D(D(text).ToString()) == D(text));
    CHECK(D(text).ToString() == text);
  }
}

TEST_CASE("Decimal keeps 7.4 billion exact") {
  Decimal billions = D("7.4");
  auto scaled = billions.ScaledByPowerOfTen(9);
  REQUIRE(scaled.ok());
  CHECK(*scaled == Decimal::FromInteger(7400000000));
  CHECK(scaled->mantissa() == 7400000000);
  CHECK(scaled->scale() == 0);

  auto product = billions.Multiply(Decimal::FromInteger(1000000000));
  REQUIRE(product.ok());
  CHECK(product->mantissa() == 7400000000);
  CHECK(product->is_integer());

  // A binary double would not give these exactly.
  auto sum = D("0.1").Add(D("0.2"));
  REQUIRE(sum.ok());
  CHECK(*sum == D("0.3"));
  CHECK(sum->ToString() == "0.3");
}

TEST_CASE("Decimal::ScaledByPowerOfTen") {
  auto down = D("7400000000").ScaledByPowerOfTen(-9);
  REQUIRE(down.ok());
  CHECK(down->ToString() == "7.4");
  auto zero = Decimal().ScaledByPowerOfTen(1000);
  REQUIRE(zero.ok());
  CHECK(zero->is_zero());
  CHECK_FALSE(D("1").ScaledByPowerOfTen(19).ok());
  CHECK_FALSE(D("1").ScaledByPowerOfTen(-19).ok());
  CHECK(D("1").ScaledByPowerOfTen(18).ok());
  CHECK(D("1").ScaledByPowerOfTen(-18).ok());
}

TEST_CASE("Decimal::Add") {
  auto a = D("-12").Add(D("0.5"));
  REQUIRE(a.ok());
  CHECK(a->ToString() == "-11.5");

  auto b = D("1.25").Add(D("-1.25"));
  REQUIRE(b.ok());
  CHECK(b->is_zero());
  CHECK(b->ToString() == "0");

  auto c = D("7400000000").Add(D("0.000000001"));
  REQUIRE(c.ok());
  CHECK(c->ToString() == "7400000000.000000001");

  auto d = D("0.15").Add(D("0.85"));
  REQUIRE(d.ok());
  CHECK(d->is_integer());
  CHECK(d->ToString() == "1");

  auto overflow = Decimal::FromInteger(INT64_MAX).Add(Decimal::FromInteger(1));
  REQUIRE_FALSE(overflow.ok());
  CHECK(overflow.status().message().find("out of range") != std::string::npos);
  CHECK_FALSE(Decimal::FromInteger(INT64_MIN).Add(Decimal::FromInteger(-1)).ok());
}

TEST_CASE("Decimal::Multiply") {
  // 51 billion yuan at 0.1451 USD per CNY.
  auto usd = D("51000000000").Multiply(D("0.1451"));
  REQUIRE(usd.ok());
  CHECK(usd->ToString() == "7400100000");
  CHECK(usd->is_integer());

  auto a = D("-2").Multiply(D("3.5"));
  REQUIRE(a.ok());
  CHECK(a->ToString() == "-7");

  auto b = D("0.5").Multiply(D("0.5"));
  REQUIRE(b.ok());
  CHECK(b->ToString() == "0.25");

  auto c = D("123.456").Multiply(Decimal());
  REQUIRE(c.ok());
  CHECK(c->is_zero());

  // Beyond int64 in the integer part is an error, not a wrapped value.
  auto overflow = Decimal::FromInteger(INT64_MAX).Multiply(Decimal::FromInteger(2));
  REQUIRE_FALSE(overflow.ok());
  CHECK(overflow.status().message().find("out of range") != std::string::npos);
  CHECK_FALSE(D("5000000000").Multiply(D("5000000000")).ok());
}

TEST_CASE("Decimal::Multiply rounds digits beyond kMaxScale half away from zero, once") {
  // 1e-9 × 1.45e-9 = 1.45e-18 → 1e-18 (not 2e-18 by rounding 1.45 → 1.5 → 2).
  auto a = D("0.000000001").Multiply(D("0.00000000145"));
  REQUIRE(a.ok());
  CHECK(a->scale() <= Decimal::kMaxScale);
  CHECK(a->ToString() == "0.000000000000000001");

  auto b = D("0.000000001").Multiply(D("0.0000000015"));
  REQUIRE(b.ok());
  CHECK(b->ToString() == "0.000000000000000002");

  auto c = D("-0.000000001").Multiply(D("0.0000000015"));
  REQUIRE(c.ok());
  CHECK(c->ToString() == "-0.000000000000000002");

  auto d = D("-0.000000001").Multiply(D("0.00000000145"));
  REQUIRE(d.ok());
  CHECK(d->ToString() == "-0.000000000000000001");

  // A product whose fraction does not fit keeps its most significant digits.
  // 123456789.123456789 × 10.5 = 1296296285.7962962845, one digit too many for int64.
  auto e = D("123456789.123456789").Multiply(D("10.5"));
  REQUIRE(e.ok());
  CHECK(e->ToString() == "1296296285.796296285");
}

TEST_CASE("Decimal::Rounded rounds half away from zero") {
  CHECK(D("2.345").Rounded(2).ToString() == "2.35");
  CHECK(D("-2.345").Rounded(2).ToString() == "-2.35");
  CHECK(D("2.344").Rounded(2).ToString() == "2.34");
  CHECK(D("-2.344").Rounded(2).ToString() == "-2.34");
  CHECK(D("2.5").Rounded(0).ToString() == "3");
  CHECK(D("-2.5").Rounded(0).ToString() == "-3");
  CHECK(D("2.4999").Rounded(0).ToString() == "2");
  CHECK(D("0.1451").Rounded(2).ToString() == "0.15");
  CHECK(D("0.1449").Rounded(2).ToString() == "0.14");
  CHECK(D("9.995").Rounded(2).ToString() == "10");
  CHECK(D("9.995").Rounded(2).is_integer());
  // Fewer digits than asked for: unchanged.
  CHECK(D("1.5").Rounded(3) == D("1.5"));
  CHECK(D("7").Rounded(0) == D("7"));
}

TEST_CASE("Decimal comparisons") {
  CHECK(D("7.4") == D("7.40"));
  CHECK(D("7.4") == D("74e-1"));
  CHECK(D("7.4e9") == Decimal::FromInteger(7400000000));
  CHECK(D("0.5") != D("0.51"));
  CHECK(D("0.5") < D("0.51"));
  CHECK(D("0.51") > D("0.5"));
  CHECK(D("-1") < Decimal());
  CHECK(D("-1.5") < D("-1.4"));
  CHECK(D("10") > D("9.99999999999999999"));
  CHECK(D("1") <= D("1.0"));
  CHECK(D("1") >= D("1.0"));
  CHECK(Decimal::FromInteger(INT64_MIN) < Decimal::FromInteger(INT64_MAX));
  CHECK((D("2") <=> D("2.0")) == std::strong_ordering::equal);
  CHECK((D("0.000000000000000001") <=> Decimal()) == std::strong_ordering::greater);
}

}  // namespace landscape

namespace landscape {
namespace {

TEST_CASE("Decimal::FromParts gives back what mantissa() and scale() read") {
  for (const char* text : {"0", "7400000000", "0.1451", "-12.5", "123456789.123456789"}) {
    CAPTURE(text);
    Decimal d = *Decimal::Parse(text);
    auto back = Decimal::FromParts(d.mantissa(), d.scale());
    REQUIRE(back.ok());
    CHECK(*back == d);
    CHECK(back->ToString() == text);
  }
  CHECK(Decimal::FromParts(1450, 4)->ToString() == "0.145");
  CHECK_FALSE(Decimal::FromParts(1, -1).ok());
  CHECK_FALSE(Decimal::FromParts(1, 19).ok());
}

TEST_CASE("Decimal significant digits: counted on the mantissa, rounded half away from zero") {
  CHECK(D("0.1451").SignificantDigits() == 4);
  CHECK(D("7.40").SignificantDigits() == 2);
  CHECK(D("1350").SignificantDigits() == 4);
  CHECK(D("0").SignificantDigits() == 1);
  CHECK(D("-0.07").SignificantDigits() == 1);
  // 51B CNY × 0.1451: the rate's 4 digits.
  CHECK(D("7400100000").RoundedToSignificant(4).ToString() == "7400000000");
  CHECK(D("7400500000").RoundedToSignificant(4).ToString() == "7401000000");
  CHECK(D("-7400500000").RoundedToSignificant(4).ToString() == "-7401000000");
  CHECK(D("1234.5678").RoundedToSignificant(6).ToString() == "1234.57");
  CHECK(D("1234.5678").RoundedToSignificant(2).ToString() == "1200");
  CHECK(D("0.012345").RoundedToSignificant(2).ToString() == "0.012");
  CHECK(D("9996").RoundedToSignificant(3).ToString() == "10000");
  CHECK(D("9223372036854775807").RoundedToSignificant(2).ToString() == "9200000000000000000");
  // Fewer digits than asked for: unchanged.
  CHECK(D("28").RoundedToSignificant(4) == D("28"));
}

TEST_CASE("Decimal rounded at a power of ten: the unit of a sum's least precise part") {
  CHECK(D("7400.5").LeadingExponent() == 3);
  CHECK(D("0.014").LeadingExponent() == -2);
  CHECK(D("7412").RoundedAtExponent(2).ToString() == "7400");
  CHECK(D("7450").RoundedAtExponent(2).ToString() == "7500");
  CHECK(D("-7450").RoundedAtExponent(2).ToString() == "-7500");
  CHECK(D("7412").RoundedAtExponent(4).ToString() == "10000");
  CHECK(D("3412").RoundedAtExponent(4).ToString() == "0");
  CHECK(D("12.345").RoundedAtExponent(-2).ToString() == "12.35");
  CHECK(D("12.345").RoundedAtExponent(-5) == D("12.345"));
  CHECK(D("9223372036854775807").RoundedAtExponent(19).ToString() == "0");
}

}  // namespace
}  // namespace landscape
