// Tests of `table` (query/comparison.hpp) against `compare`: table computes a whole kind in one
// pass over the store, on every core, compare one entity at a time by point reads; both must
// give every company the same cells.

#include "query/comparison.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <set>

#include "query/catalog.hpp"
#include "query/parallel_chunks.hpp"
#include "tests/query/query_test_util.hpp"
#include "tools/bench/market_generator.hpp"

namespace landscape {
namespace {

using testing::TempDir;
using namespace testing::query;

const std::vector<std::string> kDerivedColumns = {
    "total_raised_usd",     "total_raised_eur",  "raised_as_reported", "latest_round",
    "latest_round_amount",  "latest_round_date", "latest_valuation",   "latest_valuation_usd",
    "latest_valuation_eur", "lead_investors",    "investors"};

// Compare's row for the one entity compared, in `currency`.
ResultTable CompareRow(const Store& store, const std::string& id, const std::string& currency,
                       ReadContext context) {
  context.currency = currency;
  CompareRequest request;
  request.names = {id};
  request.attributes = {};
  ResultTable compared = Ok(CompareTable(store, request, context));
  REQUIRE(compared.rows.size() == 1);
  return compared;
}

TEST_CASE("table gives every company of a generated market the cells compare gives it") {
  TempDir dir;
  std::string file = dir / "market.jsonl";
  // 600 companies: more than one chunk of rows (256), so that they are computed on every core.
  landscape_bench::Generate(file, 10000, 11);
  auto store = EmptyStore(dir);
  REQUIRE_OK(ImportFiles(store.get(), {ImportInput{file, true}}));

  for (std::optional<Date> as_of : {std::optional<Date>(), std::optional<Date>(D("2019-06-30"))}) {
    CAPTURE(as_of.has_value());
    ReadContext context;
    context.as_of = as_of;
    TableRequest request;
    request.columns = {"name"};
    request.columns.insert(request.columns.end(), kDerivedColumns.begin(), kDerivedColumns.end());
    ResultTable table = Ok(KindTable(*store, request, context));
    ResultTable listed = Ok(ListEntities(*store, ListRequest{"company"}, context));
    REQUIRE(table.rows.size() == listed.rows.size());
    CHECK(table.rows.size() > 512);
    size_t with_funding = 0, with_leads = 0;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const std::vector<Cell>& row = table.rows[r];
      std::string id = Text(row[0]);
      REQUIRE(id == Text(listed.rows[r][0]));  // readable-id order
      ResultTable in_usd = CompareRow(*store, id, "USD", context);
      ResultTable in_eur = CompareRow(*store, id, "EUR", context);
      for (size_t c = 2; c < table.columns.size(); ++c) {
        const std::string& column = table.columns[c];
        const ResultTable& compared = column.ends_with("_eur") ? in_eur : in_usd;
        size_t at = compared.ColumnIndex(column);
        REQUIRE_MESSAGE(at < compared.columns.size(), column);
        CAPTURE(id);
        CAPTURE(column);
        CHECK(row[c] == compared.rows[0][at]);
      }
      with_funding += row[table.ColumnIndex("total_raised_usd")].has_value();
      with_leads += row[table.ColumnIndex("lead_investors")].has_value();
    }
    // The market's funding was seen at all (an empty store would agree too).
    CHECK(with_funding > table.rows.size() / 4);
    CHECK(with_leads > table.rows.size() / 4);
  }
}

TEST_CASE("work split in chunks covers every item once and keeps the first error") {
  for (size_t n : {size_t{0}, size_t{1}, size_t{7}, size_t{1000}}) {
    std::vector<std::atomic<int>> seen(n);
    Status s = ForChunksInParallel(n, 1, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) seen[i]++;
      return Status::Ok();
    });
    CHECK(s.ok());
    for (size_t i = 0; i < n; ++i) CHECK(seen[i] == 1);
  }
  Status failed = ForChunksInParallel(1000, 1, [](size_t begin, size_t) {
    return begin == 0 ? Status::Ok()
                      : Status::InvalidArgument("chunk from " + std::to_string(begin));
  });
  CHECK(failed.code() == StatusCode::kInvalidArgument);
  CHECK(failed.message().starts_with("chunk from "));
  CHECK_THROWS(ForChunksInParallel(
      100, 1, [](size_t, size_t) -> Status { throw std::runtime_error("chunk failed"); }));
}

}  // namespace
}  // namespace landscape
