// Money and date parsing: every text gives a value or an error; a value prints as text that
// parses back to the same value.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "landscape/date.hpp"
#include "landscape/money.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto money = landscape::Money::Parse(text); money.ok()) {
    auto again = landscape::Money::Parse(money.value().ToString());
    if (!again.ok() || again.value().ToString() != money.value().ToString()) std::abort();
  }
  if (auto date = landscape::Date::Parse(text); date.ok()) {
    auto again = landscape::Date::Parse(date.value().ToString());
    if (!again.ok() || again.value().ToString() != date.value().ToString()) std::abort();
  }
  return 0;
}
