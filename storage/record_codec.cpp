#include "storage/record_codec.hpp"

#include <optional>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"

namespace landscape {
namespace {

using nlohmann::json;

std::string ToMsgpack(const json& j) {
  std::string out;
  json::to_msgpack(j, out);
  return out;
}

Result<json> FromMsgpack(std::string_view bytes, std::string_view what) {
  json j = json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true,
                              /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return Status::Corruption(std::string(what) + " record is not valid MessagePack");
  }
  return j;
}

// Reads the top-level "id" of an entity record and stops there: ReadableId needs only the id,
// and a full decode builds every claim.
class EntityIdReader : public nlohmann::json_sax<json> {
 public:
  std::optional<std::string> id;

  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool string(string_t& s) override {
    if (depth_ == 1 && id_next_) {
      id = std::move(s);
      return false;  // found: stop reading
    }
    return Value();
  }
  bool start_object(std::size_t) override { return Open(); }
  bool start_array(std::size_t) override { return Open(); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }
  bool key(string_t& k) override {
    id_next_ = depth_ == 1 && k == "id";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool Value() {
    id_next_ = false;
    return true;
  }
  bool Open() {
    id_next_ = false;
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  int depth_ = 0;
  bool id_next_ = false;
};

// The binary record (docs/storage.md, "Records"): a 0xC1 byte, which MessagePack never uses,
// so that it tells the two forms apart from the first byte; the layout's version; 'E' or 'R'
// for an entity or a relation; then the fields in a fixed order. Decoding builds the domain objects
// directly, with no JSON between.
constexpr char kBinaryMark = '\xC1';
constexpr char kBinaryVersion = 1;
constexpr char kEntityRecord = 'E';
constexpr char kRelationRecord = 'R';
// The value tags on disk are ValueKind's numbers (docs/storage.md): they must never move.
static_assert(static_cast<int>(ValueKind::kText) == 0 &&
              static_cast<int>(ValueKind::kInteger) == 1 &&
              static_cast<int>(ValueKind::kDecimal) == 2 &&
              static_cast<int>(ValueKind::kMoney) == 3 && static_cast<int>(ValueKind::kDate) == 4 &&
              static_cast<int>(ValueKind::kBool) == 5 && static_cast<int>(ValueKind::kList) == 6);

class RecordWriter {
 public:
  explicit RecordWriter(char record_type) {
    out_.push_back(kBinaryMark);
    out_.push_back(kBinaryVersion);
    out_.push_back(record_type);
  }
  std::string Take() { return std::move(out_); }

  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void Signed(int64_t v) {  // zigzag: small magnitudes of either sign take one byte
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  }
  void Byte(uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void Text(std::string_view text) {
    Varint(text.size());
    out_.append(text);
  }
  void Texts(const std::vector<std::string>& texts) {
    Varint(texts.size());
    for (const std::string& t : texts) Text(t);
  }
  void Provenance(const landscape::Provenance& p) {
    Texts(p.sources);
    Text(p.confidence);
  }
  void Decimal(const landscape::Decimal& d) {
    Signed(d.mantissa());
    Byte(static_cast<uint8_t>(d.scale()));
  }
  void Value(const landscape::Value& value) {
    Byte(static_cast<uint8_t>(value.kind()));
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            Text(v);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            Signed(v);
          } else if constexpr (std::is_same_v<T, landscape::Decimal>) {
            Decimal(v);
          } else if constexpr (std::is_same_v<T, Money>) {
            Decimal(v.amount);
            Text(v.currency);
            Byte(v.approximate ? 1 : 0);
          } else if constexpr (std::is_same_v<T, Date>) {
            Text(v.ToString());
          } else if constexpr (std::is_same_v<T, bool>) {
            Byte(v ? 1 : 0);
          } else {
            Varint(v.size());
            for (const landscape::Value& element : v) Value(element);
          }
        },
        value.data);
  }
  void Attributes(const landscape::Attributes& attributes) {
    Varint(attributes.size());
    for (const auto& [name, claims] : attributes) {
      Text(name);
      Varint(claims.size());
      for (const Claim& c : claims) {
        Value(c.value);
        Provenance(c.provenance);
        Byte(c.as_of ? 1 : 0);
        if (c.as_of) Text(c.as_of->ToString());
      }
    }
  }

 private:
  std::string out_;
};

// Reads a binary record. Every read is bounds-checked; the first failure sticks, and Finish()
// reports it with what was being read, so that a damaged record is an error, never a crash.
class RecordReader {
 public:
  RecordReader(std::string_view bytes, char record_type, const Schema& schema)
      : in_(bytes), what_(record_type == kEntityRecord ? "entity" : "relation"), schema_(schema) {
    if (in_.size() < 3 || in_[0] != kBinaryMark) {
      Fail("is not a binary record");
    } else if (in_[1] != kBinaryVersion) {
      Fail("has a record layout newer than this build");
    } else if (in_[2] != record_type) {
      Fail(record_type == kEntityRecord ? "is not an entity record" : "is not a relation record");
    }
    if (!failed()) pos_ = 3;
  }

  Status Finish() {
    if (error_.empty() && pos_ != in_.size()) Fail("has bytes after its last field");
    if (error_.empty()) return Status::Ok();
    return Status::Corruption(fmt::format("stored {} record {}", what_, error_));
  }
  bool failed() const { return !error_.empty(); }

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail("ends inside a number"), 0;
      auto b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail("holds a number longer than 64 bits"), 0;
  }
  int64_t Signed() {
    uint64_t v = Varint();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  uint8_t Byte() {
    if (pos_ >= in_.size()) return Fail("ends early"), 0;
    return static_cast<uint8_t>(in_[pos_++]);
  }
  // A count of items that each take at least one byte: never more than the bytes left, so a
  // damaged count cannot make a reader reserve or loop beyond the record.
  size_t Count() {
    uint64_t n = Varint();
    if (n > in_.size() - pos_) return Fail("counts more items than it has bytes"), 0;
    return static_cast<size_t>(n);
  }
  std::string Text() {
    size_t n = Count();
    std::string text(in_.substr(pos_, n));
    pos_ += n;
    return text;
  }
  std::vector<std::string> Texts() {
    std::vector<std::string> texts(Count());
    for (std::string& t : texts) t = Text();
    return texts;
  }
  landscape::Provenance Provenance() {
    landscape::Provenance p;
    p.sources = Texts();
    p.confidence = Text();
    if (!p.confidence.empty() && !schema_.TierRank(p.confidence)) {
      Fail(fmt::format("names an unknown confidence tier '{}'", p.confidence));
    }
    return p;
  }
  landscape::Decimal Decimal() {
    int64_t mantissa = Signed();
    int scale = Byte();
    auto d = landscape::Decimal::FromParts(mantissa, scale);
    if (!d.ok()) return Fail("holds an invalid decimal"), landscape::Decimal();
    return *d;
  }
  Date ReadDate() {
    auto d = Date::Parse(Text());
    if (!d.ok()) return Fail("holds an invalid date"), Date();
    return *d;
  }
  landscape::Value Value(const ValueType& type, bool element = false) {
    auto kind = static_cast<ValueKind>(Byte());
    ValueKind expected = element ? type.element : type.kind;
    if (failed()) return {};
    if (kind != expected) {
      Fail(fmt::format("holds a value of another type than its declared {}", type.ToString()));
      return {};
    }
    landscape::Value v;
    switch (kind) {
      case ValueKind::kText:
        v.data = Text();
        break;
      case ValueKind::kInteger:
        v.data = Signed();
        break;
      case ValueKind::kDecimal:
        v.data = Decimal();
        break;
      case ValueKind::kMoney: {
        Money m;
        m.amount = Decimal();
        m.currency = Text();
        m.approximate = Byte() != 0;
        v.data = std::move(m);
        break;
      }
      case ValueKind::kDate:
        v.data = ReadDate();
        break;
      case ValueKind::kBool:
        v.data = Byte() != 0;
        break;
      case ValueKind::kList: {
        if (element) return Fail("holds a list inside a list"), landscape::Value();
        landscape::Value::List list(Count());
        for (landscape::Value& e : list) e = Value(type, true);
        v.data = std::move(list);
        break;
      }
      default:
        Fail("holds an unknown value type");
        return {};
    }
    return v;
  }
  landscape::Attributes Attributes(const std::map<std::string, ValueType>& declared,
                                   const KindDef* kind) {
    landscape::Attributes attributes;
    size_t n = Count();
    for (size_t i = 0; i < n && !failed(); ++i) {
      std::string name = Text();
      std::optional<ValueType> type;
      if (kind) {
        type = schema_.AttributeType(*kind, name);
      } else if (auto it = declared.find(name); it != declared.end()) {
        type = it->second;
      }
      if (!type) return Fail(fmt::format("holds undeclared '{}'", name)), landscape::Attributes();
      std::vector<Claim>& claims = attributes[name];
      claims.resize(Count());
      for (Claim& c : claims) {
        c.value = Value(*type);
        c.provenance = Provenance();
        if (Byte()) c.as_of = ReadDate();
        if (failed()) break;
      }
    }
    return attributes;
  }

 private:
  void Fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    pos_ = in_.size();
  }

  std::string_view in_;
  std::string_view what_;
  const Schema& schema_;
  size_t pos_ = 0;
  std::string error_;
};

bool IsBinary(std::string_view bytes) { return !bytes.empty() && bytes[0] == kBinaryMark; }

Result<Entity> DecodeBinaryEntity(std::string_view bytes, const Schema& schema) {
  RecordReader r(bytes, kEntityRecord, schema);
  Entity e;
  e.id = r.Text();
  e.kind = r.Text();
  const KindDef* kind = schema.FindKind(e.kind);
  if (!kind && !r.failed()) {
    return Status::Corruption(
        fmt::format("stored entity '{}' has unknown kind '{}'", e.id, e.kind));
  }
  e.name = r.Text();
  e.aliases = r.Texts();
  e.provenance = r.Provenance();
  if (kind) e.attributes = r.Attributes(kind->attributes, kind);
  LANDSCAPE_RETURN_IF_ERROR(r.Finish());
  return e;
}

Result<Relation> DecodeBinaryRelation(std::string_view bytes, std::string type, std::string from,
                                      std::string to, const Schema& schema) {
  const RelationTypeDef* def = schema.FindRelation(type);
  if (!def) return Status::Corruption(fmt::format("stored relation of unknown type '{}'", type));
  RecordReader r(bytes, kRelationRecord, schema);
  Relation relation;
  relation.type = std::move(type);
  relation.from = std::move(from);
  relation.to = std::move(to);
  relation.provenance = r.Provenance();
  relation.properties = r.Attributes(def->properties, nullptr);
  LANDSCAPE_RETURN_IF_ERROR(r.Finish());
  return relation;
}

}  // namespace

Result<std::string> DecodeEntityId(std::string_view bytes) {
  if (IsBinary(bytes)) {
    RecordReader r(bytes, kEntityRecord, Schema::BuiltIn());
    std::string id = r.Text();
    if (r.failed()) return Status::Corruption("stored entity record has no readable id");
    return id;
  }
  EntityIdReader reader;
  json::sax_parse(bytes.begin(), bytes.end(), &reader, nlohmann::detail::input_format_t::msgpack,
                  /*strict=*/false);
  if (!reader.id) return Status::Corruption("stored entity record has no readable id");
  return std::move(*reader.id);
}

std::string EncodeEntity(const Entity& entity) {
  RecordWriter w(kEntityRecord);
  w.Text(entity.id);
  w.Text(entity.kind);
  w.Text(entity.name);
  w.Texts(entity.aliases);
  w.Provenance(entity.provenance);
  w.Attributes(entity.attributes);
  return w.Take();
}

Result<Entity> DecodeEntity(std::string_view bytes, const Schema& schema) {
  if (IsBinary(bytes)) return DecodeBinaryEntity(bytes, schema);
  LANDSCAPE_ASSIGN_OR_RETURN(json j, FromMsgpack(bytes, "entity"));
  auto entity = EntityFromJson(j, schema, "");
  if (!entity.ok()) return Status::Corruption("stored entity: " + entity.status().message());
  return entity;
}

std::string EncodeRelationValue(const Relation& relation) {
  RecordWriter w(kRelationRecord);
  w.Provenance(relation.provenance);
  w.Attributes(relation.properties);
  return w.Take();
}

bool IsCurrentRecordForm(std::string_view bytes) { return IsBinary(bytes); }

Result<Relation> DecodeRelationValue(std::string_view bytes, std::string type, std::string from,
                                     std::string to, const Schema& schema) {
  if (IsBinary(bytes)) {
    return DecodeBinaryRelation(bytes, std::move(type), std::move(from), std::move(to), schema);
  }
  LANDSCAPE_ASSIGN_OR_RETURN(json j, FromMsgpack(bytes, "relation"));
  if (!j.is_object()) return Status::Corruption("stored relation is not an object");
  j["relation"] = std::move(type);
  j["from"] = std::move(from);
  j["to"] = std::move(to);
  auto relation = RelationFromJson(j, schema, "");
  if (!relation.ok()) return Status::Corruption("stored relation: " + relation.status().message());
  return relation;
}

std::string EncodeFxRate(const FxRate& rate) { return ToMsgpack(FxRateToJson(rate)); }

Result<FxRate> DecodeFxRate(std::string_view bytes, const Schema& schema) {
  LANDSCAPE_ASSIGN_OR_RETURN(json j, FromMsgpack(bytes, "FX rate"));
  auto rate = FxRateFromJson(j, schema, "");
  if (!rate.ok()) return Status::Corruption("stored FX rate: " + rate.status().message());
  return rate;
}

}  // namespace landscape
