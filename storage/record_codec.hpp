#pragma once
// Values stored under entity, edge and FX keys (docs/storage.md, "Records"). Entities and
// relations are written as binary records that decode straight into the domain objects; the
// MessagePack-of-JSON records of stores written before them are read as they are. FX rates,
// a few hundred per store, stay MessagePack. The edge value leaves out the endpoints and the
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

// Whether `bytes` is in the form this build writes: a stored value in an older form differs
// in bytes from the same fact written now, so a comparison of bytes must re-encode it first.
bool IsCurrentRecordForm(std::string_view bytes);

std::string EncodeFxRate(const FxRate& rate);
Result<FxRate> DecodeFxRate(std::string_view bytes, const Schema& schema);

}  // namespace landscape
