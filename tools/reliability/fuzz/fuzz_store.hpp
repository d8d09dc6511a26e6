#pragma once
// A store the import fuzz targets validate their input against: created once per process in a
// fresh temporary directory and removed at exit. Inputs are read and validated but never
// committed, so every input meets the same empty store.

#include <memory>

#include "storage/store.hpp"

namespace landscape::fuzz {

Store* EmptyStore();
// Import options with a small memory budget: the importer reserves its budget up front, and the
// default 64 MiB per input made the reader targets run 60 inputs a second.
ImportOptions SmallImport();

}  // namespace landscape::fuzz
