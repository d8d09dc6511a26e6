// End-to-end test of `landscape info`, whose output names the store's temporary path and its
// RocksDB sequence number, so it cannot be a data-driven case. What the query verbs print
// (compare, investors, portfolio, shared-investors, rivals, path, rank, clusters, with
// --format and --as-of) is tested by the cases in tests/cases/*.test.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/tools/cli_test_util.hpp"

namespace landscape::testing::cli {
namespace {

using nlohmann::json;

TEST_CASE("cli info: the store and its format, without reading entities") {
  TempDir dir;
  std::string db = dir / "s.db";
  ImportBundled(db);
  ProcessResult r = RunCli({"--db", db, "--format", "json", "info"});
  INFO("stderr: ", r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  json info = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE(info.is_object());
  CHECK(info["info"]["store"] == db);
  CHECK(info["info"]["format"] == 2);
  CHECK(info["info"]["sequence"].get<int64_t>() > 0);
  CHECK(info["info"]["kinds"].get<int64_t>() > 0);
}

}  // namespace
}  // namespace landscape::testing::cli
