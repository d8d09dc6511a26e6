#include "storage/record_codec.hpp"

#include <optional>

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

// Reads the top-level "id" of an entity record and stops there: ReadableId needs only the id,
// and a full decode builds every claim.
class EntityIdReader : public nlohmann::json_sax<json> {
 public:
  std::optional<std::string> id;

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool string(string_t& s) override {
    if (depth_ == 1 && id_next_) {
      id = std::move(s);
      return false;  // found: stop reading
    }
    return Value();
  }
  bool start_object(std::size_t) override { return Open(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }
  bool key(string_t& k) override {
    id_next_ = depth_ == 1 && k == "id";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool Value() {
    id_next_ = false;
    return true;
  }
  bool Open() {
    id_next_ = false;
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  int depth_ = 0;
  bool id_next_ = false;
};

}  // namespace

Result<std::string> DecodeEntityId(std::string_view bytes) {
  EntityIdReader reader;
  json::sax_parse(bytes.begin(), bytes.end(), &reader, nlohmann::detail::input_format_t::msgpack,
                  /*strict=*/false);
  if (!reader.id) return Status::Corruption("stored entity record has no readable id");
  return std::move(*reader.id);
}

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
