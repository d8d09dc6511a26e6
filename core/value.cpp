#include "landscape/value.hpp"

#include <fmt/format.h>

#include "core/json_reader.hpp"

namespace landscape {
namespace {

constexpr std::string_view kKindNames[] = {"text", "integer", "decimal", "money",
                                           "date", "bool",    "list"};

std::string_view KindName(ValueKind k) { return kKindNames[static_cast<int>(k)]; }

std::string JsonTypeName(const nlohmann::json& j) {
  if (IsJsonNumberLiteral(j)) return "a number";
  switch (j.type()) {
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::null:
      return "null";
    default:
      return "a number";
  }
}

Status Expected(std::string_view what, const nlohmann::json& got) {
  return Status::InvalidArgument(fmt::format("expected {}, got {}", what, JsonTypeName(got)));
}

Result<Value> ScalarFromText(std::string_view text, ValueKind kind) {
  switch (kind) {
    case ValueKind::kText:
      return Value{std::string(text)};
    case ValueKind::kInteger: {
      auto d = Decimal::Parse(text);
      if (!d.ok() || !d->is_integer()) {
        return Status::InvalidArgument(fmt::format("'{}' is not an integer", text));
      }
      return Value{d->mantissa()};
    }
    case ValueKind::kDecimal: {
      LANDSCAPE_ASSIGN_OR_RETURN(Decimal d, Decimal::Parse(text));
      return Value{d};
    }
    case ValueKind::kMoney: {
      LANDSCAPE_ASSIGN_OR_RETURN(Money m, Money::Parse(text));
      return Value{m};
    }
    case ValueKind::kDate: {
      LANDSCAPE_ASSIGN_OR_RETURN(Date d, Date::Parse(text));
      return Value{d};
    }
    case ValueKind::kBool:
      if (text == "true") return Value{true};
      if (text == "false") return Value{false};
      return Status::InvalidArgument(fmt::format("'{}' is not true or false", text));
    case ValueKind::kList:
      break;
  }
  return Status::InvalidArgument("a list cannot hold lists");
}

Result<Value> ScalarFromJson(const nlohmann::json& j, ValueKind kind) {
  switch (kind) {
    case ValueKind::kText:
      if (!j.is_string()) return Expected("a string", j);
      return Value{j.get<std::string>()};
    case ValueKind::kInteger:
      if (!j.is_number_integer()) return Expected("an integer", j);
      return Value{j.get<int64_t>()};
    case ValueKind::kDecimal:
      if (IsJsonNumberLiteral(j)) return ScalarFromText(JsonNumberLiteral(j), kind);
      if (j.is_number_integer()) return Value{Decimal::FromInteger(j.get<int64_t>())};
      if (j.is_string()) return ScalarFromText(j.get<std::string>(), kind);
      return Expected("a decimal number or a string holding one", j);
    case ValueKind::kMoney:
    case ValueKind::kDate:
      if (!j.is_string()) {
        return Expected(kind == ValueKind::kMoney ? "money as a string such as \"51B CNY\""
                                                  : "a date string such as \"2026-03\"",
                        j);
      }
      return ScalarFromText(j.get<std::string>(), kind);
    case ValueKind::kBool:
      if (!j.is_boolean()) return Expected("true or false", j);
      return Value{j.get<bool>()};
    case ValueKind::kList:
      break;
  }
  return Status::InvalidArgument("a list cannot hold lists");
}

}  // namespace

Result<ValueType> ValueType::Parse(std::string_view name) {
  auto scalar = [](std::string_view n) -> int {
    for (int i = 0; i < 6; ++i) {
      if (kKindNames[i] == n) return i;
    }
    return -1;
  };
  if (int k = scalar(name); k >= 0) return ValueType{static_cast<ValueKind>(k), ValueKind::kText};
  if (name.size() > 6 && name.substr(0, 5) == "list<" && name.back() == '>') {
    if (int k = scalar(name.substr(5, name.size() - 6)); k >= 0) {
      return ValueType{ValueKind::kList, static_cast<ValueKind>(k)};
    }
  }
  return Status::InvalidArgument(fmt::format(
      "'{}' is not a type (text, integer, decimal, money, date, bool, or list<one of them>)",
      name));
}

std::string ValueType::ToString() const {
  if (kind == ValueKind::kList) return fmt::format("list<{}>", KindName(element));
  return std::string(KindName(kind));
}

Result<Value> ValueFromJson(const nlohmann::json& json, const ValueType& type) {
  if (type.kind != ValueKind::kList) return ScalarFromJson(json, type.kind);
  if (!json.is_array()) return Expected("an array", json);
  Value::List items;
  for (size_t i = 0; i < json.size(); ++i) {
    auto item = ScalarFromJson(json[i], type.element);
    if (!item.ok()) return item.status().WithContext(fmt::format("item {}", i));
    items.push_back(std::move(*item));
  }
  return Value{std::move(items)};
}

Result<Value> ValueFromText(std::string_view text, const ValueType& type) {
  if (type.kind != ValueKind::kList) return ScalarFromText(text, type.kind);
  Value::List items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view part = text.substr(start, comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    LANDSCAPE_ASSIGN_OR_RETURN(Value item, ScalarFromText(part, type.element));
    items.push_back(std::move(item));
    start = comma + 1;
  }
  return Value{std::move(items)};
}

nlohmann::json ValueToJson(const Value& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Value::List>) {
          nlohmann::json array = nlohmann::json::array();
          for (const Value& item : v) array.push_back(ValueToJson(item));
          return array;
        } else if constexpr (std::is_same_v<T, Decimal> || std::is_same_v<T, Money> ||
                             std::is_same_v<T, Date>) {
          return v.ToString();
        } else {
          return v;
        }
      },
      value.data);
}

std::string Value::ToDisplayString() const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Value::List>) {
          std::string out;
          for (const Value& item : v) {
            if (!out.empty()) out += ", ";
            out += item.ToDisplayString();
          }
          return out;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return std::to_string(v);
        } else {
          return v.ToString();
        }
      },
      data);
}

}  // namespace landscape
