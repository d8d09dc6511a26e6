#pragma once
// ResultTable: what every query returns, a table of typed cells that any face renders: the CLI
// as an aligned table (CJK-aware), JSON or CSV; scripts as data.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "landscape/value.hpp"

namespace landscape {

using Cell = std::optional<Value>;  // nullopt: no value

struct ResultTable {
  std::string title;  // e.g. "attributes"; shown above the table when rendering several
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;

  // REQUIRES: cells.size() == columns.size()
  void AddRow(std::vector<Cell> cells) { rows.push_back(std::move(cells)); }
};

enum class OutputFormat { kTable, kJson, kCsv };

// Aligned columns padded by display width; a title line above when `title` is set.
void RenderTable(const ResultTable& table, std::ostream& out);
// An array of objects, one per row, keyed by column in column order, with canonical JSON
// values.
nlohmann::ordered_json TableToJson(const ResultTable& table);
// RFC 4180 CSV with a header row.
void RenderCsv(const ResultTable& table, std::ostream& out);

// Renders several tables: as tables one after another, as one JSON object keyed by title, or
// as CSV sections separated by a blank line.
void RenderTables(const std::vector<ResultTable>& tables, OutputFormat format, std::ostream& out);

// Text for a terminal, as tables and CSV show it: control characters as visible escapes
// ("\x1B", "\u009B"), so that a name in a message cannot drive the terminal either.
std::string PrintableText(std::string_view text);

}  // namespace landscape
