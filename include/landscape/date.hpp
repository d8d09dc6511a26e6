#pragma once
// Date with precision, as in Wikidata: "2026" (a year), "2026-03" (a month) and "2026-03-15"
// (a day) are different facts. "2026" is not "2026-01-01": it covers the whole year.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "landscape/status.hpp"

namespace landscape {

enum class DatePrecision : uint8_t { kYear = 0, kMonth = 1, kDay = 2 };

class Date {
 public:
  Date() = default;
  // Parses YYYY, YYYY-MM or YYYY-MM-DD (years 1000-9999) and checks the calendar.
  static Result<Date> Parse(std::string_view text);

  int year() const { return year_; }
  int month() const { return month_; }  // 0 when precision is kYear
  int day() const { return day_; }      // 0 unless precision is kDay
  DatePrecision precision() const { return precision_; }

  // The first and last day the date covers, as YYYYMMDD integers: "2026" covers
  // 20260101..20261231. Comparisons with --as-of use these.
  int32_t FirstDay() const {  // inline: sorting and rate lookups call it per comparison
    return year_ * 10000 + (month_ ? month_ : 1) * 100 + (day_ ? day_ : 1);
  }
  int32_t LastDay() const;

  std::string ToString() const;

  // Orders by first day, then coarser precision first; equal only when identical.
  friend bool operator==(const Date&, const Date&) = default;
  friend std::strong_ordering operator<=>(const Date& a, const Date& b) {
    if (auto c = a.FirstDay() <=> b.FirstDay(); c != 0) return c;
    return a.precision_ <=> b.precision_;
  }

 private:
  int year_ = 1970;
  int month_ = 0;
  int day_ = 0;
  DatePrecision precision_ = DatePrecision::kYear;
};

int DaysInMonth(int year, int month);

}  // namespace landscape
