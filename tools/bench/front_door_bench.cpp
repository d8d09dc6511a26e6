// landscape_front_door_bench: the warm cost of one local query through the front door, the
// C++ side of the Python module's benchmark (tools/bench/python_bench.py runs both and prints
// the ratio). Opens STORE as a reader, answers `investors ID` once for every id in IDS_FILE
// (one per line) untimed, then RUNS times each, and prints the median microseconds per call.
// Usage: landscape_front_door_bench STORE IDS_FILE [RUNS]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench_support.hpp"
#include "landscape/database.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: landscape_front_door_bench STORE IDS_FILE [RUNS]\n");
    return 2;
  }
  int runs = argc > 3 ? std::atoi(argv[3]) : 5;
  std::vector<std::string> ids;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) ids.push_back(line);
  }
  auto db = landscape::Database::Open(argv[1], landscape::OpenMode::kRead);
  if (!db.ok()) {
    fmt::print(stderr, "{}\n", db.status().message());
    return 1;
  }
  auto ask = [&](const std::string& id) {
    landscape::Request request{landscape::InvestorsRequest{id}, {}};
    auto tables = (*db)->Run(request);
    if (!tables.ok()) {
      fmt::print(stderr, "{}: {}\n", id, tables.status().message());
      std::exit(1);
    }
    return tables->at(0).rows.size();
  };
  for (const std::string& id : ids) ask(id);  // warm: the blocks this query reads are cached
  std::vector<double> micros;
  size_t rows = 0;
  for (int r = 0; r < runs; ++r) {
    for (const std::string& id : ids) {
      auto start = std::chrono::steady_clock::now();
      rows += ask(id);
      micros.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count());
    }
  }
  fmt::print("{:.1f} us median per call ({} calls, {} rows)\n", landscape_bench::Median(micros),
             micros.size(), rows);
  return 0;
}
