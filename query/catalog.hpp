#pragma once
// Looking entities up by what analysts type: a readable id, a name or an alias in any script
// and case. Local: reads the id and name indexes, never the whole graph (find scans the name
// index, which holds names only).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.hpp"
#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

struct ResolvedEntity {
  Entity entity;
  keys::EntityNumber number = 0;
};

// Resolves `text` as `show` does: an exact readable id first, then an exact normalised name or
// alias. NotFound suggests the nearest names; an ambiguous name is InvalidArgument listing the
// candidates with their ids.
Result<ResolvedEntity> ResolveEntity(const Store& store, std::string_view text);

// The entity an index or an edge points at: Corruption when it is missing, since the store
// keeps every such entity.
Result<Entity> EntityByNumber(const Store& store, keys::EntityNumber number);

// Entities whose name or alias contains `text` (normalised), ranked: exact match, then
// prefix, then word start, then anywhere; shorter names first within a rank. With
// `context.as_of` D, only entities that exist on D (core/valid_time.hpp).
// Columns: id, kind, name, matched, match.
Result<ResultTable> FindEntities(const Store& store, const FindRequest& request,
                                 const ReadContext& context = {});

// Every entity, by id, optionally of one kind; with `context.as_of` D, those that exist on D.
// Columns: id, kind, name, aliases.
Result<ResultTable> ListEntities(const Store& store, const ListRequest& request,
                                 const ReadContext& context = {});

// `landscape info`: what a reader sees of the store without reading any entity. Columns:
// property, value; rows store (the path), format (the store format version), sequence
// (RocksDB's sequence number of the last write, which changes with every write), kinds and
// relation types (declared in the schema).
ResultTable StoreInfoTable(const Store& store);

}  // namespace landscape
