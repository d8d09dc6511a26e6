#include "landscape/money.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace landscape {
namespace {

// Active ISO 4217 codes (the standard's list, funds and precious metals excluded).
constexpr std::string_view kCurrencyCodes[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"};

// Longest first so that "US$" wins over "$".
constexpr std::pair<std::string_view, std::string_view> kSymbols[] = {
    {"US$", "USD"}, {"HK$", "HKD"}, {"S$", "SGD"}, {"C$", "CAD"}, {"A$", "AUD"}, {"RMB", "CNY"},
    {"$", "USD"},   {"¥", "CNY"},   {"￥", "CNY"}, {"€", "EUR"},  {"£", "GBP"},  {"₩", "KRW"},
};

constexpr std::pair<std::string_view, int> kMultipliers[] = {
    {"thousand", 3}, {"million", 6}, {"billion", 9}, {"trillion", 12}, {"bn", 9}, {"mn", 6},
    {"tn", 12},      {"k", 3},       {"m", 6},       {"b", 9},         {"t", 12}, {"mm", 6},
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ConsumePrefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsAlpha3(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalpha(static_cast<unsigned char>(c));
         });
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool IsCurrencyCode(std::string_view code) {
  return std::binary_search(std::begin(kCurrencyCodes), std::end(kCurrencyCodes), code);
}

Result<Money> Money::Parse(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not an amount of money: " + why);
  };
  Money money;
  std::string_view s = Trim(text);
  if (ConsumePrefix(s, "~") || ConsumePrefix(s, "≈")) money.approximate = true;
  s = Trim(s);

  std::string currency;
  // No symbol starts with a digit, and most amounts do ("51B CNY"): they skip the search.
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) {
    for (const auto& [symbol, code] : kSymbols) {
      if (ConsumePrefix(s, symbol)) {
        currency = code;
        break;
      }
    }
  }
  s = Trim(s);
  // "CNY 51B": a leading code.
  if (currency.empty() && s.size() > 4 && IsAlpha3(s.substr(0, 3)) && s[3] == ' ') {
    currency = Upper(s.substr(0, 3));
    s = Trim(s.substr(4));
  }

  size_t number_end = 0;
  while (number_end < s.size() &&
         (std::isdigit(static_cast<unsigned char>(s[number_end])) || s[number_end] == '.' ||
          s[number_end] == ',' || (number_end == 0 && s[number_end] == '-'))) {
    ++number_end;
  }
  std::string digits;
  for (char c : s.substr(0, number_end)) {
    if (c != ',') digits += c;
  }
  if (digits.empty()) return bad("no number");
  auto amount = Decimal::Parse(digits);
  if (!amount.ok()) return bad(amount.status().message());
  std::string_view after = s.substr(number_end);
  if (after.size() >= 2 && (after[0] == 'e' || after[0] == 'E') &&
      (std::isdigit(static_cast<unsigned char>(after[1])) || after[1] == '+' || after[1] == '-')) {
    return bad("an exponent is not read (write the amount out, or with a multiplier: '7.4B USD')");
  }
  s = Trim(after);

  // A multiplier word or letter, then a currency code or word.
  int exponent = 0;
  size_t word_end = 0;
  while (word_end < s.size() && std::isalpha(static_cast<unsigned char>(s[word_end]))) ++word_end;
  std::string word = Lower(s.substr(0, word_end));
  for (const auto& [name, power] : kMultipliers) {
    if (word == name) {
      exponent = power;
      s = Trim(s.substr(word_end));
      break;
    }
  }
  if (!s.empty()) {
    std::string rest = Lower(s);
    std::string code = rest == "yuan" || rest == "rmb" ? "CNY" : Upper(s);
    if (!currency.empty() && code != currency) {
      return bad("currency given twice (" + currency + " and " + std::string(s) + ")");
    }
    currency = code;
  }
  if (currency.empty()) return bad("no currency (write e.g. '51B CNY' or '$7.4B')");
  if (!IsCurrencyCode(currency)) return bad("'" + currency + "' is not an ISO 4217 currency code");
  auto scaled = amount->ScaledByPowerOfTen(exponent);
  if (!scaled.ok()) return bad(scaled.status().message());
  money.amount = *scaled;
  money.currency = currency;
  return money;
}

std::string Money::ToString() const {
  return (approximate ? "~" : "") + amount.ToString() + " " + currency;
}

}  // namespace landscape
