#include "storage/record_codec.hpp"

#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"

namespace landscape {
namespace {

using nlohmann::json;

std::string ToMsgpack(const json& j) {
  std::string out;
  json::to_msgpack(j, out);
  return out;
}

Result<json> FromMsgpack(std::string_view bytes, std::string_view what) {
  json j = json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true,
                              /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Status::Corruption(std::string(what) + " record is not valid MessagePack");
  }
  return j;
}

}  // namespace

std::string EncodeEntity(const Entity& entity) { return ToMsgpack(EntityToJson(entity)); }

Result<Entity> DecodeEntity(std::string_view bytes, const Schema& schema) {
  LANDSCAPE_ASSIGN_OR_RETURN(json j, FromMsgpack(bytes, "entity"));
  auto entity = EntityFromJson(j, schema, "");
  if (!entity.ok()) return Status::Corruption("stored entity: " + entity.status().message());
  return entity;
}

std::string EncodeRelationValue(const Relation& relation) {
  json j = RelationToJson(relation);
  j.erase("relation");
  j.erase("from");
  j.erase("to");
  return ToMsgpack(j);
}

Result<Relation> DecodeRelationValue(std::string_view bytes, std::string type, std::string from,
                                     std::string to, const Schema& schema) {
  LANDSCAPE_ASSIGN_OR_RETURN(json j, FromMsgpack(bytes, "relation"));
  if (!j.is_object()) return Status::Corruption("stored relation is not an object");
  j["relation"] = std::move(type);
  j["from"] = std::move(from);
  j["to"] = std::move(to);
  auto relation = RelationFromJson(j, schema, "");
  if (!relation.ok()) return Status::Corruption("stored relation: " + relation.status().message());
  return relation;
}

std::string EncodeFxRate(const FxRate& rate) { return ToMsgpack(FxRateToJson(rate)); }

Result<FxRate> DecodeFxRate(std::string_view bytes, const Schema& schema) {
  LANDSCAPE_ASSIGN_OR_RETURN(json j, FromMsgpack(bytes, "FX rate"));
  auto rate = FxRateFromJson(j, schema, "");
  if (!rate.ok()) return Status::Corruption("stored FX rate: " + rate.status().message());
  return rate;
}

}  // namespace landscape
