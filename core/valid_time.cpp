#include "core/valid_time.hpp"

#include <string_view>

namespace landscape {
namespace {

constexpr std::string_view kStartAttributes[] = {"founded", "announced", "released", "born",
                                                 "published"};

bool IsStartAttribute(std::string_view name) {
  for (std::string_view a : kStartAttributes) {
    if (name == a) return true;
  }
  return false;
}

std::optional<Date> EarliestDate(const Attributes& attributes, bool start_only) {
  std::optional<Date> earliest;
  for (const auto& [name, claims] : attributes) {
    if (start_only && !IsStartAttribute(name)) continue;
    for (const Claim& c : claims) {
      if (const Date* d = std::get_if<Date>(&c.value.data)) {
        if (!earliest || d->FirstDay() < earliest->FirstDay()) earliest = *d;
      }
    }
  }
  return earliest;
}

}  // namespace

std::optional<Date> StartDate(const Entity& entity) {
  return EarliestDate(entity.attributes, true);
}

bool EntityKnownOn(const Entity& entity, const Date& as_of) {
  auto start = StartDate(entity);
  return !start || KnownOn(*start, as_of);
}

bool RelationKnownOn(const Relation& relation, const Date& as_of) {
  auto date = EarliestDate(relation.properties, false);
  return !date || KnownOn(*date, as_of);
}

}  // namespace landscape
