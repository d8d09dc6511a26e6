#pragma once
// The write verbs as library calls, so that the CLI and scripts share them: importing files,
// adding one entity or relation from text fields, removing an entity. Each is one atomic
// write, validated like an import.

#include <string>
#include <vector>

#include "landscape/changes.hpp"
#include "landscape/status.hpp"
#include "storage/importer.hpp"
#include "storage/store.hpp"

namespace landscape {

// Imports every input as one atomic change: all of them, or none when any fails.
Result<ImportSummary> ImportFiles(Store* store, const std::vector<ImportInput>& inputs,
                                  const ImportOptions& options = {});

Result<ImportSummary> AddEntity(Store* store, const EntitySpec& spec);

Result<ImportSummary> AddRelation(Store* store, const RelationSpec& spec);
// One FX rate, as one atomic change; a rate of the same pair and date is replaced.
Result<ImportSummary> AddFxRate(Store* store, const FxSpec& spec);
// A round, its `raised` and its `invested_in` relations, as one atomic change.
// REQUIRES: spec.company, leads and investors are ids.
Result<ImportSummary> AddRound(Store* store, const RoundSpec& spec);

}  // namespace landscape
