#pragma once
// The facts of the graph: entities, their attributes as claims with provenance, relations and
// FX rates. Every fact can name the sources it came from and a confidence tier; conflicting
// claims from different sources are all kept.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "landscape/date.hpp"
#include "landscape/value.hpp"

namespace landscape {

struct Provenance {
  std::vector<std::string> sources;  // ids of entities of kind "source"
  std::string confidence;            // a tier of the schema, or "" when not stated
  bool empty() const { return sources.empty() && confidence.empty(); }
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

// One value of an attribute, as one source states it.
struct Claim {
  Value value;
  Provenance provenance;
  std::optional<Date> as_of;  // when the value held, if the source says
  friend bool operator==(const Claim&, const Claim&) = default;
};

// Attribute (or property) name → its claims, in the order they were recorded.
using Attributes = std::map<std::string, std::vector<Claim>>;

struct Entity {
  std::string id;    // readable and stable: "deepseek", "deepseek-series-a"
  std::string kind;  // a kind of the schema
  std::string name;  // display name
  std::vector<std::string> aliases;
  Attributes attributes;
  Provenance provenance;
  friend bool operator==(const Entity&, const Entity&) = default;
};

struct Relation {
  std::string type;  // a relation type of the schema
  std::string from;  // entity ids; for symmetric types from < to
  std::string to;
  Attributes properties;
  Provenance provenance;
  friend bool operator==(const Relation&, const Relation&) = default;
};

// One unit of `base` is worth `rate` units of `quote` on `date`.
struct FxRate {
  Date date;
  std::string base;
  std::string quote;
  Decimal rate;
  Provenance provenance;
  friend bool operator==(const FxRate&, const FxRate&) = default;
};

// Merges `incoming` into `existing` as an import does: the incoming name wins, aliases and
// claims are unioned (an identical claim is kept once), sources unioned, a stated confidence
// wins. Used for upserts so that re-importing the same facts changes nothing.
void MergeEntity(const Entity& incoming, Entity* existing);
void MergeRelation(const Relation& incoming, Relation* existing);

}  // namespace landscape
