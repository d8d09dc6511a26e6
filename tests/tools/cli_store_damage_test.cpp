// A store RocksDB would bring up with less than it had is refused, through the real binary.
// Before, a truncated MANIFEST opened as an empty store (`check` said ok, and the next `add`
// let RocksDB delete every data file), and a missing data file was served by readers as an
// older state (`export` exited 0 with part of the store).

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/test_support.hpp"
#include "tests/tools/cli_test_util.hpp"

namespace landscape {
namespace {

namespace fs = std::filesystem;
using testing::ProcessResult;
using testing::TempDir;
using testing::cli::Contains;
using testing::cli::ExportOf;
using testing::cli::ImportBundled;
using testing::cli::RequireSound;
using testing::cli::RunCli;

std::string CurrentManifest(const std::string& db) {
  std::ifstream in(db + "/CURRENT");
  std::string name;
  std::getline(in, name);
  return name;
}

void RequireRefusedAsDamaged(const std::string& db, const std::string& what) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--db", db, "check"},
                                               {"--db", db, "export", "--jsonl"},
                                               {"--db", db, "add", "entity", "--id", "minimax",
                                                "--kind", "company", "--name", "MiniMax"}}) {
    CAPTURE(args[2]);
    ProcessResult r = RunCli(args);
    INFO("stderr: ", r.err);
    CHECK(r.exit_code == 1);
    CHECK(Contains(r.err, "store " + db + " is damaged: " + what));
    CHECK(Contains(r.err, "nothing in it was changed"));
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli store damage: a truncated MANIFEST is refused, and nothing is deleted") {
  TempDir dir;
  const std::string db = dir.path() + "/store";
  ImportBundled(db);
  const std::string before = ExportOf(db);
  const std::string manifest = db + "/" + CurrentManifest(db);
  const std::string saved = dir.path() + "/manifest.saved";
  fs::copy_file(manifest, saved);
  fs::resize_file(manifest, fs::file_size(manifest) / 2);

  RequireRefusedAsDamaged(db, "its " + CurrentManifest(db) + " is ");

  // Nothing was deleted: with its MANIFEST back the store is whole.
  fs::copy_file(saved, manifest, fs::copy_options::overwrite_existing);
  CHECK(ExportOf(db) == before);
  RequireSound(db);
}

TEST_CASE("cli store damage: a missing data file is refused, not served as an older state") {
  TempDir dir;
  const std::string db = dir.path() + "/store";
  ImportBundled(db);
  std::string sst;
  for (const auto& entry : fs::directory_iterator(db)) {
    if (entry.path().extension() == ".sst") sst = entry.path().filename().string();
  }
  REQUIRE_FALSE(sst.empty());
  fs::rename(db + "/" + sst, dir.path() + "/" + sst);

  RequireRefusedAsDamaged(db, "its data file " + sst + " is missing");

  fs::rename(dir.path() + "/" + sst, db + "/" + sst);
  RequireSound(db);
}

TEST_CASE("cli store damage: a damaged watermark is refused with what to do") {
  TempDir dir;
  const std::string db = dir.path() + "/store";
  ImportBundled(db);
  {
    std::ofstream out(db + "/landscape-watermark", std::ios::app);
    out << "file 000999.sst 12\n";  // after the checksum line
  }
  ProcessResult r = RunCli({"--db", db, "check"});
  INFO("stderr: ", r.err);
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.err, "its landscape-watermark file is not readable (remove it to open"));
  // Removed, the store opens, and the next writer writes a new one.
  fs::remove(db + "/landscape-watermark");
  RequireSound(db);
  CHECK(RunCli({"--db", db, "add", "entity", "--id", "minimax", "--kind", "company", "--name",
                "MiniMax"})
            .exit_code == 0);
  CHECK(fs::exists(db + "/landscape-watermark"));
  RequireSound(db);
}

}  // namespace
}  // namespace landscape
