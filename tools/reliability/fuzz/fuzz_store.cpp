#include "fuzz_store.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace landscape::fuzz {
namespace {

struct TemporaryStore {
  std::string dir;
  std::unique_ptr<Store> store;

  TemporaryStore() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/landscape-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) std::abort();
    dir = pattern;
    auto created = Store::Create(dir + "/store");
    if (!created.ok()) {
      std::fprintf(stderr, "cannot create the fuzz store: %s\n",
                   created.status().ToString().c_str());
      std::abort();
    }
    store = std::move(created).value();
  }
  ~TemporaryStore() {
    store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

}  // namespace

Store* EmptyStore() {
  static TemporaryStore instance;
  return instance.store.get();
}

ImportOptions SmallImport() {
  ImportOptions options;
  options.memory_budget_bytes = 1 << 20;
  return options;
}

}  // namespace landscape::fuzz
