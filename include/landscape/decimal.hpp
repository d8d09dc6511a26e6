#pragma once
// Decimal: an exact decimal number, mantissa × 10^-scale. Amounts of money and FX rates are
// Decimals so that 7.4 billion is 7400000000 exactly, never a binary approximation.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "landscape/status.hpp"

namespace landscape {

class Decimal {
 public:
  static constexpr int kMaxScale = 18;

  Decimal() = default;
  static Decimal FromInteger(int64_t v) { return Decimal(v, 0); }
  // mantissa × 10^-scale, as mantissa() and scale() give them back; scale 0 to kMaxScale.
  static Result<Decimal> FromParts(int64_t mantissa, int scale);

  // Parses "-12", "7.4", "0.1451", "1e9", "7.4e9" exactly. Refuses anything that does not fit
  // an int64 mantissa with at most kMaxScale fraction digits.
  static Result<Decimal> Parse(std::string_view text);

  // Returns this × 10^exponent exactly, or an error on overflow.
  Result<Decimal> ScaledByPowerOfTen(int exponent) const;
  Result<Decimal> Multiply(const Decimal& other) const;
  Result<Decimal> Add(const Decimal& other) const;
  // 1 / this, rounded half away from zero to `digits` (at most 18) fraction digits.
  // REQUIRES: !is_zero()
  Result<Decimal> Reciprocal(int digits) const;
  // Rounds half away from zero to `digits` fraction digits.
  Decimal Rounded(int digits) const;
  // The digits of the mantissa, once trailing fraction zeros are dropped: 0.1451 has 4, 7.40
  // has 2, 1350 has 4 (an integer's trailing zeros count: nothing says they do not).
  int SignificantDigits() const;
  // Rounds half away from zero to `digits` significant digits: 7400100000 to 4 is 7400000000.
  // REQUIRES: digits >= 1
  Decimal RoundedToSignificant(int digits) const;
  // The power of ten of the leading digit: 3 for 7400.5, -2 for 0.014, 0 for 0.
  int LeadingExponent() const { return SignificantDigits() - scale_ - 1; }
  // Rounds half away from zero to a multiple of 10^exponent: 7412 at 2 is 7400.
  Decimal RoundedAtExponent(int exponent) const;

  int64_t mantissa() const { return mantissa_; }
  int scale() const { return scale_; }
  bool is_integer() const { return scale_ == 0; }
  bool is_zero() const { return mantissa_ == 0; }
  bool is_negative() const { return mantissa_ < 0; }

  // Canonical text: no exponent, no trailing fraction zeros ("7400000000", "0.1451").
  std::string ToString() const;

  friend bool operator==(const Decimal& a, const Decimal& b) { return a.Compare(b) == 0; }
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
    return a.Compare(b) <=> 0;
  }

 private:
  Decimal(int64_t mantissa, int scale) : mantissa_(mantissa), scale_(scale) { Normalize(); }
  void Normalize();
  int Compare(const Decimal& other) const;

  int64_t mantissa_ = 0;
  int scale_ = 0;
};

}  // namespace landscape
