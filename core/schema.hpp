#pragma once
// Schema: the entity kinds, relation types, their attributes and properties, and the
// confidence tiers. It is data, not code: the competitive-intelligence schema below is built
// in, and a document's "schema" section extends it; a store keeps its extensions and
// exports them with the data.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "landscape/status.hpp"
#include "landscape/value.hpp"

namespace landscape {

// Numeric tags identify kinds and relation types inside storage keys. A tag, once given,
// never changes: built-in tags are fixed here, extensions get the next free one.
using KindTag = uint32_t;
using RelationTag = uint32_t;

struct KindDef {
  std::string name;
  KindTag tag = 0;
  bool builtin = false;
  std::map<std::string, ValueType> attributes;
  std::set<std::string> builtin_attributes;  // those of the built-in schema, not exported
};

struct RelationTypeDef {
  std::string name;
  RelationTag tag = 0;
  bool builtin = false;
  bool symmetric = false;
  std::set<std::string> from_kinds;
  std::set<std::string> to_kinds;
  std::map<std::string, ValueType> properties;
  std::set<std::string> builtin_from, builtin_to, builtin_properties;
};

// The relation types whose meaning the queries rely on (docs/queries.md): funding is read as
// company —raised→ funding_round ←invested_in— investor, and rivalry through rival_of. Named
// once here so that no query spells them.
enum class RelationRole { kRaised, kInvestedIn, kRivalOf };

class Schema {
 public:
  // The default competitive-intelligence schema (docs/data-format.md lists it).
  static const Schema& BuiltIn();

  // Merges a "schema" section (kinds, relations) into this schema. New kinds and types get
  // new tags unless `section` carries them (as the store's own copy does). Refuses changing
  // the type of an existing attribute or the symmetry of an existing relation type; errors
  // name the JSON pointer below `pointer`.
  Status Extend(const nlohmann::json& section, const std::string& pointer = "/schema",
                bool accept_tags = false);

  const KindDef* FindKind(std::string_view name) const;
  const KindDef* FindKindByTag(KindTag tag) const;
  const RelationTypeDef* FindRelation(std::string_view name) const;
  const RelationTypeDef* FindRelationByTag(RelationTag tag) const;
  // The relation type that plays `role`; null when the schema lacks it.
  const RelationTypeDef* FindRelation(RelationRole role) const;
  // The declared type of an attribute of `kind`, including those common to every kind.
  std::optional<ValueType> AttributeType(const KindDef& kind, std::string_view attribute) const;

  // Confidence tiers, best first: filing, official, reported, analysis, rumor.
  const std::vector<std::string>& confidence_tiers() const { return tiers_; }
  // 0 for the best tier; nullopt when `tier` is not one.
  std::optional<int> TierRank(std::string_view tier) const;

  std::vector<const KindDef*> kinds() const;
  std::vector<const RelationTypeDef*> relations() const;

  // "unknown kind 'compnay'; did you mean: company? (the kinds: …)": the error for a name that
  // is none of the schema's, with the nearest and every valid one.
  std::string UnknownKind(std::string_view name) const;
  std::string UnknownRelationType(std::string_view name) const;
  // "'primary_focu' is not declared for kind 'company'; did you mean: primary_focus? (…)":
  // the error for an attribute or property that `declared` lacks.
  static std::string NotDeclared(std::string_view name,
                                 const std::map<std::string, ValueType>& declared,
                                 std::string_view owner);

  // What extends the built-in schema, in document form (no tags) or storage form (tags).
  nlohmann::json ExtensionsToJson(bool with_tags) const;

 private:
  Status ExtendKind(const std::string& name, const nlohmann::json& def, const std::string& ptr);
  Status ExtendRelation(const std::string& name, const nlohmann::json& def, const std::string& ptr);

  std::map<std::string, KindDef, std::less<>> kinds_;
  std::map<std::string, RelationTypeDef, std::less<>> relations_;
  std::vector<std::string> tiers_;
  KindTag next_kind_tag_ = 1;
  RelationTag next_relation_tag_ = 1;
  bool accept_tags_ = false;
};

}  // namespace landscape
