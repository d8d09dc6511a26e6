// The read context reaches the local verbs: `show`, `find` and `list` see the facts known on
// the --as-of date, and nothing in an answer depends on the day it is asked.

#include <doctest/doctest.h>

#include "query/catalog.hpp"
#include "query/comparison.hpp"
#include "query/entity_card.hpp"
#include "tests/query/query_test_util.hpp"

namespace landscape::testing::query {
namespace {

// Acme (founded 2024) with a valuation stated in 2025 and another in 2026, a round announced
// in 2025 and one in 2026; Newco founded in May 2026, Acme's partner since June 2026.
constexpr const char* kDatedCompanies = R"json({"format": "landscape/1",
  "entities": [
    {"id": "acme", "kind": "company", "name": "Acme AI", "attributes": {
      "founded": "2024",
      "valuation": [{"value": "1B USD", "as_of": "2025-01", "confidence": "reported"},
                    {"value": "3B USD", "as_of": "2026-02", "confidence": "reported"}]}},
    {"id": "newco", "kind": "company", "name": "Newco", "attributes": {"founded": "2026-05"}},
    {"id": "acme-seed", "kind": "funding_round", "name": "Acme Seed", "attributes": {
      "stage": "Seed", "amount": "100M USD", "announced": "2025-06"}},
    {"id": "acme-a", "kind": "funding_round", "name": "Acme Series A", "attributes": {
      "stage": "Series A", "amount": "300M USD", "announced": "2026-03"}},
    {"id": "fund-a", "kind": "investor", "name": "Fund A"}],
  "relations": [
    {"relation": "raised", "from": "acme", "to": "acme-seed"},
    {"relation": "raised", "from": "acme", "to": "acme-a"},
    {"relation": "invested_in", "from": "fund-a", "to": "acme-seed", "properties": {"lead": true}},
    {"relation": "invested_in", "from": "fund-a", "to": "acme-a", "properties": {"lead": true}},
    {"relation": "partner_of", "from": "acme", "to": "newco", "properties": {"since": "2026-06"}}]
})json";

struct DatedStore {
  TempDir dir;
  std::unique_ptr<Store> store = EmptyStore(dir);
  DatedStore() { ImportJson(store.get(), dir, kDatedCompanies); }
};

ReadContext AsOf(const std::string& date) { return ReadContext{D(date), "USD"}; }

const ResultTable& TableNamed(const std::vector<ResultTable>& tables, const std::string& name) {
  for (const ResultTable& t : tables) {
    if (t.title == name) return t;
  }
  FAIL("no table " << name);
  return tables.front();
}

TEST_CASE("show --as-of: the card as known on the date") {
  DatedStore s;
  auto now = Ok(BuildEntityCard(*s.store, "acme"));
  CHECK(ColumnTexts(TableNamed(now, "attributes"), "value") ==
        std::vector<std::string>{"2024", "1000000000 USD", "3000000000 USD"});
  CHECK(ColumnTexts(TableNamed(now, "relations"), "id") ==
        std::vector<std::string>{"acme-seed", "acme-a", "newco"});
  CHECK(ColumnTexts(TableNamed(now, "rounds"), "round") ==
        std::vector<std::string>{"acme-seed", "acme-a"});

  auto then = Ok(BuildEntityCard(*s.store, "acme", AsOf("2025-12-31")));
  CHECK(ColumnTexts(TableNamed(then, "attributes"), "value") ==
        std::vector<std::string>{"2024", "1000000000 USD"});
  // The 2026 round and Newco did not exist yet; the partnership began later.
  CHECK(ColumnTexts(TableNamed(then, "relations"), "id") == std::vector<std::string>{"acme-seed"});
  CHECK(ColumnTexts(TableNamed(then, "rounds"), "round") == std::vector<std::string>{"acme-seed"});

  // Before Acme's own start there is no card, and the error says why.
  auto before = BuildEntityCard(*s.store, "acme", AsOf("2023"));
  REQUIRE_FALSE(before.ok());
  CHECK(before.status().code() == StatusCode::kNotFound);
  CHECK(before.status().message() == "Acme AI (acme) is not known on 2023: it starts 2024");
}

TEST_CASE("find and list --as-of: only entities that exist on the date") {
  DatedStore s;
  FindOptions companies{20, "company"};
  CHECK(ColumnTexts(Ok(FindEntities(*s.store, "co", companies)), "id") ==
        std::vector<std::string>{"newco"});
  CHECK(Ok(FindEntities(*s.store, "co", companies, AsOf("2026-04"))).rows.empty());
  CHECK(ColumnTexts(Ok(FindEntities(*s.store, "co", companies, AsOf("2026-05"))), "id") ==
        std::vector<std::string>{"newco"});

  CHECK(ColumnTexts(Ok(ListEntities(*s.store, "company")), "id") ==
        std::vector<std::string>{"acme", "newco"});
  CHECK(ColumnTexts(Ok(ListEntities(*s.store, "company", AsOf("2025"))), "id") ==
        std::vector<std::string>{"acme"});
  CHECK(ColumnTexts(Ok(ListEntities(*s.store, "funding_round", AsOf("2025"))), "id") ==
        std::vector<std::string>{"acme-seed"});
}

TEST_CASE("without --as-of an undated amount converts at the latest rate held, whatever the day") {
  // The bundled rate is dated 2026-11-28 and DeepSeek's round is undated: the total does not
  // depend on the clock (the suite also runs with the clock a year earlier and later).
  TempDir dir;
  auto store = BundledStore(dir);
  ResultTable t = Ok(CompareTable(*store, {"DeepSeek"}, CompareOptions{}));
  CHECK(Text(CellAt(t, "total_raised_usd", "DeepSeek")) == "7400100000 USD");
}

}  // namespace
}  // namespace landscape::testing::query
