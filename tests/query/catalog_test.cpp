#include "query/catalog.hpp"

#include <doctest/doctest.h>

#include "query/entity_card.hpp"
#include "storage/store_edits.hpp"
#include "tests/test_support.hpp"

namespace landscape {
namespace {

using testing::TempDir;

std::unique_ptr<Store> BundledStore(const TempDir& dir) {
  auto store = Store::Create(dir / "s.db");
  REQUIRE_OK(store);
  REQUIRE_OK(ImportFiles(store->get(), {ImportInput{testing::BundledDataset(), false}}));
  return std::move(store).value();
}

std::string CellString(const Cell& c) { return c ? c->ToDisplayString() : ""; }

TEST_CASE("names resolve in any case, width and script") {
  TempDir dir;
  auto store = BundledStore(dir);
  for (const char* name :
       {"deepseek", "DeepSeek", "DEEPSEEK", "ＤｅｅｐＳｅｅｋ", "深度求索", " DeepSeek "}) {
    CAPTURE(name);
    auto resolved = ResolveEntity(*store, name);
    REQUIRE_OK(resolved);
    CHECK(resolved->entity.id == "deepseek");
  }
  auto moonshot = ResolveEntity(*store, "月之暗面");
  REQUIRE_OK(moonshot);
  CHECK(moonshot->entity.id == "moonshot-ai");
}

TEST_CASE("an unknown name suggests the nearest; an ambiguous one lists candidates") {
  TempDir dir;
  auto store = BundledStore(dir);
  auto unknown = ResolveEntity(*store, "Moonshot");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
  CHECK(unknown.status().message().find("did you mean: Moonshot AI (moonshot-ai, company)") !=
        std::string::npos);
  REQUIRE_OK(AddEntity(
      store.get(),
      EntitySpec{"deepseek-fund", "investor", "DeepSeek Fund", {"深度求索"}, {}, {}, ""}));
  auto ambiguous = ResolveEntity(*store, "深度求索");
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.status().message().find("ambiguous") != std::string::npos);
  CHECK(ambiguous.status().message().find("deepseek-fund") != std::string::npos);
  CHECK(ambiguous.status().message().find("(deepseek, company)") != std::string::npos);
  CHECK(ResolveEntity(*store, "deepseek").ok());  // the id still decides
}

TEST_CASE("find ranks exact, prefix, word start, then anywhere") {
  TempDir dir;
  auto store = BundledStore(dir);
  auto found = FindEntities(*store, "series");
  REQUIRE_OK(found);
  REQUIRE(found->rows.size() == 3);  // two rounds and the article's title
  for (const auto& row : found->rows) CHECK(CellString(row[4]) == "word");
  CHECK(CellString(found->rows[0][0]) == "deepseek-series-a");  // shortest name first
  auto baidu = FindEntities(*store, "baidu");
  REQUIRE_OK(baidu);
  REQUIRE_FALSE(baidu->rows.empty());
  CHECK(CellString(baidu->rows[0][0]) == "baidu");
  CHECK(CellString(baidu->rows[0][4]) == "exact");
  auto cjk = FindEntities(*store, "时代");
  REQUIRE_OK(cjk);
  REQUIRE(cjk->rows.size() == 1);
  CHECK(CellString(cjk->rows[0][0]) == "catl");
  CHECK(CellString(cjk->rows[0][3]) == "宁德时代");
  auto only_rounds = FindEntities(*store, "deepseek", FindOptions{20, "funding_round"});
  REQUIRE_OK(only_rounds);
  REQUIRE(only_rounds->rows.size() == 1);
  CHECK(CellString(only_rounds->rows[0][0]) == "deepseek-series-a");
}

TEST_CASE("list filters by kind and refuses unknown kinds") {
  TempDir dir;
  auto store = BundledStore(dir);
  auto companies = ListEntities(*store, "company");
  REQUIRE_OK(companies);
  CHECK(companies->rows.size() == 6);
  CHECK_FALSE(ListEntities(*store, "startup").ok());
}

TEST_CASE("DeepSeek's card holds its round, investors, valuation and rivals with sources") {
  TempDir dir;
  auto store = BundledStore(dir);
  auto card = BuildEntityCard(*store, "DeepSeek");
  REQUIRE_OK(card);
  REQUIRE(card->size() == 4);
  const ResultTable& rounds = (*card)[3];
  REQUIRE(rounds.title == "rounds");
  REQUIRE(rounds.rows.size() == 2);
  std::map<std::string, std::string> lead_of;
  for (const auto& row : rounds.rows) {
    CHECK(CellString(row[1]) == "Series A");
    CHECK(CellString(row[2]) == "51000000000 CNY");
    CHECK(CellString(row[3]) == "7400000000 USD");
    CHECK(CellString(row[7]) == "pandaily-deepseek-series-a");
    lead_of[CellString(row[5])] = CellString(row[6]);
  }
  CHECK(lead_of["Tencent"] == "true");
  CHECK(lead_of["CATL"] == "false");
  bool valuation = false;
  for (const auto& row : (*card)[1].rows) {
    if (CellString(row[0]) == "valuation") {
      valuation = true;
      CHECK(CellString(row[1]) == "400000000000 CNY");
      CHECK(CellString(row[2]) == "filing");
    }
  }
  CHECK(valuation);
  std::set<std::string> rivals;
  for (const auto& row : (*card)[2].rows) {
    if (CellString(row[0]) == "rival_of") rivals.insert(CellString(row[2]));
  }
  CHECK(rivals == std::set<std::string>{"baidu", "moonshot-ai"});
}

}  // namespace
}  // namespace landscape
