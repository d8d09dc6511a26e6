#include "landscape/decimal.hpp"

#include <cstdlib>

namespace landscape {
namespace {

__extension__ typedef __int128 Int128;

constexpr Int128 kInt64Max = INT64_MAX;
constexpr Int128 kInt64Min = INT64_MIN;

bool FitsInt64(Int128 v) { return v >= kInt64Min && v <= kInt64Max; }

Int128 PowerOfTen(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

Status Overflow(std::string_view what) {
  return Status::InvalidArgument("number '" + std::string(what) +
                                 "' is out of range (at most 18 significant digits)");
}

}  // namespace

void Decimal::Normalize() {
  if (mantissa_ == 0) {
    scale_ = 0;
    return;
  }
  while (scale_ > 0 && mantissa_ % 10 == 0) {
    mantissa_ /= 10;
    --scale_;
  }
}

Result<Decimal> Decimal::FromParts(int64_t mantissa, int scale) {
  if (scale < 0 || scale > kMaxScale) {
    return Status::InvalidArgument("decimal scale " + std::to_string(scale) + " is not 0 to 18");
  }
  return Decimal(mantissa, scale);
}

Result<Decimal> Decimal::Parse(std::string_view text) {
  const std::string original(text);
  auto bad = [&] { return Status::InvalidArgument("'" + original + "' is not a decimal number"); };
  if (text.empty()) return bad();
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  Int128 mantissa = 0;
  int scale = 0;
  bool seen_digit = false;
  bool in_fraction = false;
  int pending_zeros = 0;  // fraction zeros not yet followed by a non-zero digit
  size_t i = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (in_fraction) return bad();
      in_fraction = true;
      continue;
    }
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9') return bad();
    seen_digit = true;
    // Trailing zeros in a fraction are dropped rather than counted against the scale.
    if (in_fraction && c == '0') {
      ++pending_zeros;
      continue;
    }
    for (; pending_zeros > 0; --pending_zeros) {
      mantissa *= 10;
      ++scale;
      if (mantissa > kInt64Max * 10 || scale > kMaxScale) return Overflow(original);
    }
    mantissa = mantissa * 10 + (c - '0');
    if (in_fraction) ++scale;
    if (mantissa > kInt64Max * 10) return Overflow(original);
  }
  if (!seen_digit) return bad();
  int exponent = 0;
  if (i < text.size()) {
    std::string_view exp = text.substr(i + 1);
    if (exp.empty() || exp.size() > 4) return bad();
    char* end = nullptr;
    std::string exp_text(exp);
    long e = std::strtol(exp_text.c_str(), &end, 10);
    if (*end != '\0') return bad();
    exponent = static_cast<int>(e);
  }
  while (scale > 0 && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  if (negative) mantissa = -mantissa;
  if (!FitsInt64(mantissa) || scale > kMaxScale) return Overflow(original);
  Decimal d(static_cast<int64_t>(mantissa), scale);
  return d.ScaledByPowerOfTen(exponent);
}

Result<Decimal> Decimal::ScaledByPowerOfTen(int exponent) const {
  if (mantissa_ == 0) return Decimal();
  int scale = scale_ - exponent;
  Int128 m = mantissa_;
  while (scale < 0) {
    m *= 10;
    ++scale;
    if (!FitsInt64(m)) return Overflow(ToString() + "e" + std::to_string(exponent));
  }
  if (scale > kMaxScale) return Overflow(ToString() + "e" + std::to_string(exponent));
  return Decimal(static_cast<int64_t>(m), scale);
}

Result<Decimal> Decimal::Multiply(const Decimal& other) const {
  Int128 m = static_cast<Int128>(mantissa_) * other.mantissa_;
  int scale = scale_ + other.scale_;
  while (scale > 0 && m % 10 == 0) {
    m /= 10;
    --scale;
  }
  // Keep the most significant digits: drop fraction digits, then round once, half away from
  // zero (rounding digit by digit would turn 1.45 into 2).
  int drop = 0;
  for (Int128 t = m; scale - drop > kMaxScale || (!FitsInt64(t) && scale - drop > 0); t /= 10) {
    ++drop;
  }
  if (drop > 0) {
    Int128 divisor = PowerOfTen(drop);
    Int128 rem = m % divisor;
    m /= divisor;
    if (rem * 2 >= divisor) ++m;
    if (rem * 2 <= -divisor) --m;
    scale -= drop;
  }
  if (!FitsInt64(m)) return Overflow(ToString() + "×" + other.ToString());
  return Decimal(static_cast<int64_t>(m), scale);
}

Result<Decimal> Decimal::Add(const Decimal& other) const {
  int scale = std::max(scale_, other.scale_);
  Int128 a = static_cast<Int128>(mantissa_) * PowerOfTen(scale - scale_);
  Int128 b = static_cast<Int128>(other.mantissa_) * PowerOfTen(scale - other.scale_);
  Int128 sum = a + b;
  if (!FitsInt64(sum)) return Overflow(ToString() + "+" + other.ToString());
  return Decimal(static_cast<int64_t>(sum), scale);
}

Result<Decimal> Decimal::Reciprocal(int digits) const {
  if (mantissa_ == 0 || digits < 0 || digits > kMaxScale) {
    return Status::InvalidArgument("cannot take the reciprocal of " + ToString());
  }
  // 1 / (m·10^-s) = 10^s / m; scaled by 10^digits, then rounded. 10^(18+18) fits 128 bits.
  Int128 numerator = PowerOfTen(scale_ + digits);
  Int128 q = numerator / mantissa_;
  Int128 r = numerator % mantissa_;
  Int128 m = mantissa_ < 0 ? -static_cast<Int128>(mantissa_) : mantissa_;
  if ((r < 0 ? -r : r) * 2 >= m) q += (q < 0 || (q == 0 && mantissa_ < 0)) ? -1 : 1;
  if (!FitsInt64(q)) return Overflow("1/" + ToString());
  return Decimal(static_cast<int64_t>(q), digits);
}

Decimal Decimal::Rounded(int digits) const {
  if (digits >= scale_) return *this;
  Int128 divisor = PowerOfTen(scale_ - digits);
  Int128 q = mantissa_ / divisor;
  Int128 r = mantissa_ % divisor;
  if (r * 2 >= divisor) ++q;
  if (r * 2 <= -divisor) --q;
  return Decimal(static_cast<int64_t>(q), digits);
}

int Decimal::SignificantDigits() const {
  int digits = 1;
  for (Int128 m = mantissa_ < 0 ? -static_cast<Int128>(mantissa_) : mantissa_; m >= 10; m /= 10) {
    ++digits;
  }
  return digits;
}

Decimal Decimal::RoundedToSignificant(int digits) const {
  return RoundedAtExponent(LeadingExponent() - digits + 1);
}

Decimal Decimal::RoundedAtExponent(int exponent) const {
  int drop = exponent + scale_;  // mantissa digits below 10^exponent
  if (drop <= 0) return *this;
  if (drop <= scale_) return Rounded(scale_ - drop);
  if (drop >= 19) return Decimal();  // a unit of 10^19 or more: nothing an int64 holds
  // Rounding reaches into the integer digits: round the mantissa at 10^drop, then scale back.
  Int128 divisor = PowerOfTen(drop);
  Int128 q = mantissa_ / divisor;
  Int128 r = mantissa_ % divisor;
  if (r * 2 >= divisor) ++q;
  if (r * 2 <= -divisor) --q;
  // |q × 10^(drop − scale)| ≤ |this| rounded up by one unit of its leading digit: an int64.
  return Decimal(static_cast<int64_t>(q * PowerOfTen(drop - scale_)), 0);
}

int Decimal::Compare(const Decimal& other) const {
  int scale = std::max(scale_, other.scale_);
  Int128 a = static_cast<Int128>(mantissa_) * PowerOfTen(scale - scale_);
  Int128 b = static_cast<Int128>(other.mantissa_) * PowerOfTen(scale - other.scale_);
  return a < b ? -1 : (a > b ? 1 : 0);
}

std::string Decimal::ToString() const {
  // Digits are produced least significant first into a fixed buffer, then read back.
  Int128 m = mantissa_;
  if (m < 0) m = -m;  // 128 bits, so INT64_MIN does not overflow
  char reversed[48];
  int n = 0;
  do {
    reversed[n++] = static_cast<char>('0' + static_cast<int>(m % 10));
    m /= 10;
  } while (m > 0 || n <= scale_);
  std::string out;
  out.reserve(static_cast<size_t>(n) + 2);
  if (mantissa_ < 0) out.push_back('-');
  for (int i = n - 1; i >= 0; --i) {
    out.push_back(reversed[i]);
    if (i == scale_ && i > 0) out.push_back('.');
  }
  return out;
}

}  // namespace landscape
