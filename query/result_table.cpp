#include "landscape/result_table.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace landscape {
namespace {

// CSV text of a cell: canonical values; a list as its JSON array, so items stay separable (JSON
// escapes control characters itself). Control characters are made visible (EscapeControls).
std::string CsvText(const Cell& cell) {
  if (!cell) return "";
  // JSON escapes C0 controls itself; C1 ones become \u0080..\u009F, still the same JSON.
  if (cell->kind() == ValueKind::kList) return EscapeControls(ValueToJson(*cell).dump());
  return EscapeControls(cell->ToDisplayString());
}

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

// Table text of a cell: lists one item per line, money with grouped digits, control characters
// made visible (a newline of the store's text cannot break a row, an escape sequence cannot
// reach the terminal).
std::string HumanText(const Cell& cell) {
  if (!cell) return "";
  if (const auto* list = std::get_if<Value::List>(&cell->data)) {
    std::string out;
    for (const Value& item : *list) {
      if (!out.empty()) out += '\n';
      out += HumanText(item);
    }
    return out;
  }
  if (cell->kind() == ValueKind::kMoney) return GroupDigits(cell->ToDisplayString());
  return EscapeControls(cell->ToDisplayString());
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

void RenderTable(const ResultTable& table, std::ostream& out) {
  if (!table.title.empty()) out << EscapeControls(table.title) << '\n';
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

nlohmann::ordered_json TableToJson(const ResultTable& table) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (size_t c = 0; c < row.size(); ++c) {
      object[table.columns[c]] =
          row[c] ? nlohmann::ordered_json(ValueToJson(*row[c])) : nlohmann::ordered_json(nullptr);
    }
    rows.push_back(std::move(object));
  }
  return rows;
}

void RenderCsv(const ResultTable& table, std::ostream& out) {
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t c = 0; c < cells.size(); ++c) out << (c ? "," : "") << CsvField(cells[c]);
    out << "\r\n";
  };
  std::vector<std::string> headers;
  for (const std::string& c : table.columns) headers.push_back(EscapeControls(c));
  line(headers);
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (const Cell& cell : row) cells.push_back(CsvText(cell));
    line(cells);
  }
}

void RenderTables(const std::vector<ResultTable>& tables, OutputFormat format, std::ostream& out) {
  if (format == OutputFormat::kJson) {
    nlohmann::ordered_json j;
    if (tables.size() == 1 && tables[0].title.empty()) {
      j = TableToJson(tables[0]);
    } else {
      j = nlohmann::ordered_json::object();
      for (const ResultTable& t : tables) j[t.title] = TableToJson(t);
    }
    out << j.dump(2) << '\n';
    return;
  }
  for (size_t i = 0; i < tables.size(); ++i) {
    if (i) out << '\n';
    if (format == OutputFormat::kCsv) {
      if (!tables[i].title.empty() && tables.size() > 1) {
        out << "# " << EscapeControls(tables[i].title) << "\r\n";
      }
      RenderCsv(tables[i], out);
    } else {
      RenderTable(tables[i], out);
    }
  }
}

std::string PrintableText(std::string_view text) { return EscapeControls(text); }

}  // namespace landscape
