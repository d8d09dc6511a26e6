#include "landscape/result_table.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace landscape {
namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

constexpr size_t kMaxColumnWidth = 80;

// "51000000000 CNY" → "51,000,000,000 CNY": amounts are read by people here.
std::string GroupDigits(const std::string& number) {
  size_t start = number[0] == '-' || number[0] == '~' ? 1 : 0;
  size_t end = number.find_first_of(". ", start);
  if (end == std::string::npos) end = number.size();
  std::string out = number.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    out += number[i];
    size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + number.substr(end);
}

// Table text of a cell: lists one item per line, money with grouped digits, a value that
// could not be computed as "missing: why", control characters made visible (a newline of the
// store's text cannot break a row, an escape sequence cannot reach the terminal).
std::string HumanText(const Cell& cell) {
  if (!cell) return cell.reason().empty() ? "" : EscapeControls("missing: " + cell.reason());
  std::string text;
  if (const auto* list = std::get_if<Value::List>(&cell->data)) {
    for (const Value& item : *list) text += (text.empty() ? "" : "\n") + HumanText(item);
  } else if (cell->kind() == ValueKind::kMoney) {
    text = GroupDigits(cell->ToDisplayString());
  } else {
    text = EscapeControls(cell->ToDisplayString());
  }
  std::string remark = cell.note();
  if (cell.confidence_shown()) remark += (remark.empty() ? "" : "; ") + cell.confidence();
  if (remark.empty()) return text;
  bool list = cell->kind() == ValueKind::kList;
  return text + (list ? "\n(" : " (") + EscapeControls(remark) + ")";
}

// The table as people read it: compare's one row per entity becomes one column per entity.
ResultTable DisplayForm(const ResultTable& table) {
  if (table.is_record) {
    ResultTable shown{table.title, {"field", "value"}, {}};
    for (size_t c = 0; c < table.columns.size() && !table.rows.empty(); ++c) {
      if (table.rows[0][c]) shown.AddRow({Value{table.columns[c]}, table.rows[0][c]});
    }
    return shown;
  }
  if (!table.display_transposed || table.columns.empty()) return table;
  ResultTable shown{table.title, {"row"}, {}};
  for (const auto& row : table.rows) {
    // Two entities of one name are told apart by id (a row per entity: never the same twice).
    std::string header = row[0] ? row[0]->ToDisplayString() : "";
    bool collides = std::count_if(table.rows.begin(), table.rows.end(), [&](const auto& other) {
                      return other[0] && other[0]->ToDisplayString() == header;
                    }) > 1;
    if (collides && !row[0].entities().empty()) header += " (" + row[0].entities()[0].id + ")";
    shown.columns.push_back(header);
  }
  for (size_t c = 1; c < table.columns.size(); ++c) {
    std::vector<Cell> cells = {Value{table.columns[c]}};
    for (const auto& row : table.rows) cells.push_back(row[c]);
    shown.AddRow(std::move(cells));
  }
  return shown;
}

// Splits text into lines of at most `width` columns, at spaces where possible.
std::vector<std::string> WrapText(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t newline = text.find('\n', start);
    std::string paragraph =
        text.substr(start, newline == std::string::npos ? std::string::npos : newline - start);
    std::string current;
    size_t word_start = 0;
    while (word_start <= paragraph.size()) {
      size_t space = paragraph.find(' ', word_start);
      std::string word = paragraph.substr(
          word_start, space == std::string::npos ? std::string::npos : space - word_start);
      if (!current.empty() && DisplayWidth(current) + 1 + DisplayWidth(word) > width) {
        lines.push_back(current);
        current = word;
      } else {
        if (!current.empty()) current += ' ';
        current += word;
      }
      if (space == std::string::npos) break;
      word_start = space + 1;
    }
    lines.push_back(current);
    if (newline == std::string::npos) break;
    start = newline + 1;
  }
  return lines;
}

}  // namespace

Cell Cell::Entity(EntityRef entity) {
  Cell cell(Value{entity.name});
  cell.entities_.push_back(std::move(entity));
  return cell;
}

Cell Cell::Entities(std::vector<EntityRef> entities) {
  if (entities.empty()) return Cell();
  Value::List names;
  for (const EntityRef& e : entities) names.push_back(Value{e.name});
  Cell cell(Value{std::move(names)});
  cell.entities_ = std::move(entities);
  cell.entity_list_ = true;
  return cell;
}

Cell Cell::WithNote(std::string note) && {
  note_ = std::move(note);
  return std::move(*this);
}

Cell Cell::WithConfidence(std::string tier, bool shown) && {
  confidence_ = std::move(tier);
  confidence_shown_ = shown && !confidence_.empty();
  return std::move(*this);
}

Cell Cell::Missing(std::string reason) {
  Cell cell;
  cell.reason_ = std::move(reason);
  return cell;
}

size_t ResultTable::ColumnIndex(std::string_view column) const {
  return std::find(columns.begin(), columns.end(), column) - columns.begin();
}

void RenderTable(const ResultTable& data, std::ostream& out) {
  const ResultTable table = DisplayForm(data);
  if (!table.title.empty()) out << EscapeControls(table.title) << '\n';
  if (data.rows.empty() && !data.empty_reason.empty()) {
    out << EscapeControls(data.empty_reason) << '\n';
    return;
  }
  size_t columns = table.columns.size();
  std::vector<std::string> headers;  // entity names head compare's columns
  for (const std::string& c : table.columns) headers.push_back(EscapeControls(c));
  // Each cell as wrapped lines; a row is as tall as its tallest cell.
  std::vector<std::vector<std::vector<std::string>>> rows;
  std::vector<size_t> widths(columns);
  for (size_t c = 0; c < columns; ++c) widths[c] = DisplayWidth(headers[c]);
  for (const auto& row : table.rows) {
    std::vector<std::vector<std::string>> cells;
    for (size_t c = 0; c < columns; ++c) {
      cells.push_back(WrapText(HumanText(row[c]), kMaxColumnWidth));
      for (const std::string& l : cells.back()) widths[c] = std::max(widths[c], DisplayWidth(l));
    }
    rows.push_back(std::move(cells));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t c = 0; c < cells.size(); ++c) {
      text += cells[c];
      if (c + 1 < cells.size()) text += std::string(widths[c] - DisplayWidth(cells[c]) + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  line(headers);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& cells : rows) {
    size_t height = 1;
    for (const auto& lines : cells) height = std::max(height, lines.size());
    for (size_t i = 0; i < height; ++i) {
      std::vector<std::string> parts;
      for (const auto& lines : cells) parts.push_back(i < lines.size() ? lines[i] : "");
      line(parts);
    }
  }
}

namespace {

nlohmann::ordered_json EntityJson(const EntityRef& e) {
  return nlohmann::ordered_json{{"id", e.id}, {"name", e.name}};
}

nlohmann::ordered_json ValueJson(const Value& value) {
  return std::visit(
      [](const auto& v) -> nlohmann::ordered_json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, Value::List>) {
          nlohmann::ordered_json array = nlohmann::ordered_json::array();
          for (const Value& item : v) array.push_back(ValueJson(item));
          return array;
        } else if constexpr (std::is_same_v<T, Money>) {
          std::string exact = v.amount.ToString();
          return nlohmann::ordered_json{{"value", nlohmann::ordered_json::parse(exact)},
                                        {"currency", v.currency},
                                        {"approximate", v.approximate},
                                        {"exact", exact}};
        } else if constexpr (std::is_same_v<T, Decimal>) {
          return nlohmann::ordered_json::parse(v.ToString());
        } else if constexpr (std::is_same_v<T, Date>) {
          return v.ToString();
        } else {
          return v;
        }
      },
      value.data);
}

// CSV fields of one cell under an expanded column (see RenderCsv).
struct CsvColumn {
  std::string name;
  bool money = false, approximate = false, entity = false, reason = false, note = false,
       confidence = false;
};

std::string ListText(const Value::List& items) {
  std::string out;
  for (const Value& item : items) out += (out.empty() ? "" : "; ") + item.ToDisplayString();
  return out;
}

void AppendCsvFields(const CsvColumn& column, const Cell& cell, std::vector<std::string>* out) {
  const Money* money = cell ? std::get_if<Money>(&cell->data) : nullptr;
  if (column.entity) {
    std::string ids;
    for (const EntityRef& e : cell.entities()) ids += (ids.empty() ? "" : "; ") + e.id;
    out->push_back(EscapeControls(ids));
  }
  if (!cell) {
    out->push_back("");
  } else if (money && column.money) {
    out->push_back(money->amount.ToString());
  } else if (const auto* list = std::get_if<Value::List>(&cell->data)) {
    out->push_back(EscapeControls(ListText(*list)));
  } else {
    out->push_back(EscapeControls(cell->ToDisplayString()));
  }
  if (column.money) out->push_back(money ? money->currency : "");
  if (column.approximate) out->push_back(money ? (money->approximate ? "true" : "false") : "");
  if (column.reason) out->push_back(EscapeControls(cell.reason()));
  if (column.note) out->push_back(EscapeControls(cell.note()));
  if (column.confidence) out->push_back(EscapeControls(cell.confidence()));
}

std::vector<CsvColumn> CsvColumns(const ResultTable& table) {
  std::vector<CsvColumn> columns;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    CsvColumn column{table.columns[c]};
    for (const auto& row : table.rows) {
      const Cell& cell = row[c];
      const Money* money = cell ? std::get_if<Money>(&cell->data) : nullptr;
      column.money = column.money || money;
      column.approximate = column.approximate || (money && money->approximate);
      column.entity = column.entity || !cell.entities().empty();
      column.reason = column.reason || !cell.reason().empty();
      column.note = column.note || !cell.note().empty();
      column.confidence = column.confidence || !cell.confidence().empty();
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

std::string TableKey(const ResultTable& table) {
  if (!table.name.empty()) return table.name;
  return table.title.empty() ? "result" : table.title;
}

}  // namespace

nlohmann::ordered_json CellToJson(const Cell& cell) {
  if (!cell) return nullptr;
  if (!cell.entities().empty()) {
    if (!cell.is_entity_list()) return EntityJson(cell.entities()[0]);
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const EntityRef& e : cell.entities()) array.push_back(EntityJson(e));
    return array;
  }
  return ValueJson(*cell);
}

nlohmann::ordered_json TableToJson(const ResultTable& table) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t c = 0; c < row.size(); ++c) {
      object[table.columns[c]] = CellToJson(row[c]);
      if (!row[c].reason().empty()) object[table.columns[c] + "_reason"] = row[c].reason();
      if (!row[c].note().empty()) object[table.columns[c] + "_note"] = row[c].note();
      if (!row[c].confidence().empty()) {
        object[table.columns[c] + "_confidence"] = row[c].confidence();
      }
    }
    rows.push_back(std::move(object));
  }
  if (table.is_record && rows.size() == 1) return rows[0];
  return rows;
}

void RenderCsv(const ResultTable& table, std::ostream& out) {
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t c = 0; c < cells.size(); ++c) out << (c ? "," : "") << CsvField(cells[c]);
    out << "\r\n";
  };
  std::vector<CsvColumn> columns = CsvColumns(table);
  std::vector<std::string> headers;
  for (const CsvColumn& c : columns) {
    std::string name = EscapeControls(c.name);
    if (c.entity) headers.push_back(name + "_id");
    headers.push_back(name);
    if (c.money) headers.push_back(name + "_currency");
    if (c.approximate) headers.push_back(name + "_approximate");
    if (c.reason) headers.push_back(name + "_reason");
    if (c.note) headers.push_back(name + "_note");
    if (c.confidence) headers.push_back(name + "_confidence");
  }
  line(headers);
  for (const auto& row : table.rows) {
    std::vector<std::string> fields;
    for (size_t c = 0; c < columns.size(); ++c) AppendCsvFields(columns[c], row[c], &fields);
    line(fields);
  }
}

void RenderTables(const std::vector<ResultTable>& tables, OutputFormat format, std::ostream& out) {
  if (format == OutputFormat::kJson) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    nlohmann::ordered_json titles = nlohmann::ordered_json::object();
    nlohmann::ordered_json empty_reasons = nlohmann::ordered_json::object();
    for (const ResultTable& t : tables) {
      j[TableKey(t)] = TableToJson(t);
      if (!t.title.empty() && t.title != TableKey(t)) titles[TableKey(t)] = t.title;
      if (t.rows.empty() && !t.empty_reason.empty()) empty_reasons[TableKey(t)] = t.empty_reason;
    }
    if (!titles.empty()) j["titles"] = std::move(titles);
    if (!empty_reasons.empty()) j["empty_reasons"] = std::move(empty_reasons);
    out << j.dump(2) << '\n';
    return;
  }
  bool first = true;
  for (size_t i = 0; i < tables.size(); ++i) {
    if (format == OutputFormat::kTable && tables[i].hidden_when_empty && tables[i].rows.empty()) {
      continue;
    }
    if (!first) out << '\n';
    first = false;
    if (format == OutputFormat::kCsv) {
      RenderCsv(tables[i], out);
    } else {
      RenderTable(tables[i], out);
    }
  }
}

Result<ResultTable> SelectTable(std::vector<ResultTable> tables, std::string_view name) {
  std::string names;
  for (ResultTable& t : tables) {
    if (TableKey(t) == name) return std::move(t);
    names += (names.empty() ? "" : ", ") + TableKey(t);
  }
  return Status::InvalidArgument(
      fmt::format("there is no table '{}' in this result; its tables are: {}", name, names));
}

std::string PrintableText(std::string_view text) { return EscapeControls(text); }

}  // namespace landscape
