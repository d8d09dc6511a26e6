#include "core/schema.hpp"

#include <fmt/format.h>

#include "core/json_reader.hpp"
#include "core/text.hpp"

namespace landscape {
namespace {

using nlohmann::json;

// The built-in competitive-intelligence schema, in the same form a document's "schema"
// section takes, plus the fixed tags. Tags are written into storage keys: never change one.
constexpr std::string_view kBuiltInSchema = R"json({
  "kinds": {
    "company": {"tag": 1, "attributes": {
      "country": "text", "founded": "date", "headquarters": "text", "website": "text",
      "ownership": "text", "ticker": "text", "valuation": "money",
      "primary_focus": "text", "funding_status": "text", "model_architecture": "text",
      "market_position": "text", "techniques": "list<text>"}},
    "investor": {"tag": 2, "attributes": {
      "country": "text", "founded": "date", "headquarters": "text", "website": "text",
      "investor_type": "text", "assets_under_management": "money"}},
    "person": {"tag": 3, "attributes": {"country": "text", "born": "date", "role": "text"}},
    "model": {"tag": 4, "attributes": {
      "released": "date", "architecture": "text", "license": "text", "parameters": "integer",
      "context_window": "integer"}},
    "funding_round": {"tag": 5, "attributes": {
      "stage": "text", "amount": "money", "reported_as": "money", "announced": "date",
      "closed": "date", "pre_money_valuation": "money", "post_money_valuation": "money",
      "use_of_proceeds": "text", "record": "text"}},
    "source": {"tag": 6, "attributes": {
      "title": "text", "source_type": "text", "url": "text", "published": "date",
      "retrieved": "date", "language": "text"}}
  },
  "relations": {
    "invested_in": {"tag": 1, "from": ["company", "investor", "person"], "to": ["funding_round"],
      "properties": {"lead": "bool", "amount": "money", "rationale": "text"}},
    "raised": {"tag": 2, "from": ["company"], "to": ["funding_round"], "properties": {}},
    "rival_of": {"tag": 3, "symmetric": true, "from": ["company", "model"],
      "to": ["company", "model"], "properties": {"basis": "text"}},
    "subsidiary_of": {"tag": 4, "from": ["company", "investor"], "to": ["company", "investor"],
      "properties": {"stake": "decimal"}},
    "develops": {"tag": 5, "from": ["company", "person"], "to": ["model"],
      "properties": {"since": "date"}},
    "partner_of": {"tag": 6, "symmetric": true, "from": ["company", "investor"],
      "to": ["company", "investor"], "properties": {"scope": "text", "since": "date"}},
    "published_by": {"tag": 7, "from": ["source"], "to": ["source", "company"],
      "properties": {}},
    "founder_of": {"tag": 8, "from": ["person"], "to": ["company", "investor"],
      "properties": {"year": "date"}},
    "works_at": {"tag": 9, "from": ["person"], "to": ["company", "investor"],
      "properties": {"role": "text", "since": "date"}}
  }
})json";

// Every kind, built-in or not, takes these.
constexpr std::string_view kCommonAttributes[][2] = {{"description", "text"}, {"notes", "text"}};

Result<std::set<std::string>> ReadNameList(const json& j, const std::string& ptr) {
  if (!j.is_array()) return ErrorAt(ptr, "expected an array of kind names");
  std::set<std::string> names;
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) return ErrorAt(JsonPointerAppend(ptr, i), "expected a kind name");
    names.insert(j[i].get<std::string>());
  }
  return names;
}

Status MergeTypes(const json& j, const std::string& ptr, const char* what,
                  std::map<std::string, ValueType>* into) {
  if (!j.is_object()) return ErrorAt(ptr, fmt::format("expected an object of {} types", what));
  for (const auto& [name, type_json] : j.items()) {
    std::string p = JsonPointerAppend(ptr, name);
    if (!type_json.is_string()) return ErrorAt(p, "expected a type name such as \"text\"");
    auto type = ValueType::Parse(type_json.get<std::string>());
    if (!type.ok()) return ErrorAt(p, type.status().message());
    auto [it, inserted] = into->emplace(name, *type);
    if (!inserted && !(it->second == *type)) {
      return ErrorAt(p, fmt::format("{} '{}' is already declared as {}, not {}", what, name,
                                    it->second.ToString(), type->ToString()));
    }
  }
  return Status::Ok();
}

using Keys = std::initializer_list<std::string_view>;

// The "tag" of a definition in the store's own copy: a positive integer.
Result<uint32_t> ReadTag(const json& def, const std::string& ptr) {
  const json& tag = def["tag"];
  if (!tag.is_number_integer() || tag.get<int64_t>() < 1 || tag.get<int64_t>() >= UINT32_MAX) {
    return ErrorAt(JsonPointerAppend(ptr, "tag"), "expected a positive integer tag");
  }
  return static_cast<uint32_t>(tag.get<int64_t>());
}

Status CheckKeys(const json& def, const std::string& ptr, Keys allowed) {
  if (!def.is_object()) return ErrorAt(ptr, "expected an object");
  for (const auto& [key, value] : def.items()) {
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (!known) return ErrorAt(JsonPointerAppend(ptr, key), "unknown field");
  }
  return Status::Ok();
}

Schema MakeBuiltIn() {
  Schema schema;
  json section = json::parse(kBuiltInSchema);
  Status status = schema.Extend(section, "/builtin", /*accept_tags=*/true);
  if (!status.ok()) std::abort();  // a bug in kBuiltInSchema, caught by every test
  return schema;
}

}  // namespace

const Schema& Schema::BuiltIn() {
  static const Schema* schema = [] {
    auto* s = new Schema(MakeBuiltIn());
    for (const KindDef* k : s->kinds()) {
      auto& def = s->kinds_.find(k->name)->second;
      def.builtin = true;
      for (const auto& [attr, type] : def.attributes) def.builtin_attributes.insert(attr);
    }
    for (const RelationTypeDef* r : s->relations()) {
      auto& def = s->relations_.find(r->name)->second;
      def.builtin = true;
      def.builtin_from = def.from_kinds;
      def.builtin_to = def.to_kinds;
      for (const auto& [prop, type] : def.properties) def.builtin_properties.insert(prop);
    }
    return s;
  }();
  return *schema;
}

Status Schema::Extend(const json& section, const std::string& pointer, bool accept_tags) {
  // All or nothing: the section is merged into a copy, which replaces this schema only when
  // every part of it was accepted.
  Schema next = *this;
  next.accept_tags_ = accept_tags;
  if (next.tiers_.empty()) next.tiers_ = {"filing", "official", "reported", "analysis", "rumor"};
  LANDSCAPE_RETURN_IF_ERROR(CheckKeys(section, pointer, {"kinds", "relations"}));
  if (section.contains("kinds")) {
    std::string p = JsonPointerAppend(pointer, "kinds");
    if (!section["kinds"].is_object()) return ErrorAt(p, "expected an object of kinds");
    for (const auto& [name, def] : section["kinds"].items()) {
      LANDSCAPE_RETURN_IF_ERROR(next.ExtendKind(name, def, JsonPointerAppend(p, name)));
    }
  }
  if (section.contains("relations")) {
    std::string p = JsonPointerAppend(pointer, "relations");
    if (!section["relations"].is_object()) return ErrorAt(p, "expected an object of relations");
    for (const auto& [name, def] : section["relations"].items()) {
      LANDSCAPE_RETURN_IF_ERROR(next.ExtendRelation(name, def, JsonPointerAppend(p, name)));
    }
  }
  *this = std::move(next);
  return Status::Ok();
}

Status Schema::ExtendKind(const std::string& name, const json& def, const std::string& ptr) {
  LANDSCAPE_RETURN_IF_ERROR(
      CheckKeys(def, ptr, accept_tags_ ? Keys{"tag", "attributes"} : Keys{"attributes"}));
  if (name.empty()) return ErrorAt(ptr, "a kind needs a name");
  KindTag tag = next_kind_tag_;
  if (def.contains("tag") && !FindKind(name)) {
    LANDSCAPE_ASSIGN_OR_RETURN(tag, ReadTag(def, ptr));
    if (const KindDef* holder = FindKindByTag(tag)) {
      return ErrorAt(JsonPointerAppend(ptr, "tag"),
                     fmt::format("tag {} is already kind '{}'", tag, holder->name));
    }
  }
  auto [it, inserted] = kinds_.try_emplace(name);
  KindDef& kind = it->second;
  if (inserted) {
    kind.name = name;
    kind.tag = tag;
    next_kind_tag_ = std::max(next_kind_tag_, kind.tag + 1);
    for (const auto& [attr, type] : kCommonAttributes) {
      kind.attributes.emplace(attr, *ValueType::Parse(type));
    }
  }
  if (def.contains("attributes")) {
    LANDSCAPE_RETURN_IF_ERROR(MergeTypes(def["attributes"], JsonPointerAppend(ptr, "attributes"),
                                         "attribute", &kind.attributes));
  }
  return Status::Ok();
}

Status Schema::ExtendRelation(const std::string& name, const json& def, const std::string& ptr) {
  LANDSCAPE_RETURN_IF_ERROR(CheckKeys(def, ptr,
                                      accept_tags_
                                          ? Keys{"tag", "symmetric", "from", "to", "properties"}
                                          : Keys{"symmetric", "from", "to", "properties"}));
  if (name.empty()) return ErrorAt(ptr, "a relation type needs a name");
  if (def.contains("symmetric") && !def["symmetric"].is_boolean()) {
    return ErrorAt(JsonPointerAppend(ptr, "symmetric"), "expected true or false");
  }
  RelationTag tag = next_relation_tag_;
  if (def.contains("tag") && !FindRelation(name)) {
    LANDSCAPE_ASSIGN_OR_RETURN(tag, ReadTag(def, ptr));
    if (const RelationTypeDef* holder = FindRelationByTag(tag)) {
      return ErrorAt(JsonPointerAppend(ptr, "tag"),
                     fmt::format("tag {} is already relation type '{}'", tag, holder->name));
    }
  }
  auto [it, inserted] = relations_.try_emplace(name);
  RelationTypeDef& rel = it->second;
  bool symmetric = def.value("symmetric", false);
  if (inserted) {
    rel.name = name;
    rel.symmetric = symmetric;
    rel.tag = tag;
    next_relation_tag_ = std::max(next_relation_tag_, rel.tag + 1);
    if (!def.contains("from") || !def.contains("to")) {
      return ErrorAt(ptr, "a new relation type needs \"from\" and \"to\" kinds");
    }
  } else if (def.contains("symmetric") && symmetric != rel.symmetric) {
    return ErrorAt(JsonPointerAppend(ptr, "symmetric"),
                   fmt::format("relation type '{}' is already {}symmetric", name,
                               rel.symmetric ? "" : "not "));
  }
  for (const char* side : {"from", "to"}) {
    if (!def.contains(side)) continue;
    std::string p = JsonPointerAppend(ptr, side);
    LANDSCAPE_ASSIGN_OR_RETURN(std::set<std::string> names, ReadNameList(def[side], p));
    for (const std::string& kind : names) {
      if (!FindKind(kind)) return ErrorAt(p, UnknownKind(kind));
    }
    (std::string_view(side) == "from" ? rel.from_kinds : rel.to_kinds).merge(names);
  }
  if (def.contains("properties")) {
    LANDSCAPE_RETURN_IF_ERROR(MergeTypes(def["properties"], JsonPointerAppend(ptr, "properties"),
                                         "property", &rel.properties));
  }
  return Status::Ok();
}

const KindDef* Schema::FindKind(std::string_view name) const {
  auto it = kinds_.find(name);
  return it == kinds_.end() ? nullptr : &it->second;
}

const KindDef* Schema::FindKindByTag(KindTag tag) const {
  for (const auto& [name, def] : kinds_) {
    if (def.tag == tag) return &def;
  }
  return nullptr;
}

const RelationTypeDef* Schema::FindRelation(std::string_view name) const {
  auto it = relations_.find(name);
  return it == relations_.end() ? nullptr : &it->second;
}

const RelationTypeDef* Schema::FindRelationByTag(RelationTag tag) const {
  for (const auto& [name, def] : relations_) {
    if (def.tag == tag) return &def;
  }
  return nullptr;
}

const RelationTypeDef* Schema::FindRelation(RelationRole role) const {
  switch (role) {
    case RelationRole::kRaised:
      return FindRelation("raised");
    case RelationRole::kInvestedIn:
      return FindRelation("invested_in");
    case RelationRole::kRivalOf:
      return FindRelation("rival_of");
  }
  return nullptr;
}

std::optional<ValueType> Schema::AttributeType(const KindDef& kind,
                                               std::string_view attribute) const {
  auto it = kind.attributes.find(std::string(attribute));
  if (it == kind.attributes.end()) return std::nullopt;
  return it->second;
}

std::optional<int> Schema::TierRank(std::string_view tier) const {
  for (size_t i = 0; i < tiers_.size(); ++i) {
    if (tiers_[i] == tier) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::vector<const KindDef*> Schema::kinds() const {
  std::vector<const KindDef*> out;
  for (const auto& [name, def] : kinds_) out.push_back(&def);
  return out;
}

std::vector<const RelationTypeDef*> Schema::relations() const {
  std::vector<const RelationTypeDef*> out;
  for (const auto& [name, def] : relations_) out.push_back(&def);
  return out;
}

std::string Schema::UnknownKind(std::string_view name) const {
  std::vector<std::string> names;
  for (const auto& [kind, def] : kinds_) names.push_back(kind);
  return fmt::format("unknown kind '{}'{}", name, UnknownNameHint(name, names, "kinds"));
}

std::string Schema::NotDeclared(std::string_view name,
                                const std::map<std::string, ValueType>& declared,
                                std::string_view owner) {
  std::vector<std::string> names;
  for (const auto& [declared_name, type] : declared) names.push_back(declared_name);
  return fmt::format("'{}' is not declared for {}{}; declare it in the schema", name, owner,
                     UnknownNameHint(name, names, "declared ones"));
}

std::string Schema::UnknownRelationType(std::string_view name) const {
  std::vector<std::string> names;
  for (const auto& [type, def] : relations_) names.push_back(type);
  return fmt::format("unknown relation type '{}'{}", name,
                     UnknownNameHint(name, names, "relation types"));
}

json Schema::ExtensionsToJson(bool with_tags) const {
  json kinds = json::object();
  for (const auto& [name, kind] : kinds_) {
    json attrs = json::object();
    for (const auto& [attr, type] : kind.attributes) {
      bool common = false;
      for (const auto& [c, t] : kCommonAttributes) common = common || attr == c;
      if (!common && !kind.builtin_attributes.count(attr)) attrs[attr] = type.ToString();
    }
    if (kind.builtin && attrs.empty()) continue;
    json def = {{"attributes", attrs}};
    if (with_tags && !kind.builtin) def["tag"] = kind.tag;
    kinds[name] = def;
  }
  json relations = json::object();
  for (const auto& [name, rel] : relations_) {
    json def = json::object();
    json props = json::object();
    for (const auto& [p, type] : rel.properties) {
      if (!rel.builtin_properties.count(p)) props[p] = type.ToString();
    }
    if (!props.empty() || !rel.builtin) def["properties"] = props;
    for (auto [side, kinds_of_side, builtin_side] :
         {std::tuple{"from", &rel.from_kinds, &rel.builtin_from},
          std::tuple{"to", &rel.to_kinds, &rel.builtin_to}}) {
      json list = json::array();
      for (const auto& k : *kinds_of_side) {
        if (!builtin_side->count(k)) list.push_back(k);
      }
      if (!list.empty()) def[side] = list;
    }
    if (rel.builtin && def.empty()) continue;
    if (!rel.builtin) def["symmetric"] = rel.symmetric;
    if (with_tags && !rel.builtin) def["tag"] = rel.tag;
    relations[name] = def;
  }
  json out = json::object();
  if (!kinds.empty()) out["kinds"] = kinds;
  if (!relations.empty()) out["relations"] = relations;
  return out;
}

}  // namespace landscape
