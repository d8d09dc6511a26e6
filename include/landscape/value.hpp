#pragma once
// Value: the typed value of an attribute or a relation property. The schema declares each
// attribute's type; JSON values are read against that type, so "51B CNY" becomes Money only
// where the schema says money.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "landscape/date.hpp"
#include "landscape/decimal.hpp"
#include "landscape/money.hpp"
#include "landscape/status.hpp"

namespace landscape {

enum class ValueKind : uint8_t { kText, kInteger, kDecimal, kMoney, kDate, kBool, kList };

// A declared type: a scalar kind, or a list of one scalar kind ("list<text>").
struct ValueType {
  ValueKind kind = ValueKind::kText;
  ValueKind element = ValueKind::kText;  // meaningful only when kind == kList

  static Result<ValueType> Parse(std::string_view name);
  std::string ToString() const;
  friend bool operator==(const ValueType&, const ValueType&) = default;
};

struct Value {
  using List = std::vector<Value>;
  std::variant<std::string, int64_t, Decimal, Money, Date, bool, List> data;

  ValueKind kind() const { return static_cast<ValueKind>(data.index()); }
  // Human-readable text: money and dates in canonical form, lists joined by ", ".
  std::string ToDisplayString() const;
  friend bool operator==(const Value&, const Value&) = default;
};

// Reads a JSON value as `type`; the error says what was expected and what was found.
Result<Value> ValueFromJson(const nlohmann::json& json, const ValueType& type);
// Reads command-line text ("lead=true", "amount=51B CNY") as `type`.
Result<Value> ValueFromText(std::string_view text, const ValueType& type);
// The canonical JSON form that export writes.
nlohmann::json ValueToJson(const Value& value);

}  // namespace landscape
