#include "storage/store_edits.hpp"

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/document_codec.hpp"
#include "core/json_reader.hpp"
#include "core/limits.hpp"

namespace landscape {
namespace {

using nlohmann::json;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A document's text, read whole up to kMaxDocumentBytes. The reading stops early at a chunk
// with a NUL byte, which the parser then reports with its line: `import /dev/zero` fails at
// once instead of after reading the limit.
Result<std::string> ReadDocument(const std::string& label, std::istream& in) {
  std::string text;
  char chunk[1 << 16];
  while (in) {
    in.read(chunk, sizeof chunk);
    auto got = static_cast<size_t>(in.gcount());
    text.append(chunk, got);
    if (text.size() > kMaxDocumentBytes) {
      return Status::InvalidArgument(fmt::format(
          "{}: larger than {} MiB; a document is read whole, so write larger inputs in the "
          "line-delimited form (.jsonl)",
          label, kMaxDocumentBytes >> 20));
    }
    if (std::memchr(chunk, '\0', got) != nullptr) break;
  }
  if (in.bad()) return Status::IOError(fmt::format("{}: read error", label));
  return text;
}

Status ImportOne(Importer* importer, const ImportInput& input) {
  bool lines = input.json_lines || EndsWith(input.path, ".jsonl");
  std::string label = input.path == "-" ? "<stdin>" : input.path;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (input.path != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(input.path, ec)) {
      return Status::InvalidArgument(fmt::format(
          "{}: is a directory; import takes .json and .jsonl files (or - for stdin)", input.path));
    }
    file.open(input.path, std::ios::binary);
    if (!file) return Status::NotFound(fmt::format("{}: cannot open for reading", input.path));
    in = &file;
  }
  if (lines) return importer->AddJsonLines(label, *in);
  LANDSCAPE_ASSIGN_OR_RETURN(std::string text, ReadDocument(label, *in));
  return importer->AddDocument(label, text);
}

// Reads KEY=VALUE pairs into a JSON object, each value parsed as its declared type.
Result<json> FieldsToJson(const std::vector<std::string>& fields,
                          const std::map<std::string, ValueType>& declared, const char* flag,
                          std::string_view owner, const std::vector<std::string>& sources,
                          const std::string& confidence) {
  json out = json::object();
  for (const std::string& field : fields) {
    size_t eq = field.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument(fmt::format("{} '{}': expected KEY=VALUE", flag, field));
    }
    std::string key = field.substr(0, eq);
    auto type = declared.find(key);
    if (type == declared.end()) {
      return Status::InvalidArgument(
          fmt::format("{} '{}': {}", flag, field, Schema::NotDeclared(key, declared, owner)));
    }
    auto value = ValueFromText(field.substr(eq + 1), type->second);
    if (!value.ok()) return value.status().WithContext(fmt::format("{} '{}'", flag, field));
    json claim = {{"value", ValueToJson(*value)}};
    if (!sources.empty()) claim["sources"] = sources;
    if (!confidence.empty()) claim["confidence"] = confidence;
    out[key] = claim;
  }
  return out;
}

Status CommandLineError(const Status& s) {
  // Codec errors name a JSON pointer into the record built from the flags.
  return ErrorPointer(s) ? Status::InvalidArgument("invalid " + s.message()) : s;
}

// A codec error about a field the command line gave ("at /rate: must be positive") named by
// its flag ("--rate: must be positive").
Status FlagError(const Status& s, const std::map<std::string, std::string>& flags) {
  auto pointer = ErrorPointer(s);
  if (!pointer) return s;
  std::string prefix = "at " + *pointer + ": ";
  if (!s.message().starts_with(prefix)) return CommandLineError(s);
  // The field the pointer is in: "/attributes/amount/value" is --amount's.
  for (const auto& [field, flag] : flags) {
    if (*pointer == field || pointer->starts_with(field + "/")) {
      return Status::InvalidArgument(flag + ": " + s.message().substr(prefix.size()));
    }
  }
  return CommandLineError(s);
}

const std::map<std::string, std::string> kFxFlags = {
    {"/base", "--base"}, {"/quote", "--quote"},    {"/rate", "--rate"},
    {"/date", "--date"}, {"/sources", "--source"}, {"/confidence", "--confidence"}};

}  // namespace

Result<ImportSummary> ImportFiles(Store* store, const std::vector<ImportInput>& inputs,
                                  const ImportOptions& options) {
  Importer importer(store, options);
  for (const ImportInput& input : inputs) {
    std::error_code ec;
    auto size = input.path == "-" ? 0 : std::filesystem::file_size(input.path, ec);
    if (!ec) importer.ExpectBytes(static_cast<size_t>(size));
  }
  for (const ImportInput& input : inputs) {
    LANDSCAPE_RETURN_IF_ERROR(importer.Noted(ImportOne(&importer, input)));
    if (importer.stopped()) break;
  }
  return importer.Commit();
}

// The spec with the kind and name the store holds for its id filled in where they are empty.
Result<EntitySpec> Completed(const Store& store, EntitySpec spec) {
  if (!spec.kind.empty() && !spec.name.empty()) return spec;
  LANDSCAPE_ASSIGN_OR_RETURN(auto entry, store.LookupId(spec.id));
  std::optional<Entity> stored;
  if (entry) {
    LANDSCAPE_ASSIGN_OR_RETURN(stored, store.GetEntity(entry->number));
  }
  if (!stored) {
    return Status::InvalidArgument(fmt::format(
        "'{}' is not in the store: a new entity needs a kind and a name (--kind, --name)",
        spec.id));
  }
  if (spec.kind.empty()) spec.kind = stored->kind;
  if (spec.name.empty()) spec.name = stored->name;
  return spec;
}

namespace {

ImportOptions Described(std::string description) {
  ImportOptions options;
  options.note.description = std::move(description);
  return options;
}

}  // namespace

Result<ImportSummary> AddEntity(Store* store, const EntitySpec& given) {
  const Schema& schema = store->schema();
  LANDSCAPE_ASSIGN_OR_RETURN(EntitySpec spec, Completed(*store, given));
  const KindDef* kind = schema.FindKind(spec.kind);
  if (!kind) return Status::InvalidArgument("--kind: " + schema.UnknownKind(spec.kind));
  json j = {{"id", spec.id}, {"kind", spec.kind}, {"name", spec.name}};
  if (!spec.aliases.empty()) j["aliases"] = spec.aliases;
  LANDSCAPE_ASSIGN_OR_RETURN(j["attributes"],
                             FieldsToJson(spec.attributes, kind->attributes, "--attr",
                                          "kind " + spec.kind, spec.sources, spec.confidence));
  if (!spec.sources.empty()) j["sources"] = spec.sources;
  if (!spec.confidence.empty()) j["confidence"] = spec.confidence;
  auto entity = EntityFromJson(j, schema, "");
  if (!entity.ok()) return CommandLineError(entity.status());
  Importer importer(store, Described("add entity " + spec.id));
  LANDSCAPE_RETURN_IF_ERROR(importer.AddEntity(*entity, SourceLocation{"command line", 0, "", {}}));
  return importer.Commit();
}

Result<ImportSummary> AddRelation(Store* store, const RelationSpec& spec) {
  const Schema& schema = store->schema();
  const RelationTypeDef* def = schema.FindRelation(spec.type);
  if (!def) {
    return Status::InvalidArgument("--type: " + schema.UnknownRelationType(spec.type));
  }
  json j = {{"relation", spec.type}, {"from", spec.from}, {"to", spec.to}};
  LANDSCAPE_ASSIGN_OR_RETURN(
      j["properties"], FieldsToJson(spec.properties, def->properties, "--prop",
                                    "relation type " + spec.type, spec.sources, spec.confidence));
  if (!spec.sources.empty()) j["sources"] = spec.sources;
  if (!spec.confidence.empty()) j["confidence"] = spec.confidence;
  auto relation = RelationFromJson(j, schema, "");
  if (!relation.ok()) return CommandLineError(relation.status());
  Importer importer(store, Described(fmt::format("add relation {} {} {}", relation->type,
                                                 relation->from, relation->to)));
  LANDSCAPE_RETURN_IF_ERROR(
      importer.AddRelation(*relation, SourceLocation{"command line", 0, "", {}}));
  return importer.Commit();
}

Result<ImportSummary> AddFxRate(Store* store, const FxSpec& spec) {
  json j = {{"base", spec.base}, {"quote", spec.quote}, {"rate", spec.rate}, {"date", spec.date}};
  if (!spec.sources.empty()) j["sources"] = spec.sources;
  if (!spec.confidence.empty()) j["confidence"] = spec.confidence;
  auto rate = FxRateFromJson(j, store->schema(), "");
  if (!rate.ok()) return FlagError(rate.status(), kFxFlags);
  Importer importer(store, Described(fmt::format("add fx {}/{} {}", rate->base, rate->quote,
                                                 rate->date.ToString())));
  LANDSCAPE_RETURN_IF_ERROR(importer.AddFxRate(*rate, SourceLocation{"command line", 0, "", {}}));
  return importer.Commit();
}

namespace {

// "Series B+" → "series-b": lower-case letters and digits, runs of anything else one hyphen.
std::string Slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// "<company>-<stage>", or "-2", "-3"… after it when the store holds that id.
Result<std::string> NewRoundId(const Store& store, const RoundSpec& spec) {
  std::string stage = Slug(spec.stage);
  std::string base = spec.company + "-" + (stage.empty() ? "round" : stage);
  for (int n = 1;; ++n) {
    std::string id = n == 1 ? base : fmt::format("{}-{}", base, n);
    LANDSCAPE_ASSIGN_OR_RETURN(auto taken, store.LookupId(id));
    if (!taken) return id;
  }
}

json Cited(json claim, const RoundSpec& spec) {
  if (!spec.sources.empty()) claim["sources"] = spec.sources;
  if (!spec.confidence.empty()) claim["confidence"] = spec.confidence;
  return claim;
}

const std::map<std::string, std::string> kRoundFlags = {{"/id", "--id"},
                                                        {"/attributes/stage", "--stage"},
                                                        {"/attributes/amount", "--amount"},
                                                        {"/attributes/announced", "--date"},
                                                        {"/sources", "--source"},
                                                        {"/confidence", "--confidence"}};

}  // namespace

Result<ImportSummary> AddRound(Store* store, const RoundSpec& spec) {
  const Schema& schema = store->schema();
  LANDSCAPE_ASSIGN_OR_RETURN(auto company, store->LookupId(spec.company));
  std::optional<Entity> company_entity;
  if (company) {
    LANDSCAPE_ASSIGN_OR_RETURN(company_entity, store->GetEntity(company->number));
  }
  if (!company_entity) return Status::NotFound("--company: no entity '" + spec.company + "'");
  std::string id = spec.id;
  if (id.empty()) {
    LANDSCAPE_ASSIGN_OR_RETURN(id, NewRoundId(*store, spec));
  }
  json round =
      Cited({{"id", id},
             {"kind", "funding_round"},
             {"name", company_entity->name + " " + (spec.stage.empty() ? "round" : spec.stage)},
             {"attributes", json::object()}},
            spec);
  for (auto [attribute, value] :
       {std::pair{"stage", &spec.stage}, {"amount", &spec.amount}, {"announced", &spec.date}}) {
    if (!value->empty()) round["attributes"][attribute] = Cited({{"value", *value}}, spec);
  }
  auto entity = EntityFromJson(round, schema, "");
  if (!entity.ok()) return FlagError(entity.status(), kRoundFlags);
  std::vector<Relation> relations;
  auto relation = [&](const std::string& type, const std::string& from,
                      std::optional<bool> lead) -> Status {
    json j = Cited({{"relation", type}, {"from", from}, {"to", id}}, spec);
    if (lead) j["properties"] = {{"lead", Cited({{"value", *lead}}, spec)}};
    auto r = RelationFromJson(j, schema, "");
    if (!r.ok()) return CommandLineError(r.status());
    relations.push_back(std::move(*r));
    return Status::Ok();
  };
  LANDSCAPE_RETURN_IF_ERROR(relation("raised", spec.company, std::nullopt));
  for (const std::string& lead : spec.leads) {
    LANDSCAPE_RETURN_IF_ERROR(relation("invested_in", lead, true));
  }
  for (const std::string& investor : spec.investors) {
    LANDSCAPE_RETURN_IF_ERROR(relation("invested_in", investor, false));
  }
  Importer importer(store, Described("add round " + id));
  SourceLocation where{"command line", 0, "", {}};
  LANDSCAPE_RETURN_IF_ERROR(importer.AddEntity(*entity, where));
  for (const Relation& r : relations) LANDSCAPE_RETURN_IF_ERROR(importer.AddRelation(r, where));
  LANDSCAPE_ASSIGN_OR_RETURN(ImportSummary summary, importer.Commit());
  if (spec.id.empty()) summary.created.push_back(id);
  return summary;
}

}  // namespace landscape
