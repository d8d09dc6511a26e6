#include "storage/key_codec.hpp"

namespace landscape::keys {

void AppendU64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void AppendU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

uint64_t ReadU64(std::string_view b) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(b[static_cast<size_t>(i)]);
  return v;
}

uint32_t ReadU32(std::string_view b) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(b[static_cast<size_t>(i)]);
  return v;
}

std::string EntityKey(EntityNumber id) {
  std::string key;
  AppendU64(&key, id);
  return key;
}

std::string IdValue(EntityNumber id, KindTag kind) {
  std::string v;
  AppendU64(&v, id);
  AppendU32(&v, kind);
  return v;
}

std::optional<IdEntry> DecodeIdValue(std::string_view value) {
  if (value.size() != 12) return std::nullopt;
  return IdEntry{ReadU64(value), ReadU32(value.substr(8))};
}

std::string NamePrefix(std::string_view normalized_name) {
  std::string key(normalized_name);
  key.push_back('\0');
  return key;
}

std::string NameKey(std::string_view normalized_name, EntityNumber id) {
  std::string key = NamePrefix(normalized_name);
  AppendU64(&key, id);
  return key;
}

std::optional<NameKeyParts> DecodeNameKey(std::string_view key) {
  if (key.size() < 9 || key[key.size() - 9] != '\0') return std::nullopt;
  return NameKeyParts{key.substr(0, key.size() - 9), ReadU64(key.substr(key.size() - 8))};
}

std::string EdgeKey(EntityNumber first, RelationTag type, EntityNumber second) {
  std::string key;
  key.reserve(kEdgeKeySize);
  AppendU64(&key, first);
  AppendU32(&key, type);
  AppendU64(&key, second);
  return key;
}

std::string EdgePrefix(EntityNumber first) { return EntityKey(first); }

std::string EdgePrefix(EntityNumber first, RelationTag type) {
  std::string key = EntityKey(first);
  AppendU32(&key, type);
  return key;
}

std::optional<EdgeKeyParts> DecodeEdgeKey(std::string_view key) {
  if (key.size() != kEdgeKeySize) return std::nullopt;
  return EdgeKeyParts{ReadU64(key), ReadU32(key.substr(8)), ReadU64(key.substr(12))};
}

std::string FxKey(std::string_view base, std::string_view quote, const Date& date) {
  std::string key;
  key.append(base);
  key.append(quote);
  AppendU32(&key, static_cast<uint32_t>(date.FirstDay()));
  key.push_back(static_cast<char>(date.precision()));
  return key;
}

std::string ChangeKey(ChangeNumber change) {
  std::string k;
  AppendU64(&k, change);
  return k;
}

std::string UndoKey(ChangeNumber change, uint8_t family, std::string_view key) {
  std::string k = UndoPrefix(change);
  k.push_back(static_cast<char>(family));
  k.append(key);
  return k;
}

std::string UndoPrefix(ChangeNumber change) { return ChangeKey(change); }

std::optional<UndoKeyParts> DecodeUndoKey(std::string_view undo_key) {
  if (undo_key.size() < 9) return std::nullopt;
  return UndoKeyParts{ReadU64(undo_key), static_cast<uint8_t>(undo_key[8]), undo_key.substr(9)};
}

}  // namespace landscape::keys
