#pragma once
// The landscape/1 document codec: JSON ↔ domain objects, validated against a schema. Errors
// are ErrorAt statuses naming the JSON pointer of the offending value. What needs the rest of
// the store (does a referenced entity exist, do the endpoint kinds fit) is the importer's job.
// docs/data-format.md is the reference for every field.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/entity.hpp"
#include "core/schema.hpp"
#include "landscape/status.hpp"

namespace landscape {

inline constexpr std::string_view kDocumentFormat = "landscape/1";

// True when `id` is a valid readable id: 1-128 characters of a-z 0-9 - _ . : starting with a
// letter or digit.
bool IsValidEntityId(std::string_view id);

// Reads an entity. `implied_kind` is the kind a section implies ("source" in "sources"):
// then "kind" may be omitted, and must match if present.
Result<Entity> EntityFromJson(const nlohmann::json& j, const Schema& schema,
                              const std::string& pointer, std::string_view implied_kind = "");
// Reads a relation; a symmetric type comes back with from < to.
Result<Relation> RelationFromJson(const nlohmann::json& j, const Schema& schema,
                                  const std::string& pointer);
Result<FxRate> FxRateFromJson(const nlohmann::json& j, const Schema& schema,
                              const std::string& pointer);

// Canonical forms, as export writes them. `with_kind` false omits "kind" (the sources section).
nlohmann::json EntityToJson(const Entity& entity, bool with_kind = true);
nlohmann::json RelationToJson(const Relation& relation);
nlohmann::json FxRateToJson(const FxRate& rate);

// Every source id the facts cite, for reference checks.
std::vector<std::string> CitedSources(const Entity& entity);
std::vector<std::string> CitedSources(const Relation& relation);

}  // namespace landscape
