// The line-delimited reader (`import --jsonl`): bounded lines, then each record validated.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "fuzz_store.hpp"
#include "storage/importer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  landscape::Importer importer(landscape::fuzz::EmptyStore(), landscape::fuzz::SmallImport());
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  (void)importer.AddJsonLines("fuzz.jsonl", in);
  return 0;
}
