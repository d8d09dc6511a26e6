#pragma once
// The market benchmark's figures and their three renderings: an aligned table for people, a
// JSON document for tools and a Markdown section for docs/performance.md.

#include <sys/utsname.h>

#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_support.hpp"

namespace landscape_bench {

// One operation's figures; NaN where a figure does not apply (no SQLite PageRank).
struct OperationFigures {
  std::string name;         // "Q1"
  std::string description;  // "investors of a company"
  size_t parameters = 0;    // distinct parameter values
  double warm_ms = NAN;     // Landscape, median per call in one process
  double sqlite_ms = NAN;   // SQLite, median per call in one process
  double cold_ms = NAN;     // Landscape, median whole `landscape` process
  double cold_peak_mib = NAN;
  double target_ms = NAN;    // the warm target at 10^6 relations
  double cold_target = NAN;  // allowed cold / floor ratio
  std::string check;         // "answers match" / "not cross-checked"
  std::string target_text;   // a target that is not "warm ms, cold ratio": shown as it is
};

struct MarketReport {
  std::string command;
  int64_t relations = 0;
  int64_t organisations = 0;
  double file_mib = 0;
  double import_s = NAN, sqlite_import_s = NAN, import_peak_mib = NAN;
  double store_mib = NAN, sqlite_mib = NAN;
  double floor_ms = NAN, floor_peak_mib = NAN;
  std::vector<OperationFigures> operations;
  std::vector<std::string> mismatches;
};

inline std::string Fixed(double v, int decimals) {
  return std::isnan(v) ? "-" : fmt::format("{:.{}f}", v, decimals);
}

// Milliseconds with the decimals their size needs.
inline std::string Ms(double ms) {
  if (std::isnan(ms)) return "-";
  return Fixed(ms, ms < 1 ? 3 : ms < 100 ? 1 : 0);
}

inline std::string Ratio(double a, double b) {
  if (std::isnan(a) || std::isnan(b) || b == 0) return "-";
  double r = a / b;
  return r >= 0.1 ? fmt::format("{:.2f}×", r) : fmt::format("{:.2g}×", r);
}

inline std::string FirstLineOf(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

inline std::string MachineDescription() {
  struct utsname u {};
  uname(&u);
  return fmt::format("{}, {} cpus, {} memory, Linux {}, compiler {}; load average {}",
                     FirstLineOf("/proc/cpuinfo", "model name"), sysconf(_SC_NPROCESSORS_ONLN),
                     FirstLineOf("/proc/meminfo", "MemTotal"), u.release, __VERSION__,
                     LoadAverage());
}

// Rows of the people's table and of the Markdown table alike.
inline std::vector<std::vector<std::string>> ReportRows(const MarketReport& r) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"L import", "1", Fixed(r.import_s, 2) + " s", Fixed(r.sqlite_import_s, 2) + " s",
                  Ratio(r.import_s, r.sqlite_import_s), "-", "-", Fixed(r.import_peak_mib, 0),
                  "≤ 1.5 s", "-"});
  for (const OperationFigures& op : r.operations) {
    std::string target = !op.target_text.empty()    ? op.target_text
                         : std::isnan(op.target_ms) ? ""
                                                    : fmt::format("≤ {} ms, cold ≤ {}× floor",
                                                                  Ms(op.target_ms), op.cold_target);
    rows.push_back({op.name + " " + op.description, std::to_string(op.parameters),
                    std::isnan(op.warm_ms) ? "-" : Ms(op.warm_ms) + " ms",
                    std::isnan(op.sqlite_ms) ? "-" : Ms(op.sqlite_ms) + " ms",
                    Ratio(op.warm_ms, op.sqlite_ms),
                    std::isnan(op.cold_ms) ? "-" : Ms(op.cold_ms) + " ms",
                    Ratio(op.cold_ms, r.floor_ms), Fixed(op.cold_peak_mib, 0), target, op.check});
  }
  rows.push_back({"floor: open read-only, exit", "1", "-", "-", "-", Ms(r.floor_ms) + " ms",
                  "1.00×", Fixed(r.floor_peak_mib, 0), "", ""});
  rows.push_back({"store size on disk", "", Fixed(r.store_mib, 1) + " MiB",
                  Fixed(r.sqlite_mib, 1) + " MiB", Ratio(r.store_mib, r.sqlite_mib), "", "", "",
                  "≤ SQLite", ""});
  return rows;
}

inline const std::vector<std::string> kReportColumns = {
    "operation", "params",     "Landscape", "SQLite", "ratio",
    "cold",      "cold/floor", "peak MiB",  "target", "answers"};

inline size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // counts code points: enough for ≤ and ×
  return n;
}

inline void PrintReport(const MarketReport& r) {
  auto rows = ReportRows(r);
  std::vector<size_t> width(kReportColumns.size());
  for (size_t c = 0; c < width.size(); ++c) width[c] = DisplayWidth(kReportColumns[c]);
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], DisplayWidth(row[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < cells.size(); ++c) {
      out += cells[c] + std::string(width[c] - DisplayWidth(cells[c]) + 2, ' ');
    }
    fmt::print("{}\n", out.substr(0, out.find_last_not_of(' ') + 1));
  };
  fmt::print("\n{} relations, {} organisations ({:.0f} MiB file); medians\n", r.relations,
             r.organisations, r.file_mib);
  line(kReportColumns);
  for (const auto& row : rows) line(row);
  fmt::print("cross-check against SQLite: {}\n",
             r.mismatches.empty() ? "all answers match"
                                  : fmt::format("{} MISMATCHES", r.mismatches.size()));
}

inline nlohmann::ordered_json NumberOrNull(double v) {
  return std::isnan(v) ? nlohmann::ordered_json() : nlohmann::ordered_json(v);
}

inline nlohmann::ordered_json ReportJson(const MarketReport& r) {
  nlohmann::ordered_json j;
  j["command"] = r.command;
  j["machine"] = MachineDescription();
  j["relations"] = r.relations;
  j["organisations"] = r.organisations;
  j["file_mib"] = r.file_mib;
  j["import"] = {{"landscape_s", NumberOrNull(r.import_s)},
                 {"sqlite_s", NumberOrNull(r.sqlite_import_s)},
                 {"landscape_peak_mib", NumberOrNull(r.import_peak_mib)}};
  j["store_mib"] = {{"landscape", NumberOrNull(r.store_mib)},
                    {"sqlite", NumberOrNull(r.sqlite_mib)}};
  j["floor"] = {{"cold_ms", NumberOrNull(r.floor_ms)},
                {"peak_mib", NumberOrNull(r.floor_peak_mib)}};
  for (const OperationFigures& op : r.operations) {
    j["operations"].push_back({{"name", op.name},
                               {"description", op.description},
                               {"parameters", op.parameters},
                               {"landscape_warm_ms", NumberOrNull(op.warm_ms)},
                               {"sqlite_warm_ms", NumberOrNull(op.sqlite_ms)},
                               {"landscape_cold_ms", NumberOrNull(op.cold_ms)},
                               {"cold_peak_mib", NumberOrNull(op.cold_peak_mib)},
                               {"target_warm_ms", NumberOrNull(op.target_ms)},
                               {"target_cold_over_floor", NumberOrNull(op.cold_target)},
                               {"answers", op.check}});
  }
  j["mismatches"] = r.mismatches;
  return j;
}

inline std::string ReportMarkdown(const MarketReport& r) {
  std::ostringstream out;
  out << fmt::format("## {} relations\n\n", r.relations);
  out << fmt::format("- Data: {} organisations, {} relations ({:.0f} MiB of `.jsonl`).\n",
                     r.organisations, r.relations, r.file_mib);
  out << "- Machine: " << MachineDescription() << ".\n";
  out << "- Command: `" << r.command << "`.\n";
  out << "- Landscape and SQLite columns: median per call in one warm process; cold: median "
         "whole `landscape` process; peak: largest resident set of those processes.\n\n";
  out << "|";
  for (const std::string& c : kReportColumns) out << ' ' << c << " |";
  out << "\n|";
  for (size_t i = 0; i < kReportColumns.size(); ++i) out << "---|";
  out << "\n";
  for (const auto& row : ReportRows(r)) {
    out << "|";
    for (const std::string& c : row) out << ' ' << c << " |";
    out << "\n";
  }
  out << fmt::format("\nCross-check against SQLite: {}.\n",
                     r.mismatches.empty() ? "every answer matched"
                                          : fmt::format("{} mismatches", r.mismatches.size()));
  return out.str();
}

}  // namespace landscape_bench
