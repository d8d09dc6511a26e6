// WriteFileAtomically: a complete file or the old one, and never a temporary file left behind.

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "storage/atomic_file.hpp"
#include "tests/test_support.hpp"

namespace landscape::testing {
namespace {

// The names in `dir`, sorted.
std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Status WriteText(std::ostream& out, const std::string& text) {
  out << text;
  return Status::Ok();
}

TEST_CASE("WriteFileAtomically writes the whole file and leaves nothing beside it") {
  TempDir dir;
  std::string path = dir / "out.json";
  REQUIRE_OK(WriteFileAtomically(path, [](std::ostream& o) { return WriteText(o, "first"); }));
  REQUIRE_OK(WriteFileAtomically(path, [](std::ostream& o) { return WriteText(o, "second"); }));
  CHECK(ReadFile(path) == "second");
  CHECK(Entries(dir.path()) == std::vector<std::string>{"out.json"});
}

TEST_CASE("WriteFileAtomically keeps the old file when the writer fails") {
  TempDir dir;
  std::string path = dir / "out.json";
  WriteFile(path, "old");
  Status s = WriteFileAtomically(path, [](std::ostream& o) {
    o << "half of the n";
    return Status::Corruption("entity #7 is missing");
  });
  CHECK(s.code() == StatusCode::kCorruption);
  CHECK(s.message() == "entity #7 is missing");
  CHECK(ReadFile(path) == "old");
  CHECK(Entries(dir.path()) == std::vector<std::string>{"out.json"});
}

TEST_CASE("WriteFileAtomically refuses a directory and a missing folder, writing nothing") {
  TempDir dir;
  std::filesystem::create_directory(dir / "existing");
  Status s =
      WriteFileAtomically(dir / "existing", [](std::ostream& o) { return WriteText(o, "x"); });
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message() == dir / "existing" + " is a directory; name a file");
  CHECK(Entries(dir.path()) == std::vector<std::string>{"existing"});
  CHECK(Entries(dir / "existing").empty());

  Status missing =
      WriteFileAtomically(dir / "no/such/file", [](std::ostream& o) { return WriteText(o, "x"); });
  CHECK(missing.code() == StatusCode::kIOError);
  CHECK(missing.message().find(dir / "no/such/file") != std::string::npos);
  CHECK(Entries(dir.path()) == std::vector<std::string>{"existing"});
}

}  // namespace
}  // namespace landscape::testing
