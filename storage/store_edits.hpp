#pragma once
// The write verbs as library calls, so that the CLI and scripts share them: importing files,
// adding one entity or relation from text fields, removing an entity. Each is one atomic
// write, validated like an import.

#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/importer.hpp"
#include "storage/store.hpp"

namespace landscape {

struct ImportInput {
  std::string path;         // "-" reads standard input
  bool json_lines = false;  // the line-delimited form; implied by a .jsonl path
};

// Imports every input as one atomic change: all of them, or none when any fails.
Result<ImportSummary> ImportFiles(Store* store, const std::vector<ImportInput>& inputs,
                                  const ImportOptions& options = {});

struct EntitySpec {
  std::string id, kind, name;
  std::vector<std::string> aliases;
  std::vector<std::string> attributes;  // "KEY=VALUE", VALUE read as the schema's type
  std::vector<std::string> sources;     // cited by the entity and each attribute
  std::string confidence;
};
Result<ImportSummary> AddEntity(Store* store, const EntitySpec& spec);

struct RelationSpec {
  std::string type, from, to;
  std::vector<std::string> properties;  // "KEY=VALUE"
  std::vector<std::string> sources;
  std::string confidence;
};
Result<ImportSummary> AddRelation(Store* store, const RelationSpec& spec);

}  // namespace landscape
