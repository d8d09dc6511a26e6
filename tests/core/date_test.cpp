#include "landscape/date.hpp"
#include "tests/core/core_test_util.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace landscape {
namespace {

using testing::core::Contains;

Date D(const std::string& text) {
  auto d = Date::Parse(text);
  REQUIRE_MESSAGE(d.ok(), text << ": " << d.status().ToString());
  return *d;
}

std::string Refusal(const std::string& text) {
  auto d = Date::Parse(text);
  REQUIRE_MESSAGE(!d.ok(), text << " was accepted as " << d->ToString());
  CHECK(d.status().code() == StatusCode::kInvalidArgument);
  CHECK_MESSAGE(d.status().message().find("'" + text + "'") != std::string::npos,
                d.status().message());
  return d.status().message();
}

}  // namespace

TEST_CASE("Date::Parse keeps the precision") {
  Date year = D("2026");
  CHECK(year.precision() == DatePrecision::kYear);
  CHECK(year.year() == 2026);
  CHECK(year.month() == 0);
  CHECK(year.day() == 0);
  CHECK(year.ToString() == "2026");

  Date month = D("2026-03");
  CHECK(month.precision() == DatePrecision::kMonth);
  CHECK(month.year() == 2026);
  CHECK(month.month() == 3);
  CHECK(month.day() == 0);
  CHECK(month.ToString() == "2026-03");

  Date day = D("2026-03-15");
  CHECK(day.precision() == DatePrecision::kDay);
  CHECK(day.year() == 2026);
  CHECK(day.month() == 3);
  CHECK(day.day() == 15);
  CHECK(day.ToString() == "2026-03-15");

  CHECK(D("1000-01-01").ToString() == "1000-01-01");
  CHECK(D("9999-12-31").ToString() == "9999-12-31");
}

TEST_CASE("Date: a year is not its first day") {
  Date year = D("2026");
  Date first_day = D("2026-01-01");
  Date first_month = D("2026-01");
  CHECK_FALSE(year == first_day);
  CHECK(year != first_day);
  CHECK(year != first_month);
  CHECK(first_month != first_day);
  // They start on the same day but cover different spans.
  CHECK(year.FirstDay() == first_day.FirstDay());
  CHECK(year.LastDay() != first_day.LastDay());
  CHECK(year.ToString() != first_day.ToString());
  CHECK(D("2026") == D("2026"));
  CHECK(D("2026-03-15") == D("2026-03-15"));
}

TEST_CASE("Date::FirstDay and LastDay") {
  CHECK(D("2026").FirstDay() == 20260101);
  CHECK(D("2026").LastDay() == 20261231);
  CHECK(D("2026-03").FirstDay() == 20260301);
  CHECK(D("2026-03").LastDay() == 20260331);
  CHECK(D("2026-04").LastDay() == 20260430);
  CHECK(D("2026-12").LastDay() == 20261231);
  CHECK(D("2026-03-15").FirstDay() == 20260315);
  CHECK(D("2026-03-15").LastDay() == 20260315);
  // February, leap and not.
  CHECK(D("2024-02").LastDay() == 20240229);
  CHECK(D("2025-02").LastDay() == 20250228);
  CHECK(D("2000-02").LastDay() == 20000229);  // divisible by 400
  CHECK(D("1900-02").LastDay() == 19000228);  // divisible by 100, not by 400
  CHECK(D("2024-02-29").LastDay() == 20240229);
  CHECK(D("2024").LastDay() == 20241231);
}

TEST_CASE("DaysInMonth") {
  CHECK(DaysInMonth(2026, 1) == 31);
  CHECK(DaysInMonth(2026, 2) == 28);
  CHECK(DaysInMonth(2024, 2) == 29);
  CHECK(DaysInMonth(2100, 2) == 28);
  CHECK(DaysInMonth(2400, 2) == 29);
  CHECK(DaysInMonth(2026, 4) == 30);
  CHECK(DaysInMonth(2026, 6) == 30);
  CHECK(DaysInMonth(2026, 9) == 30);
  CHECK(DaysInMonth(2026, 11) == 30);
  CHECK(DaysInMonth(2026, 12) == 31);
}

TEST_CASE("Date::Parse refuses an invalid month") {
  CHECK(Contains(Refusal("2026-13"), "month must be 01 to 12"));
  CHECK(Contains(Refusal("2026-00"), "month must be 01 to 12"));
  CHECK(Contains(Refusal("2026-13-01"), "month must be 01 to 12"));
}

TEST_CASE("Date::Parse refuses a day the month does not have") {
  CHECK(Contains(Refusal("2025-02-29"), "2025-02 has no day 29"));
  CHECK(Contains(Refusal("2024-02-30"), "2024-02 has no day 30"));
  CHECK(Contains(Refusal("2026-04-31"), "2026-04 has no day 31"));
  CHECK(Contains(Refusal("2026-01-00"), "has no day 00"));
  CHECK(Contains(Refusal("2026-01-32"), "has no day 32"));
  CHECK(Contains(Refusal("1900-02-29"), "has no day 29"));
}

TEST_CASE("Date::Parse refuses other formats") {
  for (const char* text : {"",
                           "26",
                           "999",
                           "0999",
                           "0000",
                           "20260",
                           "2026-1",
                           "2026-1-15",
                           "2026-01-1",
                           "2026/01/01",
                           "2026.01",
                           "2026-01-01T00:00",
                           "2026-01-01 ",
                           " 2026",
                           "2026-",
                           "2026-01-",
                           "abcd",
                           "20260101",
                           "2026-Ja",
                           "-2026",
                           "+2026"}) {
    CAPTURE(text);
    CHECK(Contains(Refusal(text), "expected YYYY, YYYY-MM or YYYY-MM-DD"));
  }
}

TEST_CASE("Date ordering: by first day, then coarser precision first") {
  CHECK(D("2025-12-31") < D("2026"));
  CHECK(D("2026") < D("2026-01"));
  CHECK(D("2026-01") < D("2026-01-01"));
  CHECK(D("2026-01-01") < D("2026-01-02"));
  CHECK(D("2026") < D("2026-01-02"));
  CHECK(D("2026-06") > D("2026"));
  CHECK(D("2026-06") < D("2026-06-02"));
  CHECK(D("2026-06-30") < D("2026-07"));
  CHECK(D("2027") > D("2026-12-31"));
  CHECK(D("2026") <= D("2026"));
  CHECK((D("2026-03") <=> D("2026-03")) == std::strong_ordering::equal);

  std::vector<Date> dates = {D("2027"), D("2026-01-01"), D("2026-01"),   D("2025-12-31"),
                             D("2026"), D("2026-02"),    D("2026-01-15")};
  std::sort(dates.begin(), dates.end());
  std::vector<std::string> texts;
  for (const Date& d : dates) texts.push_back(d.ToString());
  CHECK(texts == std::vector<std::string>{"2025-12-31", "2026", "2026-01", "2026-01-01",
                                          "2026-01-15", "2026-02", "2027"});
}

}  // namespace landscape
