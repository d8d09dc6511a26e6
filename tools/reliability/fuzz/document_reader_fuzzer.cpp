// The landscape/1 document reader: strict JSON, then every record validated as an import
// validates it. Any input must give a Status, never a crash, a leak or undefined behaviour.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_store.hpp"
#include "storage/importer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  landscape::Importer importer(landscape::fuzz::EmptyStore(), landscape::fuzz::SmallImport());
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)importer.AddDocument("fuzz.json", text);
  return 0;
}
