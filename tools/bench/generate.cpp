// landscape_generate: writes a generated market as a line-delimited landscape/1 file, the
// workload of the benchmarks, deterministic for a seed (docs: README, Benchmarks).
//
//   landscape_generate --orgs 100000 --seed 1 --out market.jsonl
//
// About 10 relations an organisation: funding rounds with one lead and several participants
// whose invested_in edges carry exact shares of the round, rival_of pairs, dated valuations,
// and monthly CNY and EUR rates to USD.

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "bench_support.hpp"
#include "market_generator.hpp"

const char landscape_bench::kProgramName[] = "landscape_generate";

namespace {

void PrintHelp() {
  std::printf(
      "usage: landscape_generate --orgs N [--seed S] --out FILE.jsonl\n"
      "  --orgs N      organisations (companies and investors); about 10 relations each\n"
      "  --seed S      generator seed (default 1); the same seed writes the same file\n"
      "  --out FILE    the .jsonl file to write\n");
}

}  // namespace

int main(int argc, char** argv) {
  using landscape_bench::Die;
  int64_t orgs = 0;
  uint64_t seed = 1;
  std::string out;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      PrintHelp();
      return 0;
    }
    if (i + 1 >= argc) Die(fmt::format("{} needs a value (see --help)", arg));
    std::string value = argv[++i];
    if (arg == "--orgs") {
      orgs = landscape_bench::ParseInt(arg, value, 1, int64_t{1} << 32);
    } else if (arg == "--seed") {
      seed = static_cast<uint64_t>(landscape_bench::ParseInt(arg, value, 0, INT64_MAX));
    } else if (arg == "--out") {
      out = value;
    } else {
      Die(fmt::format("unknown option {} (see --help)", arg));
    }
  }
  if (orgs == 0 || out.empty()) Die("--orgs and --out are required (see --help)");
  landscape_bench::GenStats st = landscape_bench::Generate(out, orgs * 10, seed);
  std::fprintf(stderr,
               "wrote %s: %lld organisations (%lld companies, %lld investors), %lld rounds, "
               "%lld relations, %lld valuations, %lld FX rates, %.1f MiB\n",
               out.c_str(), static_cast<long long>(st.companies + st.investors),
               static_cast<long long>(st.companies), static_cast<long long>(st.investors),
               static_cast<long long>(st.rounds), static_cast<long long>(st.relations),
               static_cast<long long>(st.valuations), static_cast<long long>(st.fx_rates),
               static_cast<double>(st.bytes) / (1 << 20));
  return 0;
}
