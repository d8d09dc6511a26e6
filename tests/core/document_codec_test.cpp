#include "core/document_codec.hpp"
#include "tests/core/core_test_util.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/json_reader.hpp"

namespace landscape {
namespace {

using testing::core::Contains;
using testing::core::J;

using nlohmann::json;

Entity ReadEntity(const std::string& text) {
  auto e = EntityFromJson(J(text), Schema::BuiltIn(), "/entities/0");
  REQUIRE_MESSAGE(e.ok(), e.status().ToString());
  return *e;
}

Relation ReadRelation(const std::string& text) {
  auto r = RelationFromJson(J(text), Schema::BuiltIn(), "/relations/0");
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  return *r;
}

// The pointer of the error an entity document is refused with.
std::string EntityError(const std::string& text, std::string* message = nullptr) {
  auto e = EntityFromJson(J(text), Schema::BuiltIn(), "/entities/0");
  REQUIRE_MESSAGE(!e.ok(), "accepted: " << text);
  CHECK(e.status().code() == StatusCode::kInvalidArgument);
  if (message) *message = e.status().message();
  auto pointer = ErrorPointer(e.status());
  REQUIRE_MESSAGE(pointer.has_value(), e.status().message());
  return *pointer;
}

std::string RelationError(const std::string& text, std::string* message = nullptr) {
  auto r = RelationFromJson(J(text), Schema::BuiltIn(), "/relations/0");
  REQUIRE_MESSAGE(!r.ok(), "accepted: " << text);
  if (message) *message = r.status().message();
  auto pointer = ErrorPointer(r.status());
  REQUIRE_MESSAGE(pointer.has_value(), r.status().message());
  return *pointer;
}

std::string FxError(const std::string& text, std::string* message = nullptr) {
  auto fx = FxRateFromJson(J(text), Schema::BuiltIn(), "/fx_rates/0");
  REQUIRE_MESSAGE(!fx.ok(), "accepted: " << text);
  if (message) *message = fx.status().message();
  auto pointer = ErrorPointer(fx.status());
  REQUIRE_MESSAGE(pointer.has_value(), fx.status().message());
  return *pointer;
}

const char* const kDeepSeek = R"({
  "id": "deepseek",
  "kind": "company",
  "name": "DeepSeek",
  "aliases": ["深度求索", "DeepSeek AI", "深度求索"],
  "attributes": {
    "country": "CN",
    "founded": {"value": "2023-07", "sources": ["src-a"], "confidence": "filing",
                "as_of": "2026-02"},
    "valuation": [
      {"value": "51B CNY", "sources": ["src-a", "src-a"], "confidence": "filing"},
      {"value": "~$7.4B", "sources": ["src-b"], "confidence": "reported", "as_of": "2026"}
    ],
    "techniques": ["MoE", "MLA"]
  },
  "sources": ["src-a", "src-b"],
  "confidence": "reported"
})";

Money M(const std::string& text) { return *Money::Parse(text); }
Date D(const std::string& text) { return *Date::Parse(text); }

}  // namespace

TEST_CASE("EntityFromJson reads a company with aliases, bare values and claims") {
  Entity e = ReadEntity(kDeepSeek);
  CHECK(e.id == "deepseek");
  CHECK(e.kind == "company");
  CHECK(e.name == "DeepSeek");
  CHECK(e.aliases == std::vector<std::string>{"深度求索", "DeepSeek AI"});  // deduplicated
  CHECK(e.provenance.sources == std::vector<std::string>{"src-a", "src-b"});
  CHECK(e.provenance.confidence == "reported");
  REQUIRE(e.attributes.size() == 4);

  // A bare value: one claim without provenance.
  const auto& country = e.attributes.at("country");
  REQUIRE(country.size() == 1);
  CHECK(country[0].value == Value{std::string("CN")});
  CHECK(country[0].provenance.empty());
  CHECK_FALSE(country[0].as_of.has_value());

  // One claim object.
  const auto& founded = e.attributes.at("founded");
  REQUIRE(founded.size() == 1);
  REQUIRE(founded[0].value.kind() == ValueKind::kDate);
  CHECK(std::get<Date>(founded[0].value.data) == D("2023-07"));
  CHECK(std::get<Date>(founded[0].value.data).precision() == DatePrecision::kMonth);
  CHECK(founded[0].provenance.sources == std::vector<std::string>{"src-a"});
  CHECK(founded[0].provenance.confidence == "filing");
  REQUIRE(founded[0].as_of.has_value());
  CHECK(*founded[0].as_of == D("2026-02"));

  // An array of claims: conflicting values are all kept, in order.
  const auto& valuation = e.attributes.at("valuation");
  REQUIRE(valuation.size() == 2);
  REQUIRE(valuation[0].value.kind() == ValueKind::kMoney);
  const Money& cny = std::get<Money>(valuation[0].value.data);
  CHECK(cny.amount == Decimal::FromInteger(51000000000));
  CHECK(cny.currency == "CNY");
  CHECK_FALSE(cny.approximate);
  CHECK(valuation[0].provenance.sources == std::vector<std::string>{"src-a"});
  const Money& usd = std::get<Money>(valuation[1].value.data);
  CHECK(usd == M("~7400000000 USD"));
  CHECK(usd.approximate);
  CHECK(valuation[1].provenance.confidence == "reported");
  CHECK(*valuation[1].as_of == D("2026"));

  // A list attribute given as a bare array.
  const auto& techniques = e.attributes.at("techniques");
  REQUIRE(techniques.size() == 1);
  REQUIRE(techniques[0].value.kind() == ValueKind::kList);
  const auto& items = std::get<Value::List>(techniques[0].value.data);
  REQUIRE(items.size() == 2);
  CHECK(items[0] == Value{std::string("MoE")});
  CHECK(items[1] == Value{std::string("MLA")});

  CHECK(CitedSources(e) == std::vector<std::string>{"src-a", "src-b", "src-a", "src-a", "src-b"});
}

TEST_CASE("EntityFromJson reads money attributes from the forms analysts write") {
  Entity e = ReadEntity(R"({"id": "deepseek-series-a", "kind": "funding_round",
      "name": "DeepSeek Series A", "attributes": {
        "amount": "51B CNY", "reported_as": "$7.4B", "post_money_valuation": "~$2B",
        "stage": "Series A", "announced": "2026-03-15"}})");
  CHECK(std::get<Money>(e.attributes.at("amount")[0].value.data) == M("51000000000 CNY"));
  CHECK(std::get<Money>(e.attributes.at("reported_as")[0].value.data).amount.mantissa() ==
        7400000000);
  CHECK(std::get<Money>(e.attributes.at("post_money_valuation")[0].value.data).approximate);
  CHECK(std::get<Date>(e.attributes.at("announced")[0].value.data).precision() ==
        DatePrecision::kDay);
}

TEST_CASE("EntityFromJson reads the other value types") {
  Entity model = ReadEntity(R"({"id": "deepseek-v3", "kind": "model", "name": "DeepSeek-V3",
      "attributes": {"parameters": 671000000000, "released": "2024-12"}})");
  CHECK(model.attributes.at("parameters")[0].value == Value{int64_t{671000000000}});

  Entity parent = ReadEntity(R"({"id": "x", "kind": "company", "name": "X",
      "attributes": {"description": "one line", "notes": {"value": "n", "as_of": "2025"}}})");
  CHECK(parent.attributes.at("notes")[0].as_of == D("2025"));
  CHECK(parent.attributes.at("notes")[0].provenance.empty());
}

TEST_CASE("EntityFromJson takes an implied kind") {
  auto source = EntityFromJson(J(R"({"id": "src-a", "name": "Filing"})"), Schema::BuiltIn(),
                               "/sources/0", "source");
  REQUIRE(source.ok());
  CHECK(source->kind == "source");
  auto stated = EntityFromJson(J(R"({"id": "src-a", "kind": "source", "name": "Filing"})"),
                               Schema::BuiltIn(), "/sources/0", "source");
  REQUIRE(stated.ok());
  CHECK(stated->kind == "source");
  auto wrong = EntityFromJson(J(R"({"id": "src-a", "kind": "company", "name": "Filing"})"),
                              Schema::BuiltIn(), "/sources/0", "source");
  REQUIRE_FALSE(wrong.ok());
  CHECK(ErrorPointer(wrong.status()) == std::optional<std::string>("/sources/0/kind"));
  auto missing = EntityFromJson(J(R"({"id": "x", "name": "X"})"), Schema::BuiltIn(), "/e/0");
  REQUIRE_FALSE(missing.ok());
  CHECK(ErrorPointer(missing.status()) == std::optional<std::string>("/e/0"));
  CHECK(Contains(missing.status().message(), "missing \"kind\""));
}

TEST_CASE("EntityFromJson errors name the exact pointer") {
  std::string why;
  CHECK(EntityError(R"({"id": "x", "kind": "planet", "name": "X"})", &why) == "/entities/0/kind");
  CHECK(Contains(why, "unknown kind 'planet'"));

  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
                        "attributes": {"employees": 300}})",
                    &why) == "/entities/0/attributes/employees");
  CHECK(Contains(why, "'employees' is not declared for kind 'company'"));
  // An attribute of another kind is undeclared here.
  CHECK(EntityError(R"({"id": "x", "kind": "person", "name": "X",
                        "attributes": {"valuation": "$1B"}})") ==
        "/entities/0/attributes/valuation");

  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
                        "attributes": {"founded": "2023-13"}})",
                    &why) == "/entities/0/attributes/founded");
  CHECK(Contains(why, "month must be 01 to 12"));
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
                        "attributes": {"founded": {"value": "2023-02-30"}}})") ==
        "/entities/0/attributes/founded/value");
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
                        "attributes": {"founded": {"value": "2023", "as_of": "soon"}}})") ==
        "/entities/0/attributes/founded/as_of");

  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
                        "attributes": {"valuation": "51 XYZ"}})",
                    &why) == "/entities/0/attributes/valuation");
  CHECK(Contains(why, "XYZ"));
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
                        "attributes": {"valuation": [{"value": "$1B"}, {"value": "51B"}]}})",
                    &why) == "/entities/0/attributes/valuation/1/value");
  CHECK(Contains(why, "no currency"));

  // Several values are claim objects; an array of bare values is not one.
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
                        "attributes": {"valuation": ["51B CNY", "$7.4B"]}})",
                    &why) == "/entities/0/attributes/valuation");
  CHECK(Contains(why, "got an array"));

  CHECK(EntityError(R"({"id": "DeepSeek", "kind": "company", "name": "X"})", &why) ==
        "/entities/0/id");
  CHECK(Contains(why, "'DeepSeek' is not a valid id"));
  CHECK(EntityError(R"({"id": "-x", "kind": "company", "name": "X"})") == "/entities/0/id");
  CHECK(EntityError(R"({"id": "a b", "kind": "company", "name": "X"})") == "/entities/0/id");
  CHECK(EntityError(R"({"id": "", "kind": "company", "name": "X"})") == "/entities/0/id");
  CHECK(EntityError(R"({"id": 7, "kind": "company", "name": "X"})") == "/entities/0/id");
  CHECK(EntityError(R"({"kind": "company", "name": "X"})", &why) == "/entities/0");
  CHECK(Contains(why, "missing \"id\""));

  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X", "confidence": "certain"})",
                    &why) == "/entities/0/confidence");
  CHECK(Contains(why, "unknown confidence tier 'certain'"));
  CHECK(Contains(why, "filing"));
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
      "attributes": {"valuation": [{"value": "$1B", "confidence": "certain"}]}})") ==
        "/entities/0/attributes/valuation/0/confidence");

  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X", "homepage": "x.com"})", &why) ==
        "/entities/0/homepage");
  CHECK(Contains(why, "unknown field"));
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
      "attributes": {"founded": {"value": "2023", "source": "src-a"}}})") ==
        "/entities/0/attributes/founded/source");

  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X",
                        "attributes": {"country": 5}})",
                    &why) == "/entities/0/attributes/country");
  CHECK(Contains(why, "expected a string, got a number"));
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "   "})") == "/entities/0/name");
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X", "aliases": "Y"})") ==
        "/entities/0/aliases");
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X", "aliases": ["Y", ""]})") ==
        "/entities/0/aliases/1");
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X", "sources": ["ok", "Bad"]})") ==
        "/entities/0/sources/1");
  CHECK(EntityError(R"({"id": "x", "kind": "company", "name": "X", "attributes": []})") ==
        "/entities/0/attributes");
  CHECK(EntityError(R"(["not an entity"])") == "/entities/0");
}

TEST_CASE("IsValidEntityId") {
  for (const char* id : {"deepseek", "moonshot-ai", "deepseek-series-a", "0x", "a_b.c:d", "7"}) {
    CAPTURE(id);
    CHECK(IsValidEntityId(id));
  }
  for (const char* id : {"", "DeepSeek", "-x", "_x", ".x", ":x", "a b", "深度求索", "a/b"}) {
    CAPTURE(id);
    CHECK_FALSE(IsValidEntityId(id));
  }
  CHECK(IsValidEntityId(std::string(128, 'a')));
  CHECK_FALSE(IsValidEntityId(std::string(129, 'a')));
}

TEST_CASE("RelationFromJson reads a relation and its properties") {
  Relation r = ReadRelation(R"({"relation": "invested_in", "from": "tencent",
      "to": "deepseek-series-a", "properties": {"lead": true, "amount": "$1B",
      "rationale": {"value": "strategic", "sources": ["src-b"], "confidence": "analysis"}},
      "sources": ["src-a"], "confidence": "filing"})");
  CHECK(r.type == "invested_in");
  CHECK(r.from == "tencent");
  CHECK(r.to == "deepseek-series-a");
  CHECK(r.properties.at("lead")[0].value == Value{true});
  CHECK(std::get<Money>(r.properties.at("amount")[0].value.data) == M("1000000000 USD"));
  CHECK(r.properties.at("rationale")[0].provenance.confidence == "analysis");
  CHECK(r.provenance.sources == std::vector<std::string>{"src-a"});
  CHECK(r.provenance.confidence == "filing");
  CHECK(CitedSources(r) == std::vector<std::string>{"src-a", "src-b"});
}

TEST_CASE("RelationFromJson orders the ends of a symmetric relation") {
  Relation r = ReadRelation(R"({"relation": "rival_of", "from": "moonshot-ai", "to": "deepseek"})");
  CHECK(r.from == "deepseek");
  CHECK(r.to == "moonshot-ai");
  Relation same =
      ReadRelation(R"({"relation": "rival_of", "from": "deepseek", "to": "moonshot-ai"})");
  CHECK(same == r);
  Relation partner = ReadRelation(R"({"relation": "partner_of", "from": "z", "to": "a"})");
  CHECK(partner.from == "a");
  // A directed relation keeps its direction.
  Relation sub = ReadRelation(R"({"relation": "subsidiary_of", "from": "z", "to": "a"})");
  CHECK(sub.from == "z");
  CHECK(sub.to == "a");
}

TEST_CASE("RelationFromJson errors name the exact pointer") {
  std::string why;
  CHECK(RelationError(R"({"relation": "competes_with", "from": "a", "to": "b"})", &why) ==
        "/relations/0/relation");
  CHECK(Contains(why, "unknown relation type 'competes_with'"));
  CHECK(RelationError(R"({"relation": "invested_in", "from": "a", "to": "b",
                          "properties": {"stake": "0.1"}})",
                      &why) == "/relations/0/properties/stake");
  CHECK(Contains(why, "'stake' is not declared for relation type 'invested_in'"));
  CHECK(RelationError(R"({"relation": "invested_in", "from": "a", "to": "b",
                          "properties": {"lead": "yes"}})",
                      &why) == "/relations/0/properties/lead");
  CHECK(Contains(why, "expected true or false"));
  CHECK(RelationError(R"({"type": "rival_of", "from": "a", "to": "b"})") == "/relations/0/type");
  CHECK(RelationError(R"({"from": "a", "to": "b"})", &why) == "/relations/0");
  CHECK(Contains(why, "missing \"relation\""));
  CHECK(RelationError(R"({"relation": "rival_of", "from": "A", "to": "b"})") ==
        "/relations/0/from");
  CHECK(RelationError(R"({"relation": "rival_of", "from": "a"})", &why) == "/relations/0");
  CHECK(Contains(why, "missing \"to\""));
  CHECK(RelationError(R"({"relation": "rival_of", "from": "a", "to": "a"})") == "/relations/0/to");
  CHECK(RelationError(R"({"relation": "rival_of", "from": "a", "to": "b",
                          "confidence": "sure"})") == "/relations/0/confidence");
}

TEST_CASE("EntityToJson is canonical") {
  Entity e = ReadEntity(kDeepSeek);
  CHECK(EntityToJson(e) == J(R"({
    "id": "deepseek",
    "kind": "company",
    "name": "DeepSeek",
    "aliases": ["深度求索", "DeepSeek AI"],
    "attributes": {
      "country": "CN",
      "founded": {"value": "2023-07", "sources": ["src-a"], "confidence": "filing",
                  "as_of": "2026-02"},
      "valuation": [
        {"value": "51000000000 CNY", "sources": ["src-a"], "confidence": "filing"},
        {"value": "~7400000000 USD", "sources": ["src-b"], "confidence": "reported",
         "as_of": "2026"}
      ],
      "techniques": [{"value": ["MoE", "MLA"]}]
    },
    "sources": ["src-a", "src-b"],
    "confidence": "reported"
  })"));
  json without_kind = EntityToJson(e, /*with_kind=*/false);
  CHECK_FALSE(without_kind.contains("kind"));
  CHECK(without_kind["id"] == "deepseek");

  Entity bare;
  bare.id = "x";
  bare.kind = "company";
  bare.name = "X";
  CHECK(EntityToJson(bare) == J(R"({"id": "x", "kind": "company", "name": "X"})"));
}

TEST_CASE("Entity JSON → object → JSON → object round trip") {
  const std::vector<std::string> documents = {
      kDeepSeek,
      R"({"id": "x", "kind": "company", "name": "X"})",
      R"({"id": "r", "kind": "funding_round", "name": "R", "attributes": {
          "amount": [{"value": "51B CNY"}, {"value": "$7.4B"}], "announced": {"value": "2026", "as_of": "2026-03"},
          "stage": [{"value": "A"}, {"value": "A", "sources": ["s"]}]}})",
      R"({"id": "p", "kind": "company", "name": "P", "attributes": {"techniques": []}})",
      R"({"id": "m", "kind": "model", "name": "M", "attributes": {"parameters": -1}})",
  };
  for (const std::string& text : documents) {
    CAPTURE(text);
    Entity first = ReadEntity(text);
    json once = EntityToJson(first);
    auto second = EntityFromJson(once, Schema::BuiltIn(), "/entities/0");
    REQUIRE_MESSAGE(second.ok(), second.status().ToString());
    CHECK(*second == first);
    CHECK(EntityToJson(*second) == once);
    // The export parses back from its text too.
    auto third = EntityFromJson(J(once.dump(2)), Schema::BuiltIn(), "/entities/0");
    REQUIRE(third.ok());
    CHECK(*third == first);
  }
}

TEST_CASE("RelationToJson is canonical and round trips") {
  Relation r = ReadRelation(R"({"relation": "invested_in", "from": "tencent",
      "to": "deepseek-series-a", "properties": {"lead": true, "amount": "~$1B"},
      "sources": ["src-a"], "confidence": "filing"})");
  json once = RelationToJson(r);
  CHECK(once == J(R"({"relation": "invested_in", "from": "tencent", "to": "deepseek-series-a",
      "properties": {"amount": "~1000000000 USD", "lead": true},
      "sources": ["src-a"], "confidence": "filing"})"));
  auto again = RelationFromJson(once, Schema::BuiltIn(), "/relations/0");
  REQUIRE(again.ok());
  CHECK(*again == r);
  CHECK(RelationToJson(*again) == once);

  Relation rival = ReadRelation(R"({"relation": "rival_of", "from": "zhipu", "to": "baidu"})");
  CHECK(RelationToJson(rival) == J(R"({"relation": "rival_of", "from": "baidu", "to": "zhipu"})"));
}

TEST_CASE("FxRateFromJson reads a dated rate exactly") {
  auto fx = FxRateFromJson(J(R"({"date": "2026-01-15", "base": "CNY", "quote": "USD",
      "rate": 0.1451, "sources": ["src-a"], "confidence": "official"})"),
                           Schema::BuiltIn(), "/fx_rates/0");
  REQUIRE_MESSAGE(fx.ok(), fx.status().ToString());
  CHECK(fx->date == D("2026-01-15"));
  CHECK(fx->base == "CNY");
  CHECK(fx->quote == "USD");
  CHECK(fx->rate.ToString() == "0.1451");
  CHECK(fx->rate.mantissa() == 1451);
  CHECK(fx->provenance.sources == std::vector<std::string>{"src-a"});
  CHECK(fx->provenance.confidence == "official");

  json once = FxRateToJson(*fx);
  CHECK(once == J(R"({"date": "2026-01-15", "base": "CNY", "quote": "USD", "rate": "0.1451",
      "sources": ["src-a"], "confidence": "official"})"));
  auto again = FxRateFromJson(once, Schema::BuiltIn(), "/fx_rates/0");
  REQUIRE(again.ok());
  CHECK(*again == *fx);

  // A rate as a string, an integer rate, a month's average.
  auto text = FxRateFromJson(J(R"({"date": "2026-01", "base": "USD", "quote": "CNY",
      "rate": "6.8918"})"),
                             Schema::BuiltIn(), "/fx_rates/0");
  REQUIRE(text.ok());
  CHECK(text->rate.ToString() == "6.8918");
  CHECK(text->date.precision() == DatePrecision::kMonth);
  auto whole = FxRateFromJson(J(R"({"date": "2026", "base": "USD", "quote": "JPY", "rate": 150})"),
                              Schema::BuiltIn(), "/fx_rates/0");
  REQUIRE(whole.ok());
  CHECK(whole->rate == Decimal::FromInteger(150));
}

TEST_CASE("FxRateFromJson errors name the exact pointer") {
  std::string why;
  const std::string tail = R"(, "base": "CNY", "quote": "USD", "rate": 0.1451})";
  CHECK(FxError(R"({"date": "2026-02-30")" + tail, &why) == "/fx_rates/0/date");
  CHECK(Contains(why, "has no day 30"));
  CHECK(FxError(R"({"date": "2026", "base": "XYZ", "quote": "USD", "rate": 1})", &why) ==
        "/fx_rates/0/base");
  CHECK(Contains(why, "'XYZ' is not an ISO 4217 currency code"));
  CHECK(FxError(R"({"date": "2026", "base": "CNY", "quote": "usd", "rate": 1})") ==
        "/fx_rates/0/quote");
  CHECK(FxError(R"({"date": "2026", "base": "CNY", "quote": "USD", "rate": 0})", &why) ==
        "/fx_rates/0/rate");
  CHECK(Contains(why, "must be positive"));
  CHECK(FxError(R"({"date": "2026", "base": "CNY", "quote": "USD", "rate": -0.5})") ==
        "/fx_rates/0/rate");
  CHECK(FxError(R"({"date": "2026", "base": "CNY", "quote": "USD", "rate": "abc"})") ==
        "/fx_rates/0/rate");
  CHECK(FxError(R"({"date": "2026", "base": "CNY", "quote": "USD", "rate": true})") ==
        "/fx_rates/0/rate");
  CHECK(FxError(R"({"date": "2026", "base": "CNY", "quote": "USD"})", &why) == "/fx_rates/0");
  CHECK(Contains(why, "missing \"rate\""));
  CHECK(FxError(R"({"date": "2026", "base": "CNY", "quote": "USD", "rate": 1, "note": ""})") ==
        "/fx_rates/0/note");
  CHECK(FxError(R"({"date": "2026", "base": "CNY", "quote": "USD", "rate": 1,
                    "confidence": "guess"})") == "/fx_rates/0/confidence");
}

TEST_CASE("MergeEntity unions aliases, claims and sources, and is idempotent") {
  Entity existing = ReadEntity(R"({"id": "deepseek", "kind": "company", "name": "DeepSeek",
      "aliases": ["深度求索"],
      "attributes": {"valuation": {"value": "51B CNY", "sources": ["src-a"]}},
      "sources": ["src-a"], "confidence": "filing"})");
  Entity incoming = ReadEntity(R"({"id": "deepseek", "kind": "company", "name": "DeepSeek AI",
      "aliases": ["深度求索", "DeepSeek"],
      "attributes": {
        "valuation": [{"value": "51B CNY", "sources": ["src-a"]},
                      {"value": "$7.4B", "sources": ["src-b"]}],
        "country": "CN"},
      "sources": ["src-b", "src-a"]})");

  Entity once = existing;
  MergeEntity(incoming, &once);
  CHECK(once.id == "deepseek");
  CHECK(once.name == "DeepSeek AI");  // the incoming name wins
  CHECK(once.aliases == std::vector<std::string>{"深度求索", "DeepSeek"});
  REQUIRE(once.attributes.at("valuation").size() == 2);  // the identical claim is kept once
  CHECK(std::get<Money>(once.attributes.at("valuation")[0].value.data) == M("51B CNY"));
  CHECK(std::get<Money>(once.attributes.at("valuation")[1].value.data) == M("$7.4B"));
  CHECK(once.attributes.at("country").size() == 1);
  CHECK(once.provenance.sources == std::vector<std::string>{"src-a", "src-b"});
  CHECK(once.provenance.confidence == "filing");  // not stated by the incoming entity: kept

  Entity twice = once;
  MergeEntity(incoming, &twice);
  CHECK(twice == once);

  // Merging an entity into itself changes nothing.
  Entity self = once;
  MergeEntity(once, &self);
  CHECK(self == once);

  // A stated confidence wins; an empty name does not erase the existing one.
  Entity update;
  update.id = "deepseek";
  update.kind = "company";
  update.provenance.confidence = "reported";
  MergeEntity(update, &once);
  CHECK(once.name == "DeepSeek AI");
  CHECK(once.provenance.confidence == "reported");
  CHECK(once.attributes.size() == 2);
}

TEST_CASE("MergeRelation unions properties and sources, and is idempotent") {
  Relation existing = ReadRelation(R"({"relation": "invested_in", "from": "tencent",
      "to": "deepseek-series-a", "properties": {"lead": true}, "sources": ["src-a"]})");
  Relation incoming = ReadRelation(R"({"relation": "invested_in", "from": "tencent",
      "to": "deepseek-series-a", "properties": {"lead": true, "amount": "$1B"},
      "sources": ["src-b"], "confidence": "reported"})");

  Relation once = existing;
  MergeRelation(incoming, &once);
  CHECK(once.properties.at("lead").size() == 1);
  CHECK(once.properties.at("amount").size() == 1);
  CHECK(once.provenance.sources == std::vector<std::string>{"src-a", "src-b"});
  CHECK(once.provenance.confidence == "reported");
  CHECK(once.from == "tencent");
  CHECK(once.to == "deepseek-series-a");

  Relation twice = once;
  MergeRelation(incoming, &twice);
  CHECK(twice == once);

  // A conflicting value from another source is kept beside the first.
  Relation conflicting = ReadRelation(R"({"relation": "invested_in", "from": "tencent",
      "to": "deepseek-series-a", "properties": {"lead": {"value": false, "sources": ["src-c"]}}})");
  MergeRelation(conflicting, &twice);
  CHECK(twice.properties.at("lead").size() == 2);
  CHECK(twice.provenance.confidence == "reported");
}

}  // namespace landscape
