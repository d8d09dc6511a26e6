#pragma once
// Valid time: which facts are known on a date D (`--as-of D`), decided here once for every
// verb. A fact dated "2026" is known on any day in or after 2026, so the test is
// date.FirstDay() <= D.LastDay(). An undated fact is always known.

#include <optional>

#include "core/entity.hpp"
#include "landscape/date.hpp"

namespace landscape {

// Whether a fact dated `date` is known on `as_of`.
inline bool KnownOn(const Date& date, const Date& as_of) {
  return date.FirstDay() <= as_of.LastDay();
}

// The attributes that say when an entity came to be: founded, announced, released, born,
// published. The earliest of them is the entity's start; nullopt when it has none.
std::optional<Date> StartDate(const Entity& entity);

// Whether an entity exists on `as_of`: false when its start is after that day.
bool EntityKnownOn(const Entity& entity, const Date& as_of);

// Whether a relation holds on `as_of`: false when its earliest date property (since, year) is
// after that day.
bool RelationKnownOn(const Relation& relation, const Date& as_of);

// Whether a claim is known on `as_of`: false when it is stated as of a later date.
inline bool ClaimKnownOn(const Claim& claim, const std::optional<Date>& as_of) {
  return !as_of || !claim.as_of || KnownOn(*claim.as_of, *as_of);
}

}  // namespace landscape
