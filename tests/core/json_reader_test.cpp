#include "core/json_reader.hpp"
#include "tests/core/core_test_util.hpp"

#include <doctest/doctest.h>

#include <string>

namespace landscape {
namespace {

using testing::core::Contains;

using nlohmann::json;

// Parses `text`, which must be refused, and returns the error.
JsonError Refused(const std::string& text, const JsonReadOptions& options = {}) {
  json j = json::object();
  JsonError error;
  bool ok = ParseJsonStrict(text, &j, &error, options);
  REQUIRE_MESSAGE(!ok, "accepted: " << text.substr(0, 200));
  CHECK_MESSAGE(!error.message.empty(), "no message");
  CHECK(j.is_null());  // nothing half-built is handed out
  return error;
}

json Parsed(const std::string& text) {
  json j;
  JsonError error;
  bool ok = ParseJsonStrict(text, &j, &error);
  REQUIRE_MESSAGE(ok, "line " << error.line << " at " << error.pointer << ": " << error.message);
  return j;
}

}  // namespace

TEST_CASE("ParseJsonStrict reads a valid document") {
  json j = Parsed(R"({
  "format": "landscape/1",
  "entities": [
    {"id": "deepseek", "name": "DeepSeek", "aliases": ["深度求索"], "public": false},
    {"id": "moonshot-ai", "name": "Moonshot AI", "employees": 300, "parent": null}
  ],
  "count": -2,
  "max": 9223372036854775807,
  "min": -9223372036854775808
})");
  REQUIRE(j.is_object());
  CHECK(j["format"] == "landscape/1");
  REQUIRE(j["entities"].is_array());
  REQUIRE(j["entities"].size() == 2);
  CHECK(j["entities"][0]["aliases"][0] == "深度求索");
  CHECK(j["entities"][0]["public"] == false);
  CHECK(j["entities"][1]["employees"] == 300);
  CHECK(j["entities"][1]["parent"].is_null());
  CHECK(j["count"].get<int64_t>() == -2);
  CHECK(j["max"].get<int64_t>() == INT64_MAX);
  CHECK(j["min"].get<int64_t>() == INT64_MIN);
  CHECK(j["max"].is_number_integer());

  CHECK(Parsed("[]") == json::array());
  CHECK(Parsed("{}") == json::object());
  CHECK(Parsed("  \"text\"  ") == "text");
  CHECK(Parsed("42") == 42);
  CHECK(Parsed("null").is_null());
}

TEST_CASE("ParseJsonStrict refuses a duplicate key, at the line of the second occurrence") {
  const std::string text = R"({
  "a": 1,
  "b": {
    "c": [1, 2]
  },
  "d": true,
  "b": 2
})";
  JsonError error = Refused(text);
  CHECK(error.pointer == "/b");
  CHECK(error.line == 7);
  CHECK(Contains(error.message, "duplicate key \"b\""));
}

TEST_CASE("ParseJsonStrict refuses duplicate keys in nested objects and array items") {
  JsonError nested = Refused(R"({"x": {
  "y": 1,
  "z": {"y": 5},
  "y": 2
}})");
  CHECK(nested.pointer == "/x/y");
  CHECK(nested.line == 4);

  JsonError in_array = Refused(R"([
  {"k": 1},
  {"k": 1, "j": 0,
   "k": 2}
])");
  CHECK(in_array.pointer == "/1/k");
  CHECK(in_array.line == 4);

  JsonError escaped = Refused("{\n\"a/b\": 1,\n\"c\": {},\n\"a/b\": 2}");
  CHECK(escaped.pointer == "/a~1b");
  CHECK(escaped.line == 4);

  // Same key in different objects is fine.
  CHECK(Parsed(R"({"a": {"k": 1}, "b": {"k": 1}})")["b"]["k"] == 1);
}

TEST_CASE("ParseJsonStrict refuses nesting deeper than the limit without crashing") {
  const std::string deep(100000, '[');
  JsonError error = Refused(deep);
  CHECK(Contains(error.message, "nesting deeper than 64"));
  CHECK(error.line == 1);
  std::string pointer;
  for (int i = 0; i < 64; ++i) pointer += "/0";
  CHECK(error.pointer == pointer);

  // The same for objects, and for a balanced document.
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  CHECK(Contains(Refused(objects).message, "nesting deeper"));
  std::string balanced = std::string(50000, '[') + std::string(50000, ']');
  CHECK(Contains(Refused(balanced).message, "nesting deeper"));
}

TEST_CASE("ParseJsonStrict accepts nesting up to the limit exactly") {
  const std::string at_limit = std::string(64, '[') + std::string(64, ']');
  const std::string beyond = std::string(65, '[') + std::string(65, ']');
  Parsed(at_limit);
  Refused(beyond);

  JsonReadOptions shallow;
  shallow.max_depth = 2;
  json j;
  JsonError error;
  CHECK(ParseJsonStrict(R"({"a": [1]})", &j, &error, shallow));
  JsonError deep = Refused("{\n\"a\": [\n[1]]}", shallow);
  CHECK(deep.pointer == "/a/0");
  CHECK(deep.line == 3);
  CHECK(Contains(deep.message, "nesting deeper than 2"));
}

TEST_CASE("ParseJsonStrict refuses integers beyond int64 with their pointer and line") {
  JsonError huge = Refused(R"({
  "a": [1,
    99999999999999999999]
})");
  CHECK(huge.pointer == "/a/1");
  CHECK(huge.line == 3);
  CHECK(Contains(huge.message, "99999999999999999999"));
  CHECK(Contains(huge.message, "beyond int64"));

  JsonError just_over = Refused("{\"ok\": 1,\n \"n\":\n 9223372036854775808}");
  CHECK(just_over.pointer == "/n");
  CHECK(just_over.line == 3);
  CHECK(Contains(just_over.message, "9223372036854775808"));

  JsonError negative = Refused("[-9223372036854775809]");
  CHECK(negative.pointer == "/0");
  CHECK(negative.line == 1);
  CHECK(Contains(negative.message, "-9223372036854775809"));

  JsonError root = Refused("\n\n18446744073709551616");
  CHECK(root.pointer == "");
  CHECK(root.line == 3);
}

TEST_CASE("ParseJsonStrict keeps the literal text of numbers with a fraction or exponent") {
  json j = Parsed(R"({"rate": 0.1451, "big": 7.4e9, "tiny": -1.5E-3, "whole": 5, "text": "0.1451",
                      "list": [1.10]})");
  CHECK(IsJsonNumberLiteral(j["rate"]));
  CHECK(JsonNumberLiteral(j["rate"]) == "0.1451");
  CHECK(IsJsonNumberLiteral(j["big"]));
  CHECK(JsonNumberLiteral(j["big"]) == "7.4e9");
  CHECK(JsonNumberLiteral(j["tiny"]) == "-1.5E-3");
  CHECK(JsonNumberLiteral(j["list"][0]) == "1.10");  // trailing zero kept as written
  CHECK_FALSE(IsJsonNumberLiteral(j["whole"]));
  CHECK(j["whole"].is_number_integer());
  CHECK_FALSE(IsJsonNumberLiteral(j["text"]));
  CHECK_FALSE(IsJsonNumberLiteral(json(0.1451)));
  CHECK_FALSE(IsJsonNumberLiteral(json::binary({1, 2, 3})));
}

TEST_CASE("ParseJsonStrict refuses invalid UTF-8 inside a string, with the line") {
  JsonError error = Refused("{\n  \"a\": \"ok\",\n  \"b\": \"bad \xff byte\"\n}");
  CHECK(error.line == 3);
  CHECK(Contains(error.message, "UTF-8"));
  CHECK_FALSE(Contains(error.message, "json.exception"));

  JsonError truncated = Refused("[\"a\",\n\"b\",\n\"\xe6\xb7\"]");
  CHECK(truncated.line == 3);
  CHECK(Contains(truncated.message, "UTF-8"));

  JsonError key = Refused("{\"\xc0\xaf\": 1}");
  CHECK(key.line == 1);
}

TEST_CASE("ParseJsonStrict refuses malformed JSON at the right line") {
  JsonError missing_brace = Refused("{\n  \"a\": 1,\n  \"b\": [1, 2]");
  CHECK(missing_brace.line == 3);
  CHECK_FALSE(Contains(missing_brace.message, "json.exception"));
  CHECK_FALSE(Contains(missing_brace.message, "at line"));

  JsonError trailing_comma = Refused("{\n  \"a\": 1,\n  \"b\": 2,\n}");
  CHECK(trailing_comma.line == 4);

  JsonError array_comma = Refused("[1,\n2,\n]");
  CHECK(array_comma.line == 3);

  JsonError missing_colon = Refused("{\n\n\"a\" 1}");
  CHECK(missing_colon.line == 3);

  JsonError trailing_text = Refused("{}\n{}");
  CHECK(trailing_text.line == 2);

  JsonError empty = Refused("");
  CHECK(empty.line == 1);

  JsonError comment = Refused("{\n// no comments in JSON\n}");
  CHECK(comment.line == 2);

  JsonError single_quotes = Refused("{'a': 1}");
  CHECK(single_quotes.line == 1);
}

TEST_CASE("LineOfJsonPointer finds nested values in a multi-line document") {
  const std::string text = R"({
  "entities": [
    {
      "id": "deepseek",
      "attributes": {
        "a/b": 1,
        "m~n": {
          "x": [10,
                20]
        }
      }
    },
    {"id": "moonshot-ai", "name": "a \"quoted\" \\ } ] , name"}
  ],
  "empty": {},
  "list": [],
  "after": "x",
  "last": 3
})";
  Parsed(text);  // the document itself is valid
  CHECK(LineOfJsonPointer(text, "") == 1);
  CHECK(LineOfJsonPointer(text, "/entities") == 2);
  CHECK(LineOfJsonPointer(text, "/entities/0") == 3);
  CHECK(LineOfJsonPointer(text, "/entities/0/id") == 4);
  CHECK(LineOfJsonPointer(text, "/entities/0/attributes") == 5);
  CHECK(LineOfJsonPointer(text, "/entities/0/attributes/a~1b") == 6);
  CHECK(LineOfJsonPointer(text, "/entities/0/attributes/m~0n") == 7);
  CHECK(LineOfJsonPointer(text, "/entities/0/attributes/m~0n/x") == 8);
  CHECK(LineOfJsonPointer(text, "/entities/0/attributes/m~0n/x/0") == 8);
  CHECK(LineOfJsonPointer(text, "/entities/0/attributes/m~0n/x/1") == 9);
  CHECK(LineOfJsonPointer(text, "/entities/1") == 13);
  CHECK(LineOfJsonPointer(text, "/entities/1/name") == 13);
  CHECK(LineOfJsonPointer(text, "/empty") == 15);
  CHECK(LineOfJsonPointer(text, "/list") == 16);
  CHECK(LineOfJsonPointer(text, "/after") == 17);
  CHECK(LineOfJsonPointer(text, "/last") == 18);

  // Not there: 0.
  CHECK(LineOfJsonPointer(text, "/missing") == 0);
  CHECK(LineOfJsonPointer(text, "/entities/2") == 0);
  CHECK(LineOfJsonPointer(text, "/entities/0/attributes/a/b") == 0);  // unescaped '/'
  CHECK(LineOfJsonPointer(text, "/empty/x") == 0);
  CHECK(LineOfJsonPointer(text, "/list/0") == 0);
  CHECK(LineOfJsonPointer(text, "/entities/1", 2) == 0);
  CHECK(LineOfJsonPointer("", "") == 0);
}

TEST_CASE("LineOfJsonPointer matches keys written with escapes") {
  const std::string text =
      "{\n"
      "  \"plain\": 1,\n"
      "  \"tab\\tkey\": 2,\n"
      "  \"\\u6df1\\u5ea6\": 3,\n"
      "  \"slash\\/key\": 4,\n"
      "  \"q\\\"k\": 5,\n"
      "  \"\\ud83d\\ude80\": 6\n"
      "}";
  json j = Parsed(text);
  CHECK(j.contains("tab\tkey"));
  CHECK(j.contains("深度"));
  CHECK(LineOfJsonPointer(text, "/plain") == 2);
  CHECK(LineOfJsonPointer(text, "/tab\tkey") == 3);
  CHECK(LineOfJsonPointer(text, "/深度") == 4);
  CHECK(LineOfJsonPointer(text, "/slash~1key") == 5);
  CHECK(LineOfJsonPointer(text, "/q\"k") == 6);
  CHECK(LineOfJsonPointer(text, "/\xF0\x9F\x9A\x80") == 7);

  // A duplicate written once escaped and once plain is found at its second occurrence.
  JsonError error = Refused("{\n\"\\u0061b\": 1,\n\"ab\": 2\n}");
  CHECK(error.pointer == "/ab");
  CHECK(error.line == 3);
}

TEST_CASE("LineOfJsonPointer counts occurrences of a repeated path") {
  const std::string text = "{\"k\": 1,\n\"k\": 2,\n\n\"k\": 3}";
  CHECK(LineOfJsonPointer(text, "/k") == 1);
  CHECK(LineOfJsonPointer(text, "/k", 1) == 1);
  CHECK(LineOfJsonPointer(text, "/k", 2) == 2);
  CHECK(LineOfJsonPointer(text, "/k", 3) == 4);
  CHECK(LineOfJsonPointer(text, "/k", 4) == 0);
}

TEST_CASE("JsonPointerAppend escapes '~' and '/'") {
  CHECK(JsonPointerAppend("", "entities") == "/entities");
  CHECK(JsonPointerAppend("/entities", size_t{0}) == "/entities/0");
  CHECK(JsonPointerAppend("/entities/12", "id") == "/entities/12/id");
  CHECK(JsonPointerAppend("", "a/b") == "/a~1b");
  CHECK(JsonPointerAppend("/x", "m~n") == "/x/m~0n");
  CHECK(JsonPointerAppend("", "~/") == "/~0~1");
  CHECK(JsonPointerAppend("", "~1") == "/~01");
  CHECK(JsonPointerAppend("", "") == "/");
  // The result is a pointer nlohmann resolves to the same place.
  json j = {{"a/b", {{"m~n", 7}}}};
  CHECK(j.at(json::json_pointer(JsonPointerAppend(JsonPointerAppend("", "a/b"), "m~n"))) == 7);
}

TEST_CASE("ErrorAt and ErrorPointer round trip") {
  for (const char* pointer :
       {"/entities/0/kind", "/a~1b/m~0n", "/relations/12/properties/lead", "/深度"}) {
    CAPTURE(pointer);
    Status s = ErrorAt(pointer, "unknown kind 'planet'");
    CHECK_FALSE(s.ok());
    CHECK(s.code() == StatusCode::kInvalidArgument);
    CHECK(s.message() == std::string("at ") + pointer + ": unknown kind 'planet'");
    auto back = ErrorPointer(s);
    REQUIRE(back.has_value());
    CHECK(*back == pointer);
  }

  // The root is written "/" and read back as "".
  Status root = ErrorAt("", "expected an object");
  CHECK(root.message() == "at /: expected an object");
  REQUIRE(ErrorPointer(root).has_value());
  CHECK(*ErrorPointer(root) == "");

  // A reason that itself holds ": " does not confuse the pointer.
  Status nested = ErrorAt("/fx_rates/0/rate", "'x' is not a decimal number: bad");
  CHECK(ErrorPointer(nested) == std::optional<std::string>("/fx_rates/0/rate"));

  // Statuses that are not ErrorAt have no pointer.
  CHECK_FALSE(ErrorPointer(Status::Ok()).has_value());
  CHECK_FALSE(ErrorPointer(Status::InvalidArgument("something at /x: y")).has_value());
  CHECK_FALSE(ErrorPointer(Status::NotFound("no entity 'x'")).has_value());
  // The pointer is data, not text: context keeps it; once placed in a file it is that place's.
  CHECK(ErrorPointer(ErrorAt("/a", "b").WithContext("reading")) ==
        std::optional<std::string>("/a"));
  Status placed = ErrorAt("/a", "b").WithLocation(InputLocation{"data/x.json", 3, "/a"});
  CHECK_FALSE(ErrorPointer(placed).has_value());
  REQUIRE(placed.location().has_value());
  CHECK(placed.location()->file == "data/x.json");
  CHECK(placed.location()->line == 3);
}

}  // namespace landscape
