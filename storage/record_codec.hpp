#pragma once
// Values stored under entity, edge and FX keys: MessagePack of the canonical JSON form, so that
// what is stored is exactly what export writes. The edge value leaves out the endpoints and the
// type, which the key holds.

#include <string>
#include <string_view>

#include "core/entity.hpp"
#include "core/schema.hpp"
#include "landscape/status.hpp"

namespace landscape {

std::string EncodeEntity(const Entity& entity);
Result<Entity> DecodeEntity(std::string_view bytes, const Schema& schema);
// Only the readable id of an entity record, without decoding the rest.
Result<std::string> DecodeEntityId(std::string_view bytes);

std::string EncodeRelationValue(const Relation& relation);
// Rebuilds a relation from its stored value and the readable ids and type from its key.
Result<Relation> DecodeRelationValue(std::string_view bytes, std::string type, std::string from,
                                     std::string to, const Schema& schema);

std::string EncodeFxRate(const FxRate& rate);
Result<FxRate> DecodeFxRate(std::string_view bytes, const Schema& schema);

}  // namespace landscape
