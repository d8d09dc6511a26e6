// End-to-end tests of `landscape import` on bad input: one test case per class of error. Each
// one imports the bundled dataset first, then a bad file, and checks that the import is refused
// with a non-zero exit, that stderr says FILE:LINE: at POINTER: REASON (docs/data-format.md,
// "Error messages"), that stdout is empty, and that the store is byte-for-byte unchanged.

#include <doctest/doctest.h>

#include <filesystem>

#include <string>
#include <vector>

#include "core/limits.hpp"
#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

using testing::ProcessResult;
using testing::TempDir;
using testing::WriteFile;
using testing::cli::Contains;
using testing::cli::ExportOf;
using testing::cli::ImportBundled;
using testing::cli::RequireSound;
using testing::cli::RunCli;

// A store holding the bundled dataset and its export, taken before any bad import.
class BadImport {
 public:
  BadImport() {
    ImportBundled(db_);
    before_ = ExportOf(db_);
  }

  // Writes `text` to a file named `name` in the test's directory; returns its path.
  std::string Write(const std::string& name, const std::string& text) const {
    std::string path = dir_ / name;
    WriteFile(path, text);
    return path;
  }

  ProcessResult Import(const std::vector<std::string>& files, bool jsonl = false) const {
    std::vector<std::string> args{"--db", db_, "import"};
    if (jsonl) args.push_back("--jsonl");
    args.insert(args.end(), files.begin(), files.end());
    return RunCli(args);
  }

  // Imports `text` as file `name` and expects it refused with
  // "PATH:LINE: at POINTER: REASON..." on stderr, where REASON starts with `reason`.
  ProcessResult ExpectRefused(const std::string& name, const std::string& text, size_t line,
                              const std::string& pointer, const std::string& reason) const {
    std::string path = Write(name, text);
    ProcessResult r = Import({path});
    ExpectRefusedResult(r, path, line, pointer, reason);
    return r;
  }

  void ExpectRefusedResult(const ProcessResult& r, const std::string& path, size_t line,
                           const std::string& pointer, const std::string& reason) const {
    // A pointer ending in "/..." is a prefix: the rest of the pointer is not spelt out.
    bool prefix = pointer.size() >= 4 && pointer.compare(pointer.size() - 4, 4, "/...") == 0;
    std::string where = path + ":" + std::to_string(line) + ": at " +
                        (prefix ? pointer.substr(0, pointer.size() - 4) : pointer + ": ");
    INFO("expected on stderr: ", where, reason);
    INFO("stderr: ", r.err.substr(0, 2000));
    CHECK(r.exit_code != 0);
    CHECK(r.exit_code < 128);  // refused, not crashed
    CHECK(r.out.empty());
    CHECK(Contains(r.err, prefix ? where : where + reason));
    CHECK(Contains(r.err, reason));
    ExpectUnchanged();
  }

  void ExpectUnchanged() const {
    CHECK(ExportOf(db_) == before_);
    RequireSound(db_);
  }

  const std::string& db() const { return db_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::string db_ = dir_ / "store";
  std::string before_;
};

TEST_CASE("cli bad input: unknown kind") {
  BadImport t;
  t.ExpectRefused("kind.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company", "name": "Zhipu AI"},
    {"id": "x-robotics",
     "kind": "robot_maker",
     "name": "X Robotics"}
  ]
}
)",
                  6, "/entities/1/kind", "unknown kind 'robot_maker'");

  t.ExpectRefused("kind.jsonl",
                  "{\"format\": \"landscape/1\"}\n"
                  "{\"type\": \"entity\", \"id\": \"zhipu-ai\", \"kind\": \"company\", "
                  "\"name\": \"Zhipu AI\"}\n"
                  "{\"type\": \"entity\", \"id\": \"x-robotics\", \"kind\": \"robot_maker\", "
                  "\"name\": \"X Robotics\"}\n",
                  3, "/kind", "unknown kind 'robot_maker'");
}

TEST_CASE("cli bad input: unknown relation type") {
  BadImport t;
  t.ExpectRefused("relation.json", R"({
  "format": "landscape/1",
  "relations": [
    {"relation": "rival_of", "from": "deepseek", "to": "tencent"},
    {"from": "tencent",
     "to": "deepseek",
     "relation": "acquired"}
  ]
}
)",
                  7, "/relations/1/relation", "unknown relation type 'acquired'");
}

TEST_CASE("cli bad input: relation endpoints the schema forbids") {
  BadImport t;
  // raised goes from a company to a funding_round: here from an investor ...
  t.ExpectRefused("from-investor.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "hillhouse", "kind": "investor", "name": "Hillhouse Capital"}
  ],
  "relations": [
    {"relation": "invested_in", "from": "hillhouse", "to": "deepseek-series-a"},
    {"relation": "raised",
     "from": "hillhouse",
     "to": "deepseek-series-a"}
  ]
}
)",
                  9, "/relations/1/from", "a raised relation cannot start at 'hillhouse'");

  // ... and from a funding_round already in the store.
  t.ExpectRefused("from-round.json", R"({
  "format": "landscape/1",
  "relations": [
    {"relation": "raised", "from": "deepseek", "to": "deepseek-series-a"},
    {"relation": "raised",
     "from": "deepseek-series-a",
     "to": "moonshot-ai-series-b"}
  ]
}
)",
                  6, "/relations/1/from", "a raised relation cannot start at 'deepseek-series-a'");

  // The line-delimited form, with the entity defined after the relation that uses it.
  t.ExpectRefused("forward.jsonl",
                  "{\"format\": \"landscape/1\"}\n"
                  "{\"type\": \"relation\", \"relation\": \"raised\", \"from\": \"hillhouse\", "
                  "\"to\": \"deepseek-series-a\"}\n"
                  "{\"type\": \"entity\", \"id\": \"hillhouse\", \"kind\": \"investor\", "
                  "\"name\": \"Hillhouse Capital\"}\n",
                  2, "/from", "a raised relation cannot start at 'hillhouse'");
}

TEST_CASE("cli bad input: a relation to a missing entity") {
  BadImport t;
  t.ExpectRefused("missing.json", R"({
  "format": "landscape/1",
  "relations": [
    {"relation": "rival_of", "from": "deepseek", "to": "tencent"},
    {"relation": "rival_of",
     "from": "deepseek",
     "to": "nobody"}
  ]
}
)",
                  7, "/relations/1/to", "unknown entity 'nobody'");

  t.ExpectRefused("missing.jsonl",
                  "{\"format\": \"landscape/1\"}\n"
                  "{\"type\": \"relation\", \"relation\": \"rival_of\", \"from\": \"deepseek\", "
                  "\"to\": \"tencent\"}\n"
                  "{\"type\": \"relation\", \"relation\": \"rival_of\", \"from\": \"deepseek\", "
                  "\"to\": \"nobody\"}\n"
                  "{\"type\": \"entity\", \"id\": \"zhipu-ai\", \"kind\": \"company\", "
                  "\"name\": \"Zhipu AI\"}\n",
                  3, "/to", "unknown entity 'nobody'");
}

TEST_CASE("cli bad input: a bad date") {
  BadImport t;
  t.ExpectRefused("date.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-series-c", "kind": "funding_round", "name": "Zhipu Series C",
     "attributes": {
       "stage": "Series C",
       "announced": "2026-13"}}
  ]
}
)",
                  7, "/entities/0/attributes/announced", "'2026-13' is not a date");
}

TEST_CASE("cli bad input: a bad currency") {
  BadImport t;
  t.ExpectRefused("currency.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-series-c", "kind": "funding_round", "name": "Zhipu Series C",
     "attributes": {
       "stage": "Series C",
       "amount": "51B XYZ"}}
  ]
}
)",
                  7, "/entities/0/attributes/amount",
                  "'51B XYZ' is not an amount of money: 'XYZ' is not an ISO 4217 currency code");
}

TEST_CASE("cli bad input: one id defined twice with different content") {
  BadImport t;
  ProcessResult r = t.ExpectRefused("twice.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company", "name": "Zhipu AI"},
    {"id": "minimax", "kind": "company", "name": "MiniMax"},
    {"id": "zhipu-ai", "kind": "company",
     "name": "Zhipu"}
  ]
}
)",
                                    6, "/entities/2",
                                    "entity 'zhipu-ai' is defined twice with different content");
  // It also says where the first definition is, with its line.
  CHECK(Contains(r.err, "first at " + (t.dir() / "twice.json") + ":4"));

  // The same definition repeated is harmless.
  TempDir other;
  std::string same = other / "same.json";
  WriteFile(same, R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company", "name": "Zhipu AI"},
    {"id": "zhipu-ai", "kind": "company", "name": "Zhipu AI"}
  ]
}
)");
  ProcessResult ok = RunCli({"--db", other / "store", "import", same});
  INFO("stderr: ", ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(Contains(ok.err, "entities: 1 added"));
}

TEST_CASE("cli bad input: invalid UTF-8") {
  BadImport t;
  // A raw 0xff byte inside a string.
  ProcessResult r = t.ExpectRefused("utf8.json",
                                    "{\n"
                                    "  \"format\": \"landscape/1\",\n"
                                    "  \"entities\": [\n"
                                    "    {\"id\": \"zhipu-ai\", \"kind\": \"company\",\n"
                                    "     \"name\": \"Zhipu\xff AI\"}\n"
                                    "  ]\n"
                                    "}\n",
                                    5, "/entities/0/name", "");
  CHECK(Contains(r.err, "UTF-8"));

  // An overlong encoding of '/' in an alias, on a later line.
  r = t.ExpectRefused("overlong.json",
                      "{\n"
                      "  \"format\": \"landscape/1\",\n"
                      "  \"entities\": [\n"
                      "    {\"id\": \"zhipu-ai\", \"kind\": \"company\", \"name\": \"Zhipu AI\",\n"
                      "     \"aliases\": [\"Zhipu\",\n"
                      "                 \"a\xc0\xaf\"]}\n"
                      "  ]\n"
                      "}\n",
                      6, "/entities/0/aliases/1", "");
  CHECK(Contains(r.err, "UTF-8"));

  // A lone surrogate escape is not a character either.
  t.ExpectRefused("surrogate.json",
                  "{\n"
                  "  \"format\": \"landscape/1\",\n"
                  "  \"entities\": [\n"
                  "    {\"id\": \"zhipu-ai\", \"kind\": \"company\",\n"
                  "     \"name\": \"Zhipu \\ud800 AI\"}\n"
                  "  ]\n"
                  "}\n",
                  5, "/entities/0/name", "");
}

TEST_CASE("cli bad input: a duplicate key in one object") {
  BadImport t;
  t.ExpectRefused("dupkey.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company",
     "name": "Zhipu AI",
     "name": "Zhipu"}
  ]
}
)",
                  6, "/entities/0/name", "duplicate key \"name\" in one object");

  t.ExpectRefused("dupkey-attr.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company", "name": "Zhipu AI",
     "attributes": {
       "country": "China",
       "valuation": "20B CNY",
       "country": "PRC"}}
  ]
}
)",
                  8, "/entities/0/attributes/country", "duplicate key \"country\" in one object");
}

TEST_CASE("cli bad input: nesting deeper than the limit does not crash") {
  BadImport t;
  const size_t depth = 100000;
  // 100000 nested arrays as the whole document, starting on line 3.
  std::string arrays = "\n\n" + std::string(depth, '[') + std::string(depth, ']') + "\n";
  ProcessResult r =
      t.ExpectRefused("deep.json", arrays, 3, "/0/0/0/0/...", "nesting deeper than 64 levels");
  CHECK(r.err.size() < 10000);  // the pointer stops at the limit

  // Nested objects inside an attribute value.
  std::string objects =
      "{\n  \"format\": \"landscape/1\",\n  \"entities\": [\n"
      "    {\"id\": \"zhipu-ai\", \"kind\": \"company\", \"name\": \"Zhipu AI\",\n"
      "     \"attributes\": {\"notes\": ";
  for (size_t i = 0; i < depth; ++i) objects += "{\"a\":";
  objects += "1" + std::string(depth, '}') + "}}\n  ]\n}\n";
  r = t.ExpectRefused("deep-objects.json", objects, 5, "/entities/0/attributes/notes/a/a/a/...",
                      "nesting deeper than 64 levels");

  // Unclosed nesting (truncated): still refused cleanly.
  r = t.ExpectRefused("deep-open.json", std::string(depth, '['), 1, "/0/0/0/...",
                      "nesting deeper than 64 levels");

  // The same in the line-delimited form.
  std::string lines =
      "{\"format\": \"landscape/1\"}\n{\"type\": \"entity\", \"id\": \"zhipu-ai\", "
      "\"kind\": \"company\", \"name\": \"Zhipu AI\", \"aliases\": " +
      std::string(depth, '[') + std::string(depth, ']') + "}\n";
  r = t.ExpectRefused("deep.jsonl", lines, 2, "/aliases/0/0/...", "nesting deeper than 64 levels");
}

TEST_CASE("cli bad input: an integer beyond int64") {
  BadImport t;
  auto doc = [](const std::string& number) {
    return "{\n"
           "  \"format\": \"landscape/1\",\n"
           "  \"entities\": [\n"
           "    {\"id\": \"glm-5\", \"kind\": \"model\", \"name\": \"GLM-5\",\n"
           "     \"attributes\": {\n"
           "       \"context_window\": 128000,\n"
           "       \"parameters\": " +
           number +
           "}}\n"
           "  ]\n"
           "}\n";
  };
  for (const char* number : {"99999999999999999999", "9223372036854775808", "-9223372036854775809",
                             "184467440737095516160"}) {
    CAPTURE(number);
    ProcessResult r =
        t.ExpectRefused("int.json", doc(number), 7, "/entities/0/attributes/parameters", "");
    CHECK(Contains(r.err, "beyond int64"));
    CHECK(Contains(r.err, number));  // the number as written, not rounded through a double
  }

  // The limits themselves are accepted, exactly.
  TempDir other;
  std::string file = other / "limits.json";
  WriteFile(file, doc("9223372036854775807"));
  ProcessResult ok = RunCli({"--db", other / "store", "import", file});
  INFO("stderr: ", ok.err);
  REQUIRE(ok.exit_code == 0);
  CHECK(Contains(ExportOf(other / "store"), "\"parameters\":9223372036854775807"));
}

TEST_CASE("cli bad input: a NUL byte is refused where it is, not taken for the end") {
  BadImport t;
  // Before: the lexer stopped at the NUL, and what followed it was dropped with exit 0.
  std::string nul(1, '\0');
  std::string doc =
      "{\"format\": \"landscape/1\",\n \"entities\": [\n"
      "  {\"id\": \"minimax\", \"kind\": \"company\", \"name\": \"MiniMax\"}]}" +
      nul + "\n{\"trailing\": true}\n";
  t.ExpectRefused("nul.json", doc, 3, "/", "a NUL byte at column 60");
  std::string lines =
      "{\"type\": \"entity\", \"id\": \"minimax\", \"kind\": \"company\", \"name\": "
      "\"MiniMax\"}\n" +
      nul +
      "{\"type\": \"entity\", \"id\": \"zhipu-ai\", \"kind\": \"company\", \"name\": "
      "\"Zhipu\"}\n";
  ProcessResult r = t.ExpectRefused("nul.jsonl", lines, 2, "/", "a NUL byte at column 1");
  CHECK(Contains(r.err, "binary file"));
}

TEST_CASE("cli bad input: a number beyond a double names its line, in words") {
  BadImport t;
  // Before: line 0 and the library's "[json.exception.out_of_range.406]".
  std::string doc =
      "{\"format\": \"landscape/1\",\n \"entities\": [\n"
      "  {\"id\": \"glm-5\", \"kind\": \"model\", \"name\": \"GLM-5\",\n"
      "   \"attributes\": {\"parameters\": 1e400}}]}\n";
  ProcessResult r = t.ExpectRefused("huge.json", doc, 4, "/entities/0/attributes/parameters",
                                    "the number '1e400' is beyond the range of a double");
  CHECK_FALSE(Contains(r.err, "json.exception"));
  r = t.ExpectRefused("huge.jsonl",
                      "{\"type\": \"entity\", \"id\": \"glm-5\", \"kind\": \"model\", \"name\": "
                      "\"GLM-5\", \"attributes\": {\"parameters\": -2e999}}\n",
                      1, "/attributes/parameters", "the number '-2e999' is beyond");
  CHECK_FALSE(Contains(r.err, "json.exception"));
}

TEST_CASE("cli bad input: an amount with an exponent is refused as such") {
  BadImport t;
  // Before: "'E400 USD' is not an ISO 4217 currency code".
  t.ExpectRefused("amount.jsonl",
                  "{\"type\": \"entity\", \"id\": \"r\", \"kind\": \"funding_round\", \"name\": "
                  "\"R\", \"attributes\": {\"amount\": \"1e400 USD\"}}\n",
                  1, "/attributes/amount",
                  "'1e400 USD' is not an amount of money: an exponent is not read");
}

TEST_CASE("cli bad input: a directory given to import is named as one") {
  BadImport t;
  std::string dir = t.dir() / "a-directory.json";
  std::filesystem::create_directory(dir);
  ProcessResult r = t.Import({dir});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.exit_code < 128);
  CHECK(Contains(r.err, dir + ": is a directory"));
  CHECK_FALSE(Contains(r.err, "unexpected end of input"));
  t.ExpectUnchanged();
}

TEST_CASE("cli bad input: names, lines and endless inputs past their limits") {
  BadImport t;
  // Before: a name of any size was accepted and became an index key of that size.
  std::string long_name(kMaxNameBytes + 1, 'N');
  t.ExpectRefused("name.jsonl",
                  "{\"type\": \"entity\", \"id\": \"big\", \"kind\": \"company\", \"name\": \"" +
                      long_name + "\"}\n",
                  1, "/name", "a name of 1025 bytes; names and aliases hold at most 1024");
  t.ExpectRefused("alias.jsonl",
                  "{\"type\": \"entity\", \"id\": \"big\", \"kind\": \"company\", \"name\": "
                  "\"Big\", \"aliases\": [\"ok\", \"" +
                      long_name + "\"]}\n",
                  1, "/aliases/1", "a name of 1025 bytes");
  // The limit itself is accepted.
  std::string at_limit(kMaxNameBytes, 'N');
  std::string ok_file = t.Write("limit.jsonl",
                                "{\"type\": \"entity\", \"id\": \"big\", \"kind\": "
                                "\"company\", \"name\": \"" +
                                    at_limit + "\"}\n");
  TempDir other;
  CHECK(RunCli({"--db", other / "store", "import", ok_file}).exit_code == 0);
  ProcessResult add = RunCli(
      {"--db", t.db(), "add", "entity", "--id", "big", "--kind", "company", "--name", long_name});
  CHECK(add.exit_code != 0);
  CHECK(Contains(add.err, "a name of 1025 bytes"));
  t.ExpectUnchanged();

  // Before: both grew without bound. One endless line, and an endless document.
  ProcessResult lines = t.Import({"/dev/zero"}, /*jsonl=*/true);
  INFO("stderr: ", lines.err);
  CHECK(lines.exit_code != 0);
  CHECK(Contains(lines.err, "/dev/zero:1: at /: a line longer than 16 MiB"));
  ProcessResult document = t.Import({"/dev/zero"});
  INFO("stderr: ", document.err);
  CHECK(document.exit_code != 0);
  CHECK(Contains(document.err, "/dev/zero:1: at /: a NUL byte at column 1"));
  t.ExpectUnchanged();
}

TEST_CASE("cli bad input: a malformed document") {
  BadImport t;
  // Truncated JSON: the error is where the input ends.
  ProcessResult r = t.ExpectRefused("truncated.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company",
     "name": "Zhipu AI"}
)",
                                    6, "/entities/1", "");
  CHECK(Contains(r.err, "unexpected end of input"));

  // Wrong format.
  t.ExpectRefused("format.json", R"({
  "entities": [],
  "format": "landscape/2"
}
)",
                  3, "/format", "unsupported format \"landscape/2\"");

  // No format at all, an array instead of an object, an empty file.
  t.ExpectRefused("noformat.json", "{\"entities\": []}\n", 1, "/", "missing \"format\"");
  t.ExpectRefused("array.json", "[]\n", 1, "/", "expected a landscape/1 document object");
  r = t.ExpectRefused("empty.json", "", 1, "/", "");
  CHECK(Contains(r.err, "unexpected end of input"));

  // A misspelt field is refused, not dropped.
  t.ExpectRefused("field.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company", "name": "Zhipu AI",
     "aliasses": ["Zhipu"]}
  ]
}
)",
                  5, "/entities/0/aliasses",
                  "unknown field 'aliasses' in an entity; did you mean: aliases?");

  // A missing file names the file.
  r = t.Import({t.dir() / "does-not-exist.json"});
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(Contains(r.err, "does-not-exist.json"));
  t.ExpectUnchanged();
}

TEST_CASE("cli bad input: a bad line late in a .jsonl file") {
  BadImport t;
  // 40 good records, the bad one on line 43, then more good ones.
  std::string text = "{\"format\": \"landscape/1\"}\n";
  for (int i = 0; i < 20; ++i) {
    text += "{\"type\": \"entity\", \"id\": \"late-co-" + std::to_string(i) +
            "\", \"kind\": \"company\", \"name\": \"Late Company " + std::to_string(i) + "\"}\n";
  }
  text += "\n";  // a blank line counts as a line
  for (int i = 0; i < 20; ++i) {
    text += "{\"type\": \"relation\", \"relation\": \"rival_of\", \"from\": \"late-co-" +
            std::to_string(i) + "\", \"to\": \"deepseek\"}\n";
  }
  // Line 1 + 20 + 1 + 20 = 42 lines so far.
  text +=
      "{\"type\": \"entity\", \"id\": \"late-round\", \"kind\": \"funding_round\", \"name\": "
      "\"Late Round\", \"attributes\": {\"announced\": \"2026-13\"}}\n";
  for (int i = 20; i < 25; ++i) {
    text += "{\"type\": \"entity\", \"id\": \"late-co-" + std::to_string(i) +
            "\", \"kind\": \"company\", \"name\": \"Late Company " + std::to_string(i) + "\"}\n";
  }
  std::string path = t.Write("late.jsonl", text);
  ProcessResult r = t.Import({path});
  t.ExpectRefusedResult(r, path, 43, "/attributes/announced", "'2026-13' is not a date");
  // None of the records before it was written.
  for (const char* name : {"late-co-0", "Late Company 19", "late-round"}) {
    ProcessResult show = RunCli({"--db", t.db(), "show", name});
    CHECK_MESSAGE(show.exit_code != 0, name);
  }

  // --jsonl on a file named otherwise reads it the same way.
  std::string renamed = t.Write("late.txt", text);
  r = t.Import({renamed}, /*jsonl=*/true);
  t.ExpectRefusedResult(r, renamed, 43, "/attributes/announced", "'2026-13' is not a date");

  // A reference that never resolves is reported at its line, found only at the end.
  std::string dangling = "{\"format\": \"landscape/1\"}\n";
  for (int i = 0; i < 30; ++i) {
    dangling += "{\"type\": \"entity\", \"id\": \"late-co-" + std::to_string(i) +
                "\", \"kind\": \"company\", \"name\": \"Late Company " + std::to_string(i) +
                "\"}\n";
  }
  dangling +=
      "{\"type\": \"relation\", \"relation\": \"rival_of\", \"from\": \"late-co-3\", "
      "\"to\": \"nobody\"}\n";  // line 32
  for (int i = 30; i < 40; ++i) {
    dangling += "{\"type\": \"entity\", \"id\": \"late-co-" + std::to_string(i) +
                "\", \"kind\": \"company\", \"name\": \"Late Company " + std::to_string(i) +
                "\"}\n";
  }
  path = t.Write("dangling.jsonl", dangling);
  r = t.Import({path});
  t.ExpectRefusedResult(r, path, 32, "/to", "unknown entity 'nobody'");
}

TEST_CASE("cli bad input: when the second of two files is bad nothing of the first is written") {
  BadImport t;
  std::string good = t.Write("good.json", R"({
  "format": "landscape/1",
  "entities": [
    {"id": "zhipu-ai", "kind": "company", "name": "Zhipu AI", "aliases": ["智谱"]}
  ],
  "relations": [
    {"relation": "rival_of", "from": "zhipu-ai", "to": "deepseek"}
  ]
}
)");
  std::string bad = t.Write("bad.jsonl",
                            "{\"format\": \"landscape/1\"}\n"
                            "{\"type\": \"entity\", \"id\": \"minimax\", \"kind\": \"company\", "
                            "\"name\": \"MiniMax\"}\n"
                            "{\"type\": \"entity\", \"id\": \"minimax-a\", \"kind\": "
                            "\"funding_round\", \"name\": \"MiniMax A\", \"attributes\": "
                            "{\"amount\": \"51B XYZ\"}}\n");
  ProcessResult r = t.Import({good, bad});
  t.ExpectRefusedResult(r, bad, 3, "/attributes/amount", "'51B XYZ' is not an amount of money");
  for (const char* name : {"zhipu-ai", "智谱", "minimax"}) {
    ProcessResult show = RunCli({"--db", t.db(), "show", name});
    CHECK_MESSAGE(show.exit_code != 0, name);
  }

  // The good file alone imports: the refusal was the second file's doing.
  TempDir other;
  r = RunCli({"--db", other / "store", "import", testing::cli::BundledDatasetPath(), good});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 0);
  CHECK(RunCli({"--db", other / "store", "show", "智谱"}).exit_code == 0);
}

}  // namespace
}  // namespace landscape
