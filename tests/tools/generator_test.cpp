// The benchmarks' generator (tools/bench/generate.cpp), driven as a process: deterministic
// for a seed, and what it writes imports cleanly. Built when the benchmarks are.
#ifdef LANDSCAPE_GENERATE_PATH

#include <doctest/doctest.h>

#include <cstdlib>

#include <fmt/format.h>

#include "tests/tools/cli_test_util.hpp"

namespace landscape::testing::cli {
namespace {

int Generate(const TempDir& dir, const std::string& name, int orgs, int seed) {
  std::string command = fmt::format("{} --orgs {} --seed {} --out {} 2>/dev/null",
                                    LANDSCAPE_GENERATE_PATH, orgs, seed, dir / name);
  return std::system(command.c_str());
}

TEST_CASE("generator: the same seed writes the same file and it imports and checks clean") {
  TempDir dir;
  REQUIRE(Generate(dir, "a.jsonl", 500, 3) == 0);
  REQUIRE(Generate(dir, "b.jsonl", 500, 3) == 0);
  REQUIRE(Generate(dir, "c.jsonl", 500, 4) == 0);
  std::string a = ReadFile(dir / "a.jsonl");
  CHECK(a == ReadFile(dir / "b.jsonl"));
  CHECK(a != ReadFile(dir / "c.jsonl"));
  ProcessResult imported = RunCli({"--db", dir / "s.db", "import", dir / "a.jsonl"});
  INFO("import stderr: ", imported.err);
  REQUIRE(imported.exit_code == 0);
  CheckSummary check = CheckOf(dir / "s.db");
  CHECK(check.exit_code == 0);
  CHECK(check.relations == 5000);        // about 10 an organisation, exactly for the benchmarks
  CHECK(check.fx_rates == 2 * 12 * 17);  // CNY and EUR to USD, monthly, 2010-2026
}

}  // namespace
}  // namespace landscape::testing::cli

#endif  // LANDSCAPE_GENERATE_PATH
