#pragma once
// `revert CHANGE`: a new change that puts back what an earlier one replaced, so that nothing
// done by mistake (a `remove` included) is final.

#include "landscape/changes.hpp"
#include "landscape/status.hpp"
#include "storage/key_codec.hpp"
#include "storage/store.hpp"

namespace landscape {

// Refused, with the reason, when a later change wrote what `change` wrote (revert that one
// first), when the result would leave a relation without its entity or a cited source gone,
// and for a change made on an empty store (reverting it would empty the store).
Result<EditSummary> RevertChange(Store* store, keys::ChangeNumber change,
                                 const ChangeNote& note = {});

}  // namespace landscape
