#pragma once
// `--published-by D`: the store as the public could know it on D. A fact counts from the
// publication of the sources it cites (`published` of a source; a source without one counts
// from the day the store recorded it); a fact citing no source of its own is judged by its
// entity's. What no published source supports yet reads as absent: a claim, a relation, an
// FX rate, or a whole entity whose own sources were all published later (with its names and
// relations). Facts citing no source at all are kept: nothing says when they became known.

#include "landscape/date.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// Lays the view over `reader` (Store::LayOver): one pass over the store's facts.
// REQUIRES: opened for reading; after any RewindTo.
Status HideUnpublished(Store* reader, const Date& published_by);

}  // namespace landscape
