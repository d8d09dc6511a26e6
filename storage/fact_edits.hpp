#pragma once
// The verbs that correct facts without losing any: `set` replaces an attribute's current
// claims, `retract` ends claims or a relation. Each is one recorded change
// (storage/change_log.hpp), validated like an import; what it ends stays in the history.

#include "landscape/changes.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// REQUIRES: spec.entity is an id.
Result<EditSummary> SetClaim(Store* store, const SetSpec& spec, const ChangeNote& note = {});
// REQUIRES: spec.entity is an id.
Result<EditSummary> RetractClaims(Store* store, const RetractSpec& spec,
                                  const ChangeNote& note = {});
// REQUIRES: spec.from and spec.to are ids.
Result<EditSummary> RetractRelation(Store* store, const RelationRetractSpec& spec,
                                    const ChangeNote& note = {});

}  // namespace landscape
