#include "core/schema.hpp"
#include "tests/core/core_test_util.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/json_reader.hpp"

namespace landscape {
namespace {

using testing::core::Contains;
using testing::core::J;

using nlohmann::json;

// Extends `schema` with `text`, which must be accepted.
void Extend(Schema* schema, const std::string& text, bool accept_tags = false) {
  Status s = schema->Extend(J(text), "/schema", accept_tags);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
}

// Extends a copy of the built-in schema with `text`, which must be refused; returns the status.
Status Refusal(const std::string& text, bool accept_tags = false) {
  Schema schema = Schema::BuiltIn();
  Status s = schema.Extend(J(text), "/schema", accept_tags);
  REQUIRE_MESSAGE(!s.ok(), "accepted: " << text);
  CHECK(s.code() == StatusCode::kInvalidArgument);
  return s;
}

std::string TypeOf(const Schema& schema, const std::string& kind, const std::string& attr) {
  const KindDef* k = schema.FindKind(kind);
  REQUIRE_MESSAGE(k != nullptr, kind);
  auto t = schema.AttributeType(*k, attr);
  return t ? t->ToString() : "(none)";
}

}  // namespace

TEST_CASE("Schema::BuiltIn has the competitive-intelligence kinds") {
  const Schema& schema = Schema::BuiltIn();
  for (const char* kind : {"company", "investor", "person", "model", "funding_round", "source"}) {
    CAPTURE(kind);
    const KindDef* def = schema.FindKind(kind);
    REQUIRE(def != nullptr);
    CHECK(def->name == kind);
    CHECK(def->builtin);
    CHECK(schema.FindKindByTag(def->tag) == def);
    // Every kind takes the common attributes.
    CHECK(TypeOf(schema, kind, "description") == "text");
    CHECK(TypeOf(schema, kind, "notes") == "text");
  }
  CHECK(schema.kinds().size() == 6);
  CHECK(schema.FindKind("product") == nullptr);
  CHECK(schema.FindKind("Company") == nullptr);
  CHECK(schema.FindKindByTag(1)->name == "company");
  CHECK(schema.FindKindByTag(5)->name == "funding_round");
  CHECK(schema.FindKindByTag(0) == nullptr);
  CHECK(schema.FindKindByTag(99) == nullptr);

  CHECK(TypeOf(schema, "company", "valuation") == "money");
  CHECK(TypeOf(schema, "company", "founded") == "date");
  CHECK(TypeOf(schema, "company", "techniques") == "list<text>");
  CHECK(TypeOf(schema, "funding_round", "amount") == "money");
  CHECK(TypeOf(schema, "funding_round", "reported_as") == "money");
  CHECK(TypeOf(schema, "model", "parameters") == "integer");
  CHECK(TypeOf(schema, "company", "employees") == "(none)");
  CHECK(TypeOf(schema, "person", "valuation") == "(none)");
}

TEST_CASE("Schema::BuiltIn has the relation types") {
  const Schema& schema = Schema::BuiltIn();
  for (const char* type :
       {"invested_in", "raised", "rival_of", "subsidiary_of", "develops", "partner_of"}) {
    CAPTURE(type);
    const RelationTypeDef* def = schema.FindRelation(type);
    REQUIRE(def != nullptr);
    CHECK(def->name == type);
    CHECK(def->builtin);
    CHECK(schema.FindRelationByTag(def->tag) == def);
    CHECK_FALSE(def->from_kinds.empty());
    CHECK_FALSE(def->to_kinds.empty());
  }
  CHECK(schema.FindRelation("rival_of")->symmetric);
  CHECK(schema.FindRelation("partner_of")->symmetric);
  CHECK_FALSE(schema.FindRelation("invested_in")->symmetric);
  CHECK_FALSE(schema.FindRelation("raised")->symmetric);
  CHECK_FALSE(schema.FindRelation("subsidiary_of")->symmetric);
  CHECK_FALSE(schema.FindRelation("develops")->symmetric);
  CHECK(schema.FindRelation("valued_at") == nullptr);  // a dated money attribute, not an edge

  const RelationTypeDef* invested = schema.FindRelation("invested_in");
  CHECK(invested->from_kinds == std::set<std::string>{"company", "investor", "person"});
  CHECK(invested->to_kinds == std::set<std::string>{"funding_round"});
  CHECK(invested->properties.at("lead").ToString() == "bool");
  CHECK(invested->properties.at("amount").ToString() == "money");
  CHECK(schema.FindRelation("raised")->from_kinds == std::set<std::string>{"company"});
  CHECK(schema.FindRelation("develops")->to_kinds == std::set<std::string>{"model"});
  CHECK(schema.FindRelation("subsidiary_of")->properties.at("stake").ToString() == "decimal");

  // Tags are unique.
  std::set<RelationTag> tags;
  for (const RelationTypeDef* r : schema.relations()) tags.insert(r->tag);
  CHECK(tags.size() == schema.relations().size());
}

TEST_CASE("Schema::BuiltIn has nothing to export") {
  CHECK(Schema::BuiltIn().ExtensionsToJson(false) == json::object());
  CHECK(Schema::BuiltIn().ExtensionsToJson(true) == json::object());
}

TEST_CASE("Schema::TierRank orders the confidence tiers") {
  const Schema& schema = Schema::BuiltIn();
  CHECK(schema.confidence_tiers() ==
        std::vector<std::string>{"filing", "official", "reported", "analysis", "rumor"});
  CHECK(schema.TierRank("filing") == 0);
  CHECK(schema.TierRank("official") == 1);
  CHECK(schema.TierRank("reported") == 2);
  CHECK(schema.TierRank("analysis") == 3);
  CHECK(schema.TierRank("rumor") == 4);
  CHECK(*schema.TierRank("filing") < *schema.TierRank("official"));
  CHECK(*schema.TierRank("official") < *schema.TierRank("reported"));
  CHECK(*schema.TierRank("reported") < *schema.TierRank("analysis"));
  CHECK(*schema.TierRank("analysis") < *schema.TierRank("rumor"));
  CHECK_FALSE(schema.TierRank("gossip").has_value());
  CHECK_FALSE(schema.TierRank("").has_value());
  CHECK_FALSE(schema.TierRank("Filing").has_value());
}

TEST_CASE("Schema::Extend adds a kind, a relation type and attributes of a built-in kind") {
  Schema schema = Schema::BuiltIn();
  Extend(&schema, R"({
    "kinds": {
      "product": {"attributes": {"launched": "date", "price": "money"}},
      "company": {"attributes": {"employees": "integer"}}
    },
    "relations": {
      "sells": {"from": ["company"], "to": ["product"], "properties": {"since": "date"}},
      "develops": {"to": ["product"], "properties": {"role": "text"}}
    }
  })");

  const KindDef* product = schema.FindKind("product");
  REQUIRE(product != nullptr);
  CHECK_FALSE(product->builtin);
  CHECK(product->tag == 7);  // the next free tag
  CHECK(schema.FindKindByTag(7) == product);
  CHECK(TypeOf(schema, "product", "launched") == "date");
  CHECK(TypeOf(schema, "product", "price") == "money");
  CHECK(TypeOf(schema, "product", "description") == "text");

  // The built-in kind keeps what it had and gains the new attribute.
  CHECK(TypeOf(schema, "company", "employees") == "integer");
  CHECK(TypeOf(schema, "company", "valuation") == "money");
  CHECK(schema.FindKind("company")->tag == 1);
  CHECK(schema.FindKind("company")->builtin);

  const RelationTypeDef* sells = schema.FindRelation("sells");
  REQUIRE(sells != nullptr);
  CHECK_FALSE(sells->builtin);
  CHECK_FALSE(sells->symmetric);
  CHECK(sells->from_kinds == std::set<std::string>{"company"});
  CHECK(sells->to_kinds == std::set<std::string>{"product"});
  CHECK(sells->properties.at("since").ToString() == "date");
  CHECK(schema.FindRelationByTag(sells->tag) == sells);
  CHECK(sells->tag > 9);

  const RelationTypeDef* develops = schema.FindRelation("develops");
  CHECK(develops->to_kinds == std::set<std::string>{"model", "product"});
  CHECK(develops->from_kinds == std::set<std::string>{"company", "person"});
  CHECK(develops->properties.at("role").ToString() == "text");
  CHECK(develops->properties.at("since").ToString() == "date");

  // The built-in schema itself is untouched.
  CHECK(Schema::BuiltIn().FindKind("product") == nullptr);
  CHECK(Schema::BuiltIn().FindRelation("sells") == nullptr);
  CHECK(TypeOf(Schema::BuiltIn(), "company", "employees") == "(none)");
}

TEST_CASE("Schema::Extend accepts a symmetric relation type and repeating a declaration") {
  Schema schema = Schema::BuiltIn();
  const std::string section = R"({
    "kinds": {"product": {"attributes": {"launched": "date"}}},
    "relations": {"competes_with": {"symmetric": true, "from": ["product"], "to": ["product"]}}
  })";
  Extend(&schema, section);
  CHECK(schema.FindRelation("competes_with")->symmetric);
  KindTag tag = schema.FindKind("product")->tag;
  json before = schema.ExtensionsToJson(true);
  // The same section again changes nothing.
  Extend(&schema, section);
  CHECK(schema.FindKind("product")->tag == tag);
  CHECK(schema.ExtensionsToJson(true) == before);
  // Stating a built-in attribute with its own type is fine.
  Extend(&schema, R"({"kinds": {"company": {"attributes": {"valuation": "money"}}}})");
  Extend(&schema, R"({"relations": {"rival_of": {"symmetric": true}}})");
  CHECK(schema.ExtensionsToJson(true) == before);
}

TEST_CASE("Schema::Extend refuses changing the type of an attribute") {
  Status s = Refusal(R"({"kinds": {"company": {"attributes": {"valuation": "text"}}}})");
  CHECK(ErrorPointer(s) ==
        std::optional<std::string>("/schema/kinds/company/attributes/valuation"));
  CHECK(Contains(s.message(), "already declared as money, not text"));

  Status common = Refusal(R"({"kinds": {"person": {"attributes": {"notes": "list<text>"}}}})");
  CHECK(ErrorPointer(common) ==
        std::optional<std::string>("/schema/kinds/person/attributes/notes"));

  Status property = Refusal(R"({"relations": {"invested_in": {"properties": {"lead": "text"}}}})");
  CHECK(ErrorPointer(property) ==
        std::optional<std::string>("/schema/relations/invested_in/properties/lead"));
  CHECK(Contains(property.message(), "already declared as bool"));

  // An extension's own attribute, declared in an earlier call.
  Schema schema = Schema::BuiltIn();
  Extend(&schema, R"({"kinds": {"product": {"attributes": {"launched": "date"}}}})");
  Status again =
      schema.Extend(J(R"({"kinds": {"product": {"attributes": {"launched": "text"}}}})"));
  CHECK_FALSE(again.ok());
  CHECK(TypeOf(schema, "product", "launched") == "date");
}

TEST_CASE("Schema::Extend refuses changing the symmetry of a relation type") {
  Status a = Refusal(R"({"relations": {"rival_of": {"symmetric": false}}})");
  CHECK(ErrorPointer(a) == std::optional<std::string>("/schema/relations/rival_of/symmetric"));
  CHECK(Contains(a.message(), "'rival_of' is already symmetric"));

  Status b = Refusal(R"({"relations": {"raised": {"symmetric": true}}})");
  CHECK(ErrorPointer(b) == std::optional<std::string>("/schema/relations/raised/symmetric"));
  CHECK(Contains(b.message(), "'raised' is already not symmetric"));
}

TEST_CASE("Schema::Extend refuses unknown kinds in from and to") {
  Status to = Refusal(R"({"relations": {"owns": {"from": ["company"], "to": ["planet"]}}})");
  CHECK(ErrorPointer(to) == std::optional<std::string>("/schema/relations/owns/to"));
  CHECK(Contains(to.message(), "unknown kind 'planet'"));

  Status from = Refusal(R"({"relations": {"develops": {"from": ["robot"]}}})");
  CHECK(ErrorPointer(from) == std::optional<std::string>("/schema/relations/develops/from"));
  CHECK(Contains(from.message(), "unknown kind 'robot'"));

  Status not_list = Refusal(R"({"relations": {"owns": {"from": "company", "to": ["company"]}}})");
  CHECK(ErrorPointer(not_list) == std::optional<std::string>("/schema/relations/owns/from"));

  Status not_name =
      Refusal(R"({"relations": {"owns": {"from": ["company", 3], "to": ["company"]}}})");
  CHECK(ErrorPointer(not_name) == std::optional<std::string>("/schema/relations/owns/from/1"));

  Status missing = Refusal(R"({"relations": {"owns": {"from": ["company"]}}})");
  CHECK(ErrorPointer(missing) == std::optional<std::string>("/schema/relations/owns"));
  CHECK(Contains(missing.message(), "\"from\" and \"to\""));
}

TEST_CASE("Schema::Extend refuses unknown fields and bad types") {
  Status top = Refusal(R"({"types": {}})");
  CHECK(ErrorPointer(top) == std::optional<std::string>("/schema/types"));
  CHECK(Contains(top.message(), "unknown field"));

  Status kind = Refusal(R"({"kinds": {"product": {"attrs": {"launched": "date"}}}})");
  CHECK(ErrorPointer(kind) == std::optional<std::string>("/schema/kinds/product/attrs"));

  Status rel =
      Refusal(R"({"relations": {"sells": {"from": ["company"], "to": ["company"], "props": {}}}})");
  CHECK(ErrorPointer(rel) == std::optional<std::string>("/schema/relations/sells/props"));

  Status type = Refusal(R"({"kinds": {"product": {"attributes": {"weight": "float"}}}})");
  CHECK(ErrorPointer(type) ==
        std::optional<std::string>("/schema/kinds/product/attributes/weight"));
  CHECK(Contains(type.message(), "'float' is not a type"));

  Status nested_list =
      Refusal(R"({"kinds": {"product": {"attributes": {"x": "list<list<text>>"}}}})");
  CHECK(ErrorPointer(nested_list) ==
        std::optional<std::string>("/schema/kinds/product/attributes/x"));

  Status not_string = Refusal(R"({"kinds": {"product": {"attributes": {"weight": 5}}}})");
  CHECK(ErrorPointer(not_string) ==
        std::optional<std::string>("/schema/kinds/product/attributes/weight"));

  CHECK(ErrorPointer(Refusal(R"([])")) == std::optional<std::string>("/schema"));
  CHECK(ErrorPointer(Refusal(R"({"kinds": []})")) == std::optional<std::string>("/schema/kinds"));
  CHECK(ErrorPointer(Refusal(R"({"kinds": {"product": 1}})")) ==
        std::optional<std::string>("/schema/kinds/product"));
  CHECK(ErrorPointer(Refusal(R"({"kinds": {"": {}}})")) ==
        std::optional<std::string>("/schema/kinds/"));
}

TEST_CASE("Schema::Extend refuses a non-boolean symmetric flag without throwing") {
  Schema schema = Schema::BuiltIn();
  Status s;
  CHECK_NOTHROW(s = schema.Extend(J(R"({"relations": {"sells": {
      "symmetric": "yes", "from": ["company"], "to": ["company"]}}})")));
  CHECK_FALSE(s.ok());
  CHECK(ErrorPointer(s) == std::optional<std::string>("/schema/relations/sells/symmetric"));
  CHECK(Contains(s.message(), "true or false"));
}

TEST_CASE("Schema::Extend refuses tags in a document") {
  Status kind = Refusal(R"({"kinds": {"product": {"tag": 99}}})");
  CHECK(ErrorPointer(kind) == std::optional<std::string>("/schema/kinds/product/tag"));
  CHECK(Contains(kind.message(), "unknown field"));

  Status rel =
      Refusal(R"({"relations": {"sells": {"tag": 99, "from": ["company"], "to": ["company"]}}})");
  CHECK(ErrorPointer(rel) == std::optional<std::string>("/schema/relations/sells/tag"));

  // The store's own copy may carry them.
  Schema schema = Schema::BuiltIn();
  Extend(&schema, R"({"kinds": {"product": {"tag": 99}}})", /*accept_tags=*/true);
  CHECK(schema.FindKind("product")->tag == 99);
}

TEST_CASE("Schema::Extend refuses a tag that is not a positive integer without throwing") {
  for (std::string tag : {"\"7\"", "-1", "0", "1.5", "null", "4294967295", "[7]"}) {
    CAPTURE(tag);
    Schema schema = Schema::BuiltIn();
    Status s;
    CHECK_NOTHROW(
        s = schema.Extend(J(std::string(R"({"kinds": {"product": {"tag": )") + tag + "}}}"),
                          "/schema", true));
    CHECK_FALSE(s.ok());
    CHECK(ErrorPointer(s) == std::optional<std::string>("/schema/kinds/product/tag"));
    CHECK(schema.FindKind("product") == nullptr);
  }
  Schema schema = Schema::BuiltIn();
  Status s;
  CHECK_NOTHROW(s = schema.Extend(J(R"({"relations": {"sells": {
      "tag": "x", "from": ["company"], "to": ["company"]}}})"),
                                  "/schema", true));
  CHECK(ErrorPointer(s) == std::optional<std::string>("/schema/relations/sells/tag"));
}

TEST_CASE("Schema::Extend refuses a tag another kind or relation type holds") {
  Schema schema = Schema::BuiltIn();
  Status kind = schema.Extend(J(R"({"kinds": {"product": {"tag": 1}}})"), "/schema", true);
  CHECK(ErrorPointer(kind) == std::optional<std::string>("/schema/kinds/product/tag"));
  CHECK(Contains(kind.message(), "'company'"));

  Status rel = schema.Extend(
      J(R"({"relations": {"sells": {"tag": 3, "from": ["company"], "to": ["company"]}}})"),
      "/schema", true);
  CHECK(ErrorPointer(rel) == std::optional<std::string>("/schema/relations/sells/tag"));
  CHECK(Contains(rel.message(), "'rival_of'"));

  Status twice =
      schema.Extend(J(R"({"kinds": {"a": {"tag": 20}, "b": {"tag": 20}}})"), "/schema", true);
  CHECK(ErrorPointer(twice) == std::optional<std::string>("/schema/kinds/b/tag"));

  // An existing kind restated with its own tag is fine.
  Extend(&schema, R"({"kinds": {"company": {"tag": 1}}})", /*accept_tags=*/true);
  CHECK(schema.FindKind("company")->tag == 1);
}

TEST_CASE("Schema::Extend is all or nothing") {
  Schema schema = Schema::BuiltIn();
  Extend(&schema, R"({"kinds": {"product": {"attributes": {"launched": "date"}}}})");
  json before = schema.ExtensionsToJson(true);
  // The kind and the first relation are fine; the second relation is not.
  Status s = schema.Extend(J(R"({
    "kinds": {"robot": {}, "company": {"attributes": {"employees": "integer"}}},
    "relations": {
      "builds": {"from": ["company"], "to": ["robot"]},
      "owns": {"from": ["company"], "to": ["planet"]}
    }
  })"));
  REQUIRE_FALSE(s.ok());
  CHECK(schema.FindKind("robot") == nullptr);
  CHECK(schema.FindRelation("builds") == nullptr);
  CHECK(schema.FindRelation("owns") == nullptr);
  CHECK(TypeOf(schema, "company", "employees") == "(none)");
  CHECK(schema.ExtensionsToJson(true) == before);
  // Tags were not used up by the refused section.
  Extend(&schema, R"({"kinds": {"robot": {}}})");
  CHECK(schema.FindKind("robot")->tag == schema.FindKind("product")->tag + 1);
}

TEST_CASE("Schema errors name the pointer given") {
  Schema schema = Schema::BuiltIn();
  Status s = schema.Extend(J(R"({"kinds": {"company": {"attributes": {"valuation": "text"}}}})"),
                           "/docs/2/schema");
  CHECK(ErrorPointer(s) ==
        std::optional<std::string>("/docs/2/schema/kinds/company/attributes/valuation"));
}

TEST_CASE("Schema::ExtensionsToJson(false) returns only the extensions, and round trips") {
  Schema schema = Schema::BuiltIn();
  Extend(&schema, R"({
    "kinds": {
      "product": {"attributes": {"launched": "date"}},
      "company": {"attributes": {"employees": "integer"}}
    },
    "relations": {
      "sells": {"from": ["company"], "to": ["product"], "properties": {"since": "date"}},
      "competes_with": {"symmetric": true, "from": ["product"], "to": ["product"]},
      "develops": {"to": ["product"]},
      "invested_in": {"properties": {"instrument": "text"}}
    }
  })");
  json extensions = schema.ExtensionsToJson(false);
  CHECK(extensions == J(R"({
    "kinds": {
      "company": {"attributes": {"employees": "integer"}},
      "product": {"attributes": {"launched": "date"}}
    },
    "relations": {
      "competes_with": {"symmetric": true, "from": ["product"], "to": ["product"],
                        "properties": {}},
      "develops": {"to": ["product"]},
      "invested_in": {"properties": {"instrument": "text"}},
      "sells": {"symmetric": false, "from": ["company"], "to": ["product"],
                "properties": {"since": "date"}}
    }
  })"));
  CHECK_FALSE(Contains(extensions.dump(), "\"tag\""));

  Schema fresh = Schema::BuiltIn();
  Status s = fresh.Extend(extensions);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  CHECK(fresh.ExtensionsToJson(false) == extensions);
  CHECK(fresh.FindRelation("competes_with")->symmetric);
  CHECK(fresh.FindRelation("develops")->to_kinds == std::set<std::string>{"model", "product"});
  CHECK(TypeOf(fresh, "company", "employees") == "integer");
}

TEST_CASE("Schema tags of extensions survive ExtensionsToJson(true) and Extend with tags") {
  Schema schema = Schema::BuiltIn();
  // Added over two calls, in non-alphabetical order, so tag order differs from name order.
  Extend(&schema, R"({"kinds": {"zeta": {"attributes": {"z": "text"}}},
                      "relations": {"zrel": {"from": ["zeta"], "to": ["company"]}}})");
  Extend(&schema, R"({"kinds": {"alpha": {}, "mid": {}},
                      "relations": {"arel": {"from": ["alpha"], "to": ["zeta"]}}})");
  KindTag zeta = schema.FindKind("zeta")->tag;
  KindTag alpha = schema.FindKind("alpha")->tag;
  KindTag mid = schema.FindKind("mid")->tag;
  RelationTag zrel = schema.FindRelation("zrel")->tag;
  RelationTag arel = schema.FindRelation("arel")->tag;
  CHECK(zeta < alpha);
  CHECK(alpha < mid);
  CHECK(zrel < arel);

  json stored = schema.ExtensionsToJson(true);
  CHECK(stored["kinds"]["zeta"]["tag"] == zeta);
  CHECK(stored["kinds"]["alpha"]["tag"] == alpha);
  CHECK(stored["relations"]["arel"]["tag"] == arel);
  CHECK_FALSE(stored["kinds"].contains("company"));

  Schema reopened = Schema::BuiltIn();
  Status s = reopened.Extend(stored, "/schema", /*accept_tags=*/true);
  REQUIRE_MESSAGE(s.ok(), s.ToString());
  CHECK(reopened.FindKind("zeta")->tag == zeta);
  CHECK(reopened.FindKind("alpha")->tag == alpha);
  CHECK(reopened.FindKind("mid")->tag == mid);
  CHECK(reopened.FindRelation("zrel")->tag == zrel);
  CHECK(reopened.FindRelation("arel")->tag == arel);
  CHECK(reopened.FindKindByTag(zeta)->name == "zeta");
  CHECK(reopened.FindRelationByTag(arel)->name == "arel");
  CHECK(reopened.ExtensionsToJson(true) == stored);
  CHECK(reopened.ExtensionsToJson(false) == schema.ExtensionsToJson(false));

  // New extensions after reopening get tags no one holds.
  Extend(&reopened, R"({"kinds": {"beta": {}},
                        "relations": {"brel": {"from": ["beta"], "to": ["beta"]}}})");
  std::set<KindTag> kind_tags;
  for (const KindDef* k : reopened.kinds()) kind_tags.insert(k->tag);
  CHECK(kind_tags.size() == reopened.kinds().size());
  CHECK(reopened.FindKind("beta")->tag > mid);
  std::set<RelationTag> relation_tags;
  for (const RelationTypeDef* r : reopened.relations()) relation_tags.insert(r->tag);
  CHECK(relation_tags.size() == reopened.relations().size());
  CHECK(reopened.FindRelation("brel")->tag > arel);
}

}  // namespace landscape
