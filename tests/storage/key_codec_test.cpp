#include "storage/key_codec.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace landscape::keys {
namespace {

TEST_CASE("entity keys sort in numeric order") {
  std::vector<uint64_t> numbers = {0, 1, 255, 256, 65535, 65536, 1ull << 40, UINT64_MAX};
  for (size_t i = 1; i < numbers.size(); ++i) {
    CHECK(EntityKey(numbers[i - 1]) < EntityKey(numbers[i]));
  }
  CHECK(EntityKey(0x0102030405060708ull) == std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
}

TEST_CASE("edge keys order by first, then type, then second") {
  std::mt19937_64 rng(7);
  std::vector<std::tuple<uint64_t, uint32_t, uint64_t>> tuples;
  for (int i = 0; i < 500; ++i) {
    tuples.emplace_back(rng() % 1000, static_cast<uint32_t>(rng() % 5), rng());
  }
  std::vector<std::string> encoded;
  for (auto [a, t, b] : tuples) encoded.push_back(EdgeKey(a, t, b));
  std::sort(tuples.begin(), tuples.end());
  std::sort(encoded.begin(), encoded.end());
  for (size_t i = 0; i < tuples.size(); ++i) {
    auto parts = DecodeEdgeKey(encoded[i]);
    REQUIRE(parts);
    CHECK(std::tie(parts->first, parts->type, parts->second) ==
          std::tie(std::get<0>(tuples[i]), std::get<1>(tuples[i]), std::get<2>(tuples[i])));
  }
}

TEST_CASE("edge prefixes select exactly one entity's edges, optionally of one type") {
  std::string all = EdgePrefix(42);
  std::string typed = EdgePrefix(42, 3);
  CHECK(all.size() == kEdgePrefixSize);
  CHECK(typed.size() == kTypedEdgePrefixSize);
  CHECK(EdgeKey(42, 3, 9).rfind(typed, 0) == 0);
  CHECK(EdgeKey(42, 4, 9).rfind(typed, 0) != 0);
  CHECK(EdgeKey(42, 4, 9).rfind(all, 0) == 0);
  CHECK(EdgeKey(43, 3, 9).rfind(all, 0) != 0);
  CHECK_FALSE(DecodeEdgeKey("short"));
}

TEST_CASE("name keys: an exact-name prefix does not match longer names") {
  std::string prefix = NamePrefix("deepseek");
  CHECK(NameKey("deepseek", 5).rfind(prefix, 0) == 0);
  CHECK(NameKey("deepseek ai", 5).rfind(prefix, 0) != 0);
  std::string key = NameKey("深度求索", 77);  // the parts view into it
  auto parts = DecodeNameKey(key);
  REQUIRE(parts);
  CHECK(parts->normalized_name == "深度求索");
  CHECK(parts->id == 77);
}

TEST_CASE("id values round trip and refuse bad sizes") {
  auto entry = DecodeIdValue(IdValue(123456789, 5));
  REQUIRE(entry);
  CHECK(entry->number == 123456789);
  CHECK(entry->kind == 5);
  CHECK_FALSE(DecodeIdValue("abc"));
}

TEST_CASE("FX keys order by pair, then date") {
  auto d = [](const char* s) { return *Date::Parse(s); };
  CHECK(FxKey("CNY", "USD", d("2025-12")) < FxKey("CNY", "USD", d("2026-01")));
  CHECK(FxKey("CNY", "USD", d("2026")) < FxKey("CNY", "USD", d("2026-01")));
  CHECK(FxKey("CNY", "USD", d("2030")) < FxKey("EUR", "USD", d("2001")));
}

}  // namespace
}  // namespace landscape::keys
