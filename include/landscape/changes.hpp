#pragma once
// The plain types of the changes a face asks for (open, import, add, check) and of what they
// report. Values only: the work is done behind landscape/database.hpp.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "landscape/status.hpp"

namespace landscape {

enum class OpenMode {
  kRead,           // read-only; never takes the writer's lock
  kWrite,          // the store must exist
  kWriteOrCreate,  // creates an empty store when the path does not exist
};

// What a change is recorded with in the store's log (`landscape log`).
struct ChangeNote {
  // What the change did, in a line: "import market.jsonl", "set deepseek valuation".
  // Default: made from the verb.
  std::string description;
  // When it was recorded: UTC, "2026-12-02T13:05:00Z". Default: the clock, or
  // $LANDSCAPE_NOW when set (reproducible scripts and tests).
  std::string time;
};

struct ImportInput {
  std::string path;         // "-" reads standard input
  bool json_lines = false;  // the line-delimited form; implied by a .jsonl path
};

struct ImportProgress {
  size_t records = 0;      // read so far
  size_t bytes_read = 0;   // of the inputs, so far
  size_t bytes_total = 0;  // of all inputs; 0 when unknown (standard input)
};

struct ImportOptions {
  // Memory for buffered writes across all column families before they spill to disk.
  // Default: 64 MiB.
  size_t memory_budget_bytes = 64 << 20;
  // Imports of at most this many writes (and nothing spilled) commit as one WriteBatch;
  // larger ones are ingested as SST files. Default: 50000.
  size_t batch_write_limit = 50000;
  // Fault injection for tests: called at named points ("record", "before-commit"); a non-OK
  // status aborts the import there. Default: none.
  std::function<Status(std::string_view point)> fault_injection;
  // Called every few thousand records with how far the import has read, for progress display.
  std::function<void(const ImportProgress&)> progress;
  // How the change is recorded in the log. Default: "import FILE …", now.
  ChangeNote note;
  // The inputs are the whole truth for the entities they define and the relations they state:
  // what the store holds of those beyond them (claims, aliases, relation properties) is
  // retracted, and listed in the summary. Default: false, merge (nothing is retracted).
  bool replace = false;
};

struct ImportSummary {
  size_t entities_added = 0;
  size_t entities_updated = 0;
  size_t entities_unchanged = 0;
  size_t relations_added = 0;
  size_t relations_updated = 0;
  size_t relations_unchanged = 0;
  size_t fx_rates_written = 0;
  bool schema_changed = false;
  bool ingested_as_files = false;  // the bulk path was taken
  size_t writes = 0;               // key writes in the commit; 0 when nothing changed
  uint64_t change = 0;             // the change's number in the log; 0 when nothing changed
  // Each entity whose name the change replaced: "zhipu: 'Zhipu AI' → 'Zhipu'".
  std::vector<std::string> renamed = {};
  // What `import --replace` retracted, one fact each: "deepseek: valuation = 400000000000 CNY
  // [src] (filing)".
  std::vector<std::string> retracted = {};
  // The ids the change made up for what it created (`add round`'s round).
  std::vector<std::string> created = {};
};

// One entity added or updated from text fields (`landscape add entity`), validated like an
// import. An entity the store holds needs neither kind nor name: an empty one keeps its own,
// and a different name renames it (the summary says so).
struct EntitySpec {
  std::string id, kind, name;
  std::vector<std::string> aliases;
  std::vector<std::string> attributes;  // "KEY=VALUE", VALUE read as the schema's type
  std::vector<std::string> sources;     // cited by the entity and each attribute
  std::string confidence;
};

// One relation added or updated from text fields (`landscape add relation`); `from` and `to`
// are ids, names or aliases, resolved as the query verbs resolve them.
struct RelationSpec {
  std::string type, from, to;
  std::vector<std::string> properties;  // "KEY=VALUE"
  std::vector<std::string> sources;
  std::string confidence;
};

// One FX rate added from text fields (`landscape add fx`), validated like an import's
// fx_rates record: one unit of `base` is worth `rate` units of `quote` on `date`.
struct FxSpec {
  std::string base, quote, rate, date;
  std::vector<std::string> sources;
  std::string confidence;
};

// A funding round from text fields (`landscape add round`): the round entity, the company's
// `raised` relation and each investor's `invested_in` (leads with `lead: true`), one change.
// `company`, `leads` and `investors` are ids, names or aliases. The round's id is `id` when
// given, else made readable from the company and stage ("zhipu-series-b", "-2" when taken).
struct RoundSpec {
  std::string company, stage, amount, date, id;
  std::vector<std::string> leads, investors;
  std::vector<std::string> sources;  // cited by the round, its claims and its relations
  std::string confidence;
};

// `set ENTITY ATTR VALUE`: the current claims of the attribute (all of them, or with
// `only_source` that source's alone) are ended and one new claim is recorded, as one change.
// `entity` is an id, a name or an alias; `value` is read as the schema's type.
struct SetSpec {
  std::string entity, attribute, value;
  std::vector<std::string> sources;
  std::string confidence;
  std::string as_of;        // when the value held, YYYY[-MM[-DD]]; Default: not stated
  std::string only_source;  // Default: every current claim of the attribute is replaced
};

// `retract ENTITY ATTR`: ends the current claims of the attribute, all of them or those with
// `value` and/or citing `source`. At least one claim must match.
struct RetractSpec {
  std::string entity, attribute, value, source;
};

// `retract relation --type T --from A --to B`: ends one relation. Ends are ids, names or
// aliases.
struct RelationRetractSpec {
  std::string type, from, to;
};

// What a set, a retraction or a revert did.
struct EditSummary {
  uint64_t change = 0;                // its number in the log; 0 when nothing changed
  std::vector<std::string> ended;     // each fact it ended, as text ("valuation: $3.4B [src]")
  std::vector<std::string> recorded;  // each fact it recorded
};

// What `check` found: the counts it read and every broken invariant.
struct StoreCheckReport {
  size_t entities = 0;
  size_t relations = 0;
  size_t names = 0;
  size_t fx_rates = 0;
  std::vector<std::string> problems;  // empty when the store is sound
  // What `check --repair` can mend without losing anything: a next entity number that is
  // missing, malformed or in use (set above every number in use), and a damaged graph image
  // (derived: built again from the store).
  std::optional<uint64_t> next_id_repair;
  bool image_repair = false;
  std::vector<std::string> repaired;  // what a repair did, one line each
};

}  // namespace landscape
