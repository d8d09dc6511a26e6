#include "landscape/date.hpp"

#include <fmt/format.h>

namespace landscape {
namespace {

bool ParseDigits(std::string_view s, size_t width, int* out) {
  if (s.size() != width) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

Result<Date> Date::Parse(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument(fmt::format("'{}' is not a date: {}", text, why));
  };
  Date d;
  if (!ParseDigits(text.substr(0, 4), 4, &d.year_) || d.year_ < 1000) {
    return bad("expected YYYY, YYYY-MM or YYYY-MM-DD");
  }
  if (text.size() == 4) return d;
  if (text.size() < 7 || text[4] != '-' || !ParseDigits(text.substr(5, 2), 2, &d.month_)) {
    return bad("expected YYYY, YYYY-MM or YYYY-MM-DD");
  }
  if (d.month_ < 1 || d.month_ > 12) return bad("month must be 01 to 12");
  d.precision_ = DatePrecision::kMonth;
  if (text.size() == 7) return d;
  if (text.size() != 10 || text[7] != '-' || !ParseDigits(text.substr(8, 2), 2, &d.day_)) {
    return bad("expected YYYY, YYYY-MM or YYYY-MM-DD");
  }
  if (d.day_ < 1 || d.day_ > DaysInMonth(d.year_, d.month_)) {
    return bad(fmt::format("{:04}-{:02} has no day {:02}", d.year_, d.month_, d.day_));
  }
  d.precision_ = DatePrecision::kDay;
  return d;
}

int32_t Date::LastDay() const {
  int month = month_ ? month_ : 12;
  int day = day_ ? day_ : DaysInMonth(year_, month);
  return year_ * 10000 + month * 100 + day;
}

std::string Date::ToString() const {
  switch (precision_) {
    case DatePrecision::kYear:
      return fmt::format("{:04}", year_);
    case DatePrecision::kMonth:
      return fmt::format("{:04}-{:02}", year_, month_);
    case DatePrecision::kDay:
      break;
  }
  return fmt::format("{:04}-{:02}-{:02}", year_, month_, day_);
}

}  // namespace landscape
