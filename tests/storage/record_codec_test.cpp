// Tests of the stored record format (storage/record_codec.hpp) beyond the round trips that the
// store tests make: every value type through the binary record, the older MessagePack records
// still read, damage refused without a crash, and reading only an entity's readable id.

#include "storage/record_codec.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"
#include "tests/test_support.hpp"

namespace landscape {
namespace {

Entity Sample(std::string id) {
  Entity e;
  e.id = std::move(id);
  e.kind = "company";
  e.name = "DeepSeek";
  // Aliases and attributes sort before "id" in the record, and a claim holds strings at deeper
  // levels: none of them may be taken for the id.
  e.aliases = {"深度求索", "id"};
  Claim founded{Value{*Date::Parse("2023-07")}, Provenance{{"id", "pandaily"}, "reported"}, {}};
  e.attributes["founded"] = {founded};
  e.provenance.sources = {"pandaily"};
  return e;
}

TEST_CASE("DecodeEntityId reads the top-level id without decoding the entity") {
  for (const char* id : {"deepseek", "id", "深度求索-ai", ""}) {
    CAPTURE(id);
    auto decoded = DecodeEntityId(EncodeEntity(Sample(id)));
    REQUIRE_OK(decoded);
    CHECK(*decoded == id);
  }
}

TEST_CASE("DecodeEntityId refuses bytes that are not an entity record") {
  for (std::string bytes : {std::string(), std::string("\xc1", 1), std::string("\x81\xa2id", 4),
                            EncodeRelationValue(Relation{})}) {
    auto decoded = DecodeEntityId(bytes);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.status().code() == StatusCode::kCorruption);
    CHECK(decoded.status().message() == "stored entity record has no readable id");
  }
}

Entity EveryValueType() {
  Entity e = Sample("deepseek");
  Money valuation = *Money::Parse("~51.5B CNY");
  e.attributes["valuation"] = {
      Claim{Value{valuation}, Provenance{{"pandaily"}, "rumor"}, *Date::Parse("2025-01-31")},
      Claim{Value{*Money::Parse("$7.4B")}, Provenance{}, std::nullopt}};
  e.attributes["techniques"] = {Claim{
      Value{Value::List{Value{std::string("MoE")}, Value{std::string("")}}}, Provenance{}, {}}};
  e.attributes["country"] = {Claim{Value{std::string("CN\nzero\0byte")}, Provenance{}, {}}};
  e.provenance.confidence = "official";
  return e;
}

Relation SampleRelation() {
  Relation r;
  r.type = "invested_in";
  r.from = "fund";
  r.to = "deepseek-series-a";
  r.properties["lead"] = {Claim{Value{true}, Provenance{{"pandaily"}, ""}, {}}};
  r.properties["amount"] = {Claim{Value{*Money::Parse("-12.345 USD")}, Provenance{}, {}}};
  r.provenance.sources = {"pandaily", "36kr"};
  return r;
}

std::string Msgpack(const nlohmann::json& j) {
  std::string out;
  nlohmann::json::to_msgpack(j, out);
  return out;
}

TEST_CASE("an entity of every value type reads back equal from its binary record") {
  Entity e = EveryValueType();
  std::string bytes = EncodeEntity(e);
  CHECK(IsCurrentRecordForm(bytes));
  auto decoded = DecodeEntity(bytes, Schema::BuiltIn());
  REQUIRE_OK(decoded);
  CHECK(*decoded == e);
  // Smaller than the MessagePack of the same facts, which spells every field name.
  CHECK(bytes.size() < Msgpack(EntityToJson(e)).size());
}

TEST_CASE("relation values and integer and decimal values read back equal") {
  Relation r = SampleRelation();
  auto decoded =
      DecodeRelationValue(EncodeRelationValue(r), r.type, r.from, r.to, Schema::BuiltIn());
  REQUIRE_OK(decoded);
  CHECK(*decoded == r);

  Relation stake;
  stake.type = "subsidiary_of";
  stake.properties["stake"] = {Claim{Value{*Decimal::Parse("-0.000000000000000001")}, {}, {}}};
  auto back =
      DecodeRelationValue(EncodeRelationValue(stake), stake.type, "", "", Schema::BuiltIn());
  REQUIRE_OK(back);
  CHECK(*back == stake);

  Entity model;
  model.id = "r1";
  model.kind = "model";
  model.name = "R1";
  model.attributes["parameters"] = {Claim{Value{int64_t{-9223372036854775807 - 1}}, {}, {}},
                                    Claim{Value{int64_t{671000000000}}, {}, {}}};
  auto m = DecodeEntity(EncodeEntity(model), Schema::BuiltIn());
  REQUIRE_OK(m);
  CHECK(*m == model);
}

TEST_CASE("records of stores written before the binary form still read") {
  Entity e = EveryValueType();
  std::string old_entity = Msgpack(EntityToJson(e));
  CHECK_FALSE(IsCurrentRecordForm(old_entity));
  auto decoded = DecodeEntity(old_entity, Schema::BuiltIn());
  REQUIRE_OK(decoded);
  CHECK(*decoded == e);
  auto id = DecodeEntityId(old_entity);
  REQUIRE_OK(id);
  CHECK(*id == "deepseek");

  Relation r = SampleRelation();
  nlohmann::json j = RelationToJson(r);
  j.erase("relation");
  j.erase("from");
  j.erase("to");
  auto relation = DecodeRelationValue(Msgpack(j), r.type, r.from, r.to, Schema::BuiltIn());
  REQUIRE_OK(relation);
  CHECK(*relation == r);
}

TEST_CASE(
    "every truncation and every flipped byte of a record is an error or a value, never a crash") {
  std::string bytes = EncodeEntity(EveryValueType());
  for (size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    auto decoded = DecodeEntity(bytes.substr(0, n), Schema::BuiltIn());
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.status().code() == StatusCode::kCorruption);
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      auto decoded = DecodeEntity(damaged, Schema::BuiltIn());
      if (!decoded.ok()) CHECK(decoded.status().code() == StatusCode::kCorruption);
    }
  }
  auto longer = DecodeEntity(bytes + "x", Schema::BuiltIn());
  REQUIRE_FALSE(longer.ok());
  CHECK(longer.status().message().find("bytes after its last field") != std::string::npos);
}

TEST_CASE("a binary record is read against the schema") {
  Entity e = Sample("deepseek");
  e.attributes["parameters"] = {Claim{Value{int64_t{7}}, {}, {}}};  // a model's, not a company's
  auto undeclared = DecodeEntity(EncodeEntity(e), Schema::BuiltIn());
  REQUIRE_FALSE(undeclared.ok());
  CHECK(undeclared.status().message().find("undeclared 'parameters'") != std::string::npos);

  Entity wrong = Sample("deepseek");
  wrong.attributes["valuation"] = {Claim{Value{std::string("a lot")}, {}, {}}};
  auto mistyped = DecodeEntity(EncodeEntity(wrong), Schema::BuiltIn());
  REQUIRE_FALSE(mistyped.ok());
  CHECK(mistyped.status().message().find("declared money") != std::string::npos);

  Entity tier = Sample("deepseek");
  tier.provenance.confidence = "gossip";
  auto unknown = DecodeEntity(EncodeEntity(tier), Schema::BuiltIn());
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message().find("unknown confidence tier 'gossip'") != std::string::npos);

  Relation r = SampleRelation();
  auto as_entity = DecodeEntity(EncodeRelationValue(r), Schema::BuiltIn());
  REQUIRE_FALSE(as_entity.ok());
  CHECK(as_entity.status().message().find("is not an entity record") != std::string::npos);
}

}  // namespace
}  // namespace landscape
