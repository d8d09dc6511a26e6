#include "core/document_codec.hpp"

#include <fmt/format.h>

#include "core/json_reader.hpp"
#include "core/limits.hpp"
#include "core/text.hpp"

namespace landscape {
namespace {

using nlohmann::json;
using Keys = std::initializer_list<std::string_view>;

// The key a field of another format means here: a relation's "type" is its "relation", an
// entity's "type" its "kind".
std::optional<std::string_view> MeantKey(std::string_view key, Keys allowed) {
  auto has = [&](std::string_view k) {
    return std::find(allowed.begin(), allowed.end(), k) != allowed.end();
  };
  if (key == "type" && has("relation")) return "relation";
  if (key == "type" && has("kind")) return "kind";
  return std::nullopt;
}

Status CheckFields(const json& j, const std::string& ptr, Keys allowed, std::string_view what) {
  if (!j.is_object()) return ErrorAt(ptr, fmt::format("expected {} as an object", what));
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string at = JsonPointerAppend(ptr, key);
    if (auto meant = MeantKey(key, allowed)) {
      return ErrorAt(at, fmt::format("unknown field in {}: the {} of {} is the key '{}'", what, key,
                                     what, *meant));
    }
    std::vector<std::string> fields(allowed.begin(), allowed.end());
    return ErrorAt(at, fmt::format("unknown field '{}' in {}{}", key, what,
                                   UnknownNameHint(key, fields, "fields")));
  }
  return Status::Ok();
}

Status TooLongName(const std::string& ptr, const std::string& name) {
  return ErrorAt(ptr, fmt::format("a name of {} bytes; names and aliases hold at most {}",
                                  name.size(), kMaxNameBytes));
}

// `is_name`: a display name, which must hold something visible after normalisation; other
// fields need only be non-blank (ids are checked by IsValidEntityId).
Result<std::string> RequiredText(const json& j, const std::string& ptr, const char* field,
                                 bool is_name = false) {
  auto it = j.find(field);
  if (it == j.end()) return ErrorAt(ptr, fmt::format("missing \"{}\"", field));
  if (!it->is_string()) return ErrorAt(JsonPointerAppend(ptr, field), "expected a string");
  const std::string& s = it->get_ref<const std::string&>();
  bool blank = is_name ? IsBlankName(s) : s.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) return ErrorAt(JsonPointerAppend(ptr, field), "must not be empty");
  if (is_name && s.size() > kMaxNameBytes) return TooLongName(JsonPointerAppend(ptr, field), s);
  return s;
}

Result<std::string> RequiredId(const json& j, const std::string& ptr, const char* field) {
  LANDSCAPE_ASSIGN_OR_RETURN(std::string id, RequiredText(j, ptr, field));
  if (!IsValidEntityId(id)) {
    return ErrorAt(JsonPointerAppend(ptr, field),
                   fmt::format("'{}' is not a valid id (1-128 characters of a-z 0-9 - _ . : "
                               "starting with a letter or digit)",
                               id));
  }
  return id;
}

Status ReadProvenance(const json& j, const std::string& ptr, const Schema& schema,
                      Provenance* out) {
  if (j.contains("sources")) {
    std::string p = JsonPointerAppend(ptr, "sources");
    const json& list = j["sources"];
    if (!list.is_array()) return ErrorAt(p, "expected an array of source ids");
    for (size_t i = 0; i < list.size(); ++i) {
      std::string item = JsonPointerAppend(p, i);
      if (!list[i].is_string() || !IsValidEntityId(list[i].get<std::string>())) {
        return ErrorAt(item, "expected a source id");
      }
      std::string id = list[i].get<std::string>();
      if (std::find(out->sources.begin(), out->sources.end(), id) == out->sources.end()) {
        out->sources.push_back(std::move(id));
      }
    }
  }
  if (j.contains("confidence")) {
    std::string p = JsonPointerAppend(ptr, "confidence");
    if (!j["confidence"].is_string()) return ErrorAt(p, "expected a confidence tier");
    out->confidence = j["confidence"].get<std::string>();
    if (!schema.TierRank(out->confidence)) {
      return ErrorAt(p, fmt::format("unknown confidence tier '{}' (tiers: {})", out->confidence,
                                    fmt::join(schema.confidence_tiers(), ", ")));
    }
  }
  return Status::Ok();
}

bool IsClaimObject(const json& j) { return j.is_object() && j.contains("value"); }

Result<Claim> ReadClaim(const json& j, const std::string& ptr, const ValueType& type,
                        const Schema& schema) {
  Claim claim;
  const json* value_json = &j;
  std::string value_ptr = ptr;
  if (IsClaimObject(j)) {
    LANDSCAPE_RETURN_IF_ERROR(
        CheckFields(j, ptr, {"value", "sources", "confidence", "as_of"}, "a claim"));
    LANDSCAPE_RETURN_IF_ERROR(ReadProvenance(j, ptr, schema, &claim.provenance));
    if (j.contains("as_of")) {
      std::string p = JsonPointerAppend(ptr, "as_of");
      if (!j["as_of"].is_string()) return ErrorAt(p, "expected a date string");
      auto date = Date::Parse(j["as_of"].get<std::string>());
      if (!date.ok()) return ErrorAt(p, date.status().message());
      claim.as_of = *date;
    }
    value_json = &j["value"];
    value_ptr = JsonPointerAppend(ptr, "value");
  }
  auto value = ValueFromJson(*value_json, type);
  if (!value.ok()) return ErrorAt(value_ptr, value.status().message());
  claim.value = std::move(*value);
  return claim;
}

// An attribute is a bare value, one claim object, or an array of claim objects.
Status ReadAttributes(const json& j, const std::string& ptr, const Schema& schema,
                      const std::map<std::string, ValueType>& declared, std::string_view owner,
                      Attributes* out) {
  if (!j.is_object()) return ErrorAt(ptr, "expected an object");
  for (const auto& [name, raw] : j.items()) {
    std::string p = JsonPointerAppend(ptr, name);
    auto type = declared.find(name);
    if (type == declared.end()) return ErrorAt(p, Schema::NotDeclared(name, declared, owner));
    std::vector<Claim>& claims = (*out)[name];
    bool many =
        raw.is_array() && !raw.empty() && std::all_of(raw.begin(), raw.end(), IsClaimObject);
    if (many) {
      for (size_t i = 0; i < raw.size(); ++i) {
        LANDSCAPE_ASSIGN_OR_RETURN(
            Claim c, ReadClaim(raw[i], JsonPointerAppend(p, i), type->second, schema));
        if (std::find(claims.begin(), claims.end(), c) == claims.end()) claims.push_back(c);
      }
    } else {
      LANDSCAPE_ASSIGN_OR_RETURN(Claim c, ReadClaim(raw, p, type->second, schema));
      claims.push_back(std::move(c));
    }
  }
  return Status::Ok();
}

json ClaimsToJson(const std::vector<Claim>& claims) {
  auto one = [](const Claim& c) -> json {
    json value = ValueToJson(c.value);
    if (c.provenance.empty() && !c.as_of) return value;
    json o = {{"value", value}};
    if (!c.provenance.sources.empty()) o["sources"] = c.provenance.sources;
    if (!c.provenance.confidence.empty()) o["confidence"] = c.provenance.confidence;
    if (c.as_of) o["as_of"] = c.as_of->ToString();
    return o;
  };
  bool bare = claims.size() == 1 && claims[0].provenance.empty() && !claims[0].as_of &&
              claims[0].value.kind() != ValueKind::kList;
  if (claims.size() == 1 && (bare || !claims[0].provenance.empty() || claims[0].as_of)) {
    return one(claims[0]);
  }
  json array = json::array();
  for (const Claim& c : claims) {
    json o = one(c);
    if (!o.is_object() || !o.contains("value")) o = json{{"value", o}};
    array.push_back(o);
  }
  return array;
}

void WriteProvenance(const Provenance& p, json* j) {
  if (!p.sources.empty()) (*j)["sources"] = p.sources;
  if (!p.confidence.empty()) (*j)["confidence"] = p.confidence;
}

json AttributesToJson(const Attributes& attributes) {
  json j = json::object();
  for (const auto& [name, claims] : attributes) {
    if (!claims.empty()) j[name] = ClaimsToJson(claims);
  }
  return j;
}

void CollectSources(const Provenance& p, std::vector<std::string>* out) {
  out->insert(out->end(), p.sources.begin(), p.sources.end());
}

void CollectSources(const Attributes& attributes, std::vector<std::string>* out) {
  for (const auto& [name, claims] : attributes) {
    for (const Claim& c : claims) CollectSources(c.provenance, out);
  }
}

}  // namespace

bool IsValidEntityId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  auto ok = [](char c, bool first) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
    return !first && (c == '-' || c == '_' || c == '.' || c == ':');
  };
  for (size_t i = 0; i < id.size(); ++i) {
    if (!ok(id[i], i == 0)) return false;
  }
  return true;
}

Result<Entity> EntityFromJson(const json& j, const Schema& schema, const std::string& ptr,
                              std::string_view implied_kind) {
  LANDSCAPE_RETURN_IF_ERROR(
      CheckFields(j, ptr, {"id", "kind", "name", "aliases", "attributes", "sources", "confidence"},
                  "an entity"));
  Entity e;
  LANDSCAPE_ASSIGN_OR_RETURN(e.id, RequiredId(j, ptr, "id"));
  if (j.contains("kind") || implied_kind.empty()) {
    LANDSCAPE_ASSIGN_OR_RETURN(e.kind, RequiredText(j, ptr, "kind"));
  } else {
    e.kind = implied_kind;
  }
  std::string kind_ptr = JsonPointerAppend(ptr, "kind");
  if (!implied_kind.empty() && e.kind != implied_kind) {
    return ErrorAt(kind_ptr, fmt::format("an entry here must be of kind '{}'", implied_kind));
  }
  const KindDef* kind = schema.FindKind(e.kind);
  if (!kind) return ErrorAt(kind_ptr, schema.UnknownKind(e.kind));
  LANDSCAPE_ASSIGN_OR_RETURN(e.name, RequiredText(j, ptr, "name", /*is_name=*/true));
  if (j.contains("aliases")) {
    std::string p = JsonPointerAppend(ptr, "aliases");
    if (!j["aliases"].is_array()) return ErrorAt(p, "expected an array of names");
    for (size_t i = 0; i < j["aliases"].size(); ++i) {
      const json& a = j["aliases"][i];
      if (!a.is_string() || IsBlankName(a.get<std::string>())) {
        return ErrorAt(JsonPointerAppend(p, i), "expected a non-empty name");
      }
      std::string alias = a.get<std::string>();
      if (alias.size() > kMaxNameBytes) return TooLongName(JsonPointerAppend(p, i), alias);
      if (std::find(e.aliases.begin(), e.aliases.end(), alias) == e.aliases.end()) {
        e.aliases.push_back(std::move(alias));
      }
    }
  }
  if (j.contains("attributes")) {
    LANDSCAPE_RETURN_IF_ERROR(ReadAttributes(j["attributes"], JsonPointerAppend(ptr, "attributes"),
                                             schema, kind->attributes,
                                             fmt::format("kind '{}'", e.kind), &e.attributes));
  }
  LANDSCAPE_RETURN_IF_ERROR(ReadProvenance(j, ptr, schema, &e.provenance));
  return e;
}

Result<Relation> RelationFromJson(const json& j, const Schema& schema, const std::string& ptr) {
  LANDSCAPE_RETURN_IF_ERROR(CheckFields(
      j, ptr, {"relation", "from", "to", "properties", "sources", "confidence"}, "a relation"));
  Relation r;
  const char* type_field = "relation";
  LANDSCAPE_ASSIGN_OR_RETURN(r.type, RequiredText(j, ptr, type_field));
  const RelationTypeDef* def = schema.FindRelation(r.type);
  if (!def) {
    return ErrorAt(JsonPointerAppend(ptr, type_field), schema.UnknownRelationType(r.type));
  }
  LANDSCAPE_ASSIGN_OR_RETURN(r.from, RequiredId(j, ptr, "from"));
  LANDSCAPE_ASSIGN_OR_RETURN(r.to, RequiredId(j, ptr, "to"));
  if (r.from == r.to) return ErrorAt(JsonPointerAppend(ptr, "to"), "a relation needs two entities");
  if (def->symmetric && r.to < r.from) std::swap(r.from, r.to);
  if (j.contains("properties")) {
    LANDSCAPE_RETURN_IF_ERROR(
        ReadAttributes(j["properties"], JsonPointerAppend(ptr, "properties"), schema,
                       def->properties, fmt::format("relation type '{}'", r.type), &r.properties));
  }
  LANDSCAPE_RETURN_IF_ERROR(ReadProvenance(j, ptr, schema, &r.provenance));
  return r;
}

Result<FxRate> FxRateFromJson(const json& j, const Schema& schema, const std::string& ptr) {
  LANDSCAPE_RETURN_IF_ERROR(CheckFields(
      j, ptr, {"date", "base", "quote", "rate", "sources", "confidence"}, "an FX rate"));
  FxRate fx;
  LANDSCAPE_ASSIGN_OR_RETURN(std::string date, RequiredText(j, ptr, "date"));
  auto parsed = Date::Parse(date);
  if (!parsed.ok()) return ErrorAt(JsonPointerAppend(ptr, "date"), parsed.status().message());
  fx.date = *parsed;
  for (auto [field, out] : {std::pair{"base", &fx.base}, std::pair{"quote", &fx.quote}}) {
    LANDSCAPE_ASSIGN_OR_RETURN(*out, RequiredText(j, ptr, field));
    if (!IsCurrencyCode(*out)) {
      return ErrorAt(JsonPointerAppend(ptr, field),
                     fmt::format("'{}' is not an ISO 4217 currency code", *out));
    }
  }
  if (!j.contains("rate")) return ErrorAt(ptr, "missing \"rate\"");
  auto rate = ValueFromJson(j["rate"], ValueType{ValueKind::kDecimal});
  std::string rate_ptr = JsonPointerAppend(ptr, "rate");
  if (!rate.ok()) return ErrorAt(rate_ptr, rate.status().message());
  fx.rate = std::get<Decimal>(rate->data);
  if (fx.rate.is_zero() || fx.rate.is_negative()) return ErrorAt(rate_ptr, "must be positive");
  LANDSCAPE_RETURN_IF_ERROR(ReadProvenance(j, ptr, schema, &fx.provenance));
  return fx;
}

json EntityToJson(const Entity& e, bool with_kind) {
  json j = {{"id", e.id}, {"name", e.name}};
  if (with_kind) j["kind"] = e.kind;
  if (!e.aliases.empty()) j["aliases"] = e.aliases;
  if (!e.attributes.empty()) j["attributes"] = AttributesToJson(e.attributes);
  WriteProvenance(e.provenance, &j);
  return j;
}

json RelationToJson(const Relation& r) {
  json j = {{"relation", r.type}, {"from", r.from}, {"to", r.to}};
  if (!r.properties.empty()) j["properties"] = AttributesToJson(r.properties);
  WriteProvenance(r.provenance, &j);
  return j;
}

json FxRateToJson(const FxRate& fx) {
  json j = {{"date", fx.date.ToString()},
            {"base", fx.base},
            {"quote", fx.quote},
            {"rate", fx.rate.ToString()}};
  WriteProvenance(fx.provenance, &j);
  return j;
}

std::vector<std::string> CitedSources(const Entity& e) {
  std::vector<std::string> out;
  CollectSources(e.provenance, &out);
  CollectSources(e.attributes, &out);
  return out;
}

std::vector<std::string> CitedSources(const Relation& r) {
  std::vector<std::string> out;
  CollectSources(r.provenance, &out);
  CollectSources(r.properties, &out);
  return out;
}

}  // namespace landscape
