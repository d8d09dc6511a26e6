#pragma once
// Helpers shared by the query tests (tests/query/*_test.cpp): stores built from the bundled
// dataset or from small hand-written documents, and readers of result-table cells.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "landscape/result_table.hpp"
#include "storage/store.hpp"
#include "storage/store_edits.hpp"
#include "tests/test_support.hpp"

// Failing checks print lists of strings in full rather than as "{?}".
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& v) {
    std::string out = "{";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", \"" : "\"") + v[i] + "\"";
    return String((out + "}").c_str());
  }
};
}  // namespace doctest

namespace landscape::testing::query {

// A new, empty store in `dir`.
inline std::unique_ptr<Store> EmptyStore(const TempDir& dir, const std::string& name = "s.db") {
  auto store = Store::Create(dir / name);
  REQUIRE_OK(store);
  return std::move(store).value();
}

// A store holding data/deepseek.json.
inline std::unique_ptr<Store> BundledStore(const TempDir& dir) {
  auto store = EmptyStore(dir);
  REQUIRE_OK(ImportFiles(store.get(), {ImportInput{BundledDataset(), false}}));
  return store;
}

// Imports a landscape/1 document given as text (written to a file in `dir` first).
inline void ImportJson(Store* store, const TempDir& dir, const std::string& json) {
  static std::atomic<int> counter{0};
  std::string path = dir / ("doc-" + std::to_string(counter++) + ".json");
  WriteFile(path, json);
  REQUIRE_OK(ImportFiles(store, {ImportInput{path, false}}));
}

// Imports a dataset of the data-driven cases, tests/cases/data/NAME.
inline void ImportCaseData(Store* store, const std::string& name) {
  REQUIRE_OK(ImportFiles(store, {ImportInput{SourceDir() + "/tests/cases/data/" + name, false}}));
}

// A cell's display text: canonical values ("7400100000 USD", "~2000000000 USD"), lists joined
// by ", "; "" when the cell is empty.
inline std::string Text(const Cell& cell) { return cell ? cell->ToDisplayString() : ""; }

// The items of a list cell as text; a scalar cell is one item; an empty cell none.
inline std::vector<std::string> Items(const Cell& cell) {
  std::vector<std::string> out;
  if (!cell) return out;
  if (const auto* list = std::get_if<Value::List>(&cell->data)) {
    for (const Value& v : *list) out.push_back(v.ToDisplayString());
  } else {
    out.push_back(cell->ToDisplayString());
  }
  return out;
}

inline size_t ColumnOf(const ResultTable& table, const std::string& column) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i] == column) return i;
  }
  FAIL("no column '" << column << "' in the table");
  return 0;
}

// The cells of one column, top to bottom, as text.
inline std::vector<std::string> ColumnTexts(const ResultTable& table, const std::string& column) {
  size_t c = ColumnOf(table, column);
  std::vector<std::string> out;
  for (const auto& row : table.rows) out.push_back(Text(row[c]));
  return out;
}

// The labels of a compare-style table (its first column), top to bottom.
inline std::vector<std::string> RowLabels(const ResultTable& table) {
  std::vector<std::string> out;
  for (const auto& row : table.rows) out.push_back(Text(row[0]));
  return out;
}

inline bool HasRow(const ResultTable& table, const std::string& label) {
  for (const auto& row : table.rows) {
    if (Text(row[0]) == label) return true;
  }
  return false;
}

// The cell of the row labelled `label` (first column) in `column`.
inline const Cell& CellAt(const ResultTable& table, const std::string& label,
                          const std::string& column) {
  size_t c = ColumnOf(table, column);
  for (const auto& row : table.rows) {
    if (Text(row[0]) == label) return row[c];
  }
  FAIL("no row '" << label << "' in the table");
  static const Cell kNone;
  return kNone;
}

// The Money in a cell; fails the test when the cell holds something else.
inline Money MoneyIn(const Cell& cell) {
  REQUIRE(cell.has_value());
  const Money* m = std::get_if<Money>(&cell->data);
  REQUIRE_MESSAGE(m != nullptr, "not money: " << Text(cell));
  return *m;
}

inline keys::EntityNumber NumberOf(const Store& store, const std::string& id) {
  auto entry = store.LookupId(id);
  REQUIRE_OK(entry);
  REQUIRE_MESSAGE(entry->has_value(), "no entity " << id);
  return (*entry)->number;
}

inline Date D(const std::string& text) {
  auto d = Date::Parse(text);
  REQUIRE_OK(d);
  return *d;
}

// The article's source id in the bundled dataset.
inline constexpr const char* kPandaily = "pandaily-deepseek-series-a";

// The value of a query that must succeed.
template <typename T>
T Ok(Result<T> r) {
  REQUIRE_OK(r);
  return std::move(r).value();
}

// Row `i` of a table as display texts.
inline std::vector<std::string> Row(const ResultTable& t, size_t i) {
  REQUIRE(i < t.rows.size());
  std::vector<std::string> out;
  for (const Cell& c : t.rows[i]) out.push_back(Text(c));
  return out;
}

}  // namespace landscape::testing::query
