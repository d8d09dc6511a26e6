#pragma once
// The entity card `landscape show` prints: who an entity is, what is claimed about it and by
// whom, how it is related, and for a company the funding rounds it raised with their
// investors. Local: a handful of prefix scans around the entity.

#include <string_view>
#include <vector>

#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// Tables, in order:
//   entity     field, value                       id, kind, name, aliases, sources, confidence
//   attributes attribute, value, confidence, as_of, sources        one row per claim
//   relations  relation, direction, id, name, properties, confidence, sources
//              direction is "out" (this → other), "in" (other → this) or "both" (symmetric)
//   rounds     round, stage, amount, reported_as, announced, investor, lead, sources
//              for each round the entity raised, one row per investor (the round's own
//              facts on each); only when it raised any
// With `context.as_of` D the card is the entity as known on D: claims stated as of a later
// date, relations dated later or to entities that did not exist yet, rounds announced later
// and their investments are not on it; NotFound when the entity itself starts after D.
Result<std::vector<ResultTable>> BuildEntityCard(const Store& store, const ShowRequest& request,
                                                 const ReadContext& context = {});

}  // namespace landscape
