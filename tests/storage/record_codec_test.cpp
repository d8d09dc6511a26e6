// Tests of the stored record format (storage/record_codec.hpp) beyond the round trips that the
// store tests make: reading only an entity's readable id.

#include "storage/record_codec.hpp"

#include <doctest/doctest.h>

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
  Claim founded{Value{std::string("2023")}, Provenance{{"id", "pandaily"}, "reported"}, {}};
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

}  // namespace
}  // namespace landscape
