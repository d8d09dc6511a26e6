#pragma once
// Verifies a store's invariants: every id names an entity that names it back, the name index
// holds exactly the names and aliases of the entities, every edge has both endpoints, a mirror
// in the other direction and endpoints of the kinds its type allows, every cited source exists
// and is a source.

#include <string>
#include <vector>

#include "landscape/changes.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// Fails only when the store cannot be read; what is wrong with it goes into the report.
Result<StoreCheckReport> CheckStore(const Store& store);

// Mends what `report` says can be mended without loss (next_id_repair; image_repair removes
// the damaged image, for the caller to build again) and says what it did. REQUIRES: `store`
// open for writing, `report` from CheckStore on it.
Result<std::vector<std::string>> RepairStore(Store& store, const StoreCheckReport& report);

}  // namespace landscape
