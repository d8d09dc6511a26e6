#pragma once
// ResultTable: what every query returns, a table of typed cells that any face renders: the CLI
// as an aligned table (CJK-aware), JSON or CSV; scripts as data.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "landscape/status.hpp"
#include "landscape/value.hpp"

namespace landscape {

// An entity a cell names. The text forms show its name; the data forms carry both.
struct EntityRef {
  std::string id;
  std::string name;
  friend bool operator==(const EntityRef&, const EntityRef&) = default;
};

// One cell of a result: a typed value, or an entity (or a list of them), or nothing; "nothing"
// either means nothing is known (no reason) or that the value could not be computed, and then
// `reason()` says why. It reads like std::optional<Value>, the text an entity shows included.
class Cell {
 public:
  Cell() = default;
  Cell(std::nullopt_t) {}                                         // NOLINT: as std::optional
  Cell(Value value) : value_(std::move(value)) {}                 // NOLINT: as std::optional
  Cell(std::optional<Value> value) : value_(std::move(value)) {}  // NOLINT: as std::optional

  static Cell Entity(EntityRef entity);
  static Cell Entities(std::vector<EntityRef> entities);  // a list; empty: no value
  // REQUIRES: !reason.empty()
  static Cell Missing(std::string reason);
  // The same value with a remark on it: "+1 other value", later a confidence tier. Text forms
  // show it after the value in parentheses; data forms as "<column>_note".
  Cell WithNote(std::string note) &&;
  // The confidence tier of the weakest claim behind a derived value: data forms always carry
  // it ("<column>_confidence"); text shows it after the value when `shown` (a tier below
  // "reported": "3,300,000,000 USD (rumor)").
  Cell WithConfidence(std::string tier, bool shown) &&;

  bool has_value() const { return value_.has_value(); }
  explicit operator bool() const { return has_value(); }
  const Value& operator*() const { return *value_; }
  const Value* operator->() const { return &*value_; }
  const std::optional<Value>& value() const { return value_; }
  // The entities the cell names, in the value's order; empty for any other cell.
  const std::vector<EntityRef>& entities() const { return entities_; }
  bool is_entity_list() const { return entity_list_; }
  const std::string& reason() const { return reason_; }
  const std::string& note() const { return note_; }
  const std::string& confidence() const { return confidence_; }
  bool confidence_shown() const { return confidence_shown_; }

  friend bool operator==(const Cell&, const Cell&) = default;

 private:
  std::optional<Value> value_;
  std::vector<EntityRef> entities_;
  bool entity_list_ = false;
  std::string reason_;
  std::string note_;
  std::string confidence_;
  bool confidence_shown_ = false;
};

struct ResultTable {
  std::string title;  // e.g. "attributes"; display text, shown above the table
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  // What programs call the table: the key of the JSON form and of `--table`, fixed per verb
  // (docs/results.md); the title may change with the data, the name does not.
  std::string name = {};
  // One row per entity, shown to people the other way round: an entity per column, a field
  // per row (compare's side-by-side view). The data forms keep rows as rows.
  bool display_transposed = false;
  // Exactly one row, a record: JSON gives it as an object rather than an array of one, and
  // people see it as field/value lines without the empty fields (show's entity).
  bool is_record = false;
  // People are not shown the table when it has no rows (show's rounds for a non-company);
  // the data forms always hold it, so that a program finds the same keys for every entity.
  bool hidden_when_empty = false;
  // Why the table has no rows, when it has none ("no investors recorded for Baidu"): people
  // read it instead of an empty table; JSON gives it under "empty_reasons".
  std::string empty_reason = {};

  // REQUIRES: cells.size() == columns.size()
  void AddRow(std::vector<Cell> cells) { rows.push_back(std::move(cells)); }
  // The column's index, or columns.size() when there is none of that name.
  size_t ColumnIndex(std::string_view column) const;
};

enum class OutputFormat { kTable, kJson, kCsv };

// Aligned columns padded by display width; a title line above when `title` is set.
void RenderTable(const ResultTable& table, std::ostream& out);
// The JSON form of a cell (docs/results.md): money as {"value", "currency", "approximate",
// "exact"}, an entity as {"id", "name"}, a date as its text at its precision ("2025-03"),
// numbers and booleans as themselves, a list as an array, no value as null.
nlohmann::ordered_json CellToJson(const Cell& cell);
// An array of objects, one per row (a record: the object of its row), keyed by column in
// column order; a cell without a value
// that has a reason adds "<column>_reason" beside it, a cell with a note "<column>_note", a
// cell with a confidence tier "<column>_confidence".
nlohmann::ordered_json TableToJson(const ResultTable& table);
// RFC 4180 CSV with a header row and one scalar per field: a money column becomes the amount
// and "<column>_currency" (and "<column>_approximate" where any is), an entity column
// "<column>_id" and the name, a list its items joined by "; ", a reason "<column>_reason", a note
// "<column>_note".
void RenderCsv(const ResultTable& table, std::ostream& out);

// Renders a verb's tables: as tables one after another (titles above); as one JSON object
// keyed by table name, with "titles" naming the display titles that carry information and
// "empty_reasons" why a table has no rows; as CSV
// only when there is one table (CSV holds one table: pick with SelectTable).
// REQUIRES: format != kCsv || tables.size() == 1
void RenderTables(const std::vector<ResultTable>& tables, OutputFormat format, std::ostream& out);

// The table called `name`; InvalidArgument listing the names when there is none.
Result<ResultTable> SelectTable(std::vector<ResultTable> tables, std::string_view name);

// Text for a terminal, as tables and CSV show it: control characters as visible escapes
// ("\x1B", "\u009B"), so that a name in a message cannot drive the terminal either.
std::string PrintableText(std::string_view text);

}  // namespace landscape
