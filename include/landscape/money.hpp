#pragma once
// Money: an exact Decimal amount, an ISO 4217 currency and an `approximate` flag ("~$2B").

#include <string>
#include <string_view>

#include "landscape/decimal.hpp"
#include "landscape/status.hpp"

namespace landscape {

struct Money {
  Decimal amount;
  std::string currency;  // ISO 4217, upper case
  bool approximate = false;

  // Parses the forms analysts write: "51000000000 CNY", "51B CNY", "CNY 51B", "¥51B",
  // "$7.4B", "~$2B", "7.4 billion USD", "US$7.4bn", "RMB 51B". "¥" and "RMB" mean CNY (the
  // market this tool tracks); write "JPY" for yen. Suffixes: K/thousand, M/mn/million,
  // B/bn/billion, T/tn/trillion. "~" or "≈" marks an approximate figure.
  static Result<Money> Parse(std::string_view text);

  // Canonical text: "51000000000 CNY", "~2000000000 USD".
  std::string ToString() const;

  friend bool operator==(const Money&, const Money&) = default;
};

// True when `code` is an active ISO 4217 currency code.
bool IsCurrencyCode(std::string_view code);

}  // namespace landscape
