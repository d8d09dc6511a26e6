#pragma once
// All key encoding lives here; nothing else builds storage keys by hand. Numbers are fixed-width
// big-endian so that byte order is numeric order and prefixes are fixed-size.
//
// Column family  key                                          value
// ------------   -------------------------------------------  ---------------------------------
// meta           "format" | "schema" | "next_id"              "2" | store-form schema JSON | u64
// entities       id:u64                                       the entity's record
// ids            readable id (UTF-8 bytes)                    id:u64 kind:u32
// names          normalised name, 0x00, id:u64                (empty)
// out            from:u64 type:u32 to:u64                     the record of the relation's
//                                                              properties and provenance
// in             to:u64 type:u32 from:u64                     (empty)
// fx             base:3 quote:3 first_day:u32 precision:u8    msgpack of the FX rate
// changes        change:u64                                   JSON of the change's record
// undo           change:u64 family:u8 key                     'A' (absent) | 'P' value: the
//                                                              key's value before the change
//
// "All edges of X" is a scan of the 8-byte prefix X in `out` (and `in` for the other
// direction); "all edges of X of type T" is a scan of the 12-byte prefix X·T. A symmetric
// relation is stored once, from the smaller readable id, and found through both indexes.
// These layouts are on disk: never change a tag or a width; add a new format version instead.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/schema.hpp"
#include "landscape/date.hpp"

namespace landscape::keys {

using EntityNumber = uint64_t;

// 1: MessagePack records. 2: binary entity and relation records beside them (record_codec.hpp).
inline constexpr int kFormatVersion = 2;
inline constexpr std::string_view kMetaFormat = "format";
inline constexpr std::string_view kMetaSchema = "schema";
inline constexpr std::string_view kMetaNextId = "next_id";
// A random number drawn when the store is created: what tells two stores apart when their
// RocksDB sequence numbers agree (a derived file copied from one to the other).
inline constexpr std::string_view kMetaStoreId = "store_id";

inline constexpr size_t kEdgeKeySize = 20;
inline constexpr size_t kEdgePrefixSize = 8;
inline constexpr size_t kTypedEdgePrefixSize = 12;

void AppendU64(std::string* out, uint64_t v);
void AppendU32(std::string* out, uint32_t v);
uint64_t ReadU64(std::string_view bytes);  // REQUIRES: bytes.size() >= 8
uint32_t ReadU32(std::string_view bytes);  // REQUIRES: bytes.size() >= 4

std::string EntityKey(EntityNumber id);
std::string IdValue(EntityNumber id, KindTag kind);
struct IdEntry {
  EntityNumber number;
  KindTag kind;
};
std::optional<IdEntry> DecodeIdValue(std::string_view value);

std::string NameKey(std::string_view normalized_name, EntityNumber id);
std::string NamePrefix(std::string_view normalized_name);  // name + 0x00: exact matches
struct NameKeyParts {
  std::string_view normalized_name;
  EntityNumber id;
};
std::optional<NameKeyParts> DecodeNameKey(std::string_view key);

// An edge key, laid out as (first, type, second): out keys are (from, type, to), in keys
// (to, type, from).
std::string EdgeKey(EntityNumber first, RelationTag type, EntityNumber second);
std::string EdgePrefix(EntityNumber first);
std::string EdgePrefix(EntityNumber first, RelationTag type);
struct EdgeKeyParts {
  EntityNumber first;
  RelationTag type;
  EntityNumber second;
};
std::optional<EdgeKeyParts> DecodeEdgeKey(std::string_view key);

std::string FxKey(std::string_view base, std::string_view quote, const Date& date);

using ChangeNumber = uint64_t;
std::string ChangeKey(ChangeNumber change);
// The undo entry of `key` in column family `family` (its number, storage/store_handles.hpp).
std::string UndoKey(ChangeNumber change, uint8_t family, std::string_view key);
std::string UndoPrefix(ChangeNumber change);
struct UndoKeyParts {
  ChangeNumber change;
  uint8_t family;
  std::string_view key;
};
std::optional<UndoKeyParts> DecodeUndoKey(std::string_view undo_key);

}  // namespace landscape::keys
