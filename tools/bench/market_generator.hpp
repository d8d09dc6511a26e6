#pragma once
// The market generator shared by the benchmarks (import_bench.cpp, query_bench.cpp) and
// landscape_generate (generate.cpp): writes,
// deterministically from a seed, a line-delimited landscape/1 file (docs/data-format.md, "The
// line-delimited form") of companies, investors and funding rounds with `raised`,
// `invested_in` and `rival_of` relations, all citing one source.
//
// The shape of the data: ~N/10 organisations (60% companies, 40% investors; about a third
// with Chinese names), ~N/6 funding rounds, each with one `raised` edge from its company and
// 1 to 8 `invested_in` edges (one lead; each with its exact share of the round's amount, in
// USD, CNY or EUR), and N/10 `rival_of` pairs between companies; dated valuations for about
// a third of the companies; monthly CNY and EUR rates to USD for 2010-2026. Investors are
// drawn with a Zipf-like law (weight 1/rank), so a few investors are in many rounds, as in
// real funding data.
//
// Uses only the standard library, fmt and bench_support.hpp (for Die).

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "bench_support.hpp"

namespace landscape_bench {

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: only mt19937_64's output, whose sequence the standard fixes, so
// the same seed gives the same file with any standard library (the std distributions don't).

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // Uniform in [0, n); n > 0. The modulo bias is negligible for the n used here.
  uint64_t Below(uint64_t n) { return engine_() % n; }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  std::mt19937_64 engine_;
};

// Draws indexes in [0, n) with weight 1/(rank+1)^s, ranks assigned to indexes by a random
// permutation (so the popular ones are not simply the first ids).
class Zipf {
 public:
  Zipf(size_t n, double s, Rng& rng) : cumulative_(n), index_of_rank_(n) {
    double total = 0;
    for (size_t r = 0; r < n; ++r) {
      total += 1.0 / std::pow(static_cast<double>(r + 1), s);
      cumulative_[r] = total;
    }
    for (double& c : cumulative_) c /= total;
    for (size_t i = 0; i < n; ++i) index_of_rank_[i] = static_cast<uint32_t>(i);
    for (size_t i = n; i > 1; --i) std::swap(index_of_rank_[i - 1], index_of_rank_[rng.Below(i)]);
  }
  uint32_t Draw(Rng& rng) const {
    double u = rng.Unit();
    size_t rank = static_cast<size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), u) -
                                      cumulative_.begin());
    return index_of_rank_[std::min(rank, index_of_rank_.size() - 1)];
  }

 private:
  std::vector<double> cumulative_;
  std::vector<uint32_t> index_of_rank_;
};

// ---------------------------------------------------------------------------------------------
// The generator

// Syllables for names. Every string here is plain JSON-safe text: no quote, backslash or
// control character, so names are written without escaping.
inline const std::vector<std::string> kCjk = {
    "深", "度", "求", "索", "月", "之", "暗", "面", "智", "谱", "华", "章", "百", "川", "零",
    "一", "万", "物", "阶", "跃", "星", "辰", "云", "天", "海", "光", "明", "新", "创", "科",
    "源", "启", "元", "象", "量", "子", "芯", "动", "力", "未", "来", "宁", "德", "时", "代"};
inline const std::vector<std::string> kCjkCompanySuffix = {"科技", "智能", "机器人", "半导体",
                                                           "网络", "生物", "能源",   "信息"};
inline const std::vector<std::string> kCjkInvestorSuffix = {"资本", "创投", "投资", "基金",
                                                            "产业基金"};
inline const std::vector<std::string> kPinyin = {
    "Zhi",   "Pu",    "Yue",  "Hua",   "Bai",  "Chuan", "Ling",   "Wan",   "Xing", "Chen",
    "Yun",   "Tian",  "Hai",  "Guang", "Ming", "Xin",   "Chuang", "Ke",    "Yuan", "Qi",
    "Xiang", "Liang", "Dong", "Li",    "Wei",  "Lai",   "Ning",   "De",    "Shi",  "Dai",
    "Moon",  "Deep",  "Step", "Star",  "Nova", "Quant", "Astra",  "Lumen", "Core", "Vertex"};
inline const std::vector<std::string> kCompanySuffix = {" AI",   " Technology",    " Robotics",
                                                        " Labs", " Semiconductor", " Networks",
                                                        " Bio",  " Energy",        " Systems"};
inline const std::vector<std::string> kInvestorSuffix = {" Capital",    " Ventures", " Partners",
                                                         " Investment", " Fund",     " Holdings"};
inline const std::vector<std::string> kStages = {"Angel",     "Seed",     "Pre-A",     "Series A",
                                                 "Series A+", "Series B", "Series B+", "Series C",
                                                 "Series D",  "Series E", "Strategic", "Pre-IPO"};
inline const std::vector<std::string> kInvestorTypes = {
    "venture capital", "private equity", "corporate venture",
    "government fund", "angel",          "sovereign wealth fund"};
inline const std::vector<std::string> kFocus = {"foundation models",
                                                "autonomous driving",
                                                "robotics",
                                                "AI chips",
                                                "batteries",
                                                "biotech",
                                                "cloud",
                                                "fintech"};

// Countries, China weighted.
inline const std::vector<std::string> kCountries = {"CN", "CN", "CN", "CN", "CN", "CN",
                                                    "US", "US", "SG", "HK", "JP", "KR",
                                                    "DE", "GB", "FR", "IL", "AE", "SA"};
inline const std::vector<std::string> kCurrencies = {"USD", "USD", "CNY", "CNY", "CNY", "EUR"};

inline std::string CjkName(Rng& rng, const std::vector<std::string>& suffixes) {
  std::string s;
  int n = static_cast<int>(rng.Between(2, 4));
  for (int i = 0; i < n; ++i) s += rng.Pick(kCjk);
  return s + rng.Pick(suffixes);
}

inline std::string LatinName(Rng& rng, const std::vector<std::string>& suffixes) {
  std::string s = rng.Pick(kPinyin);
  std::string second = rng.Pick(kPinyin);
  // "Zhipu", "Moonshot"-like: the second syllable in lower case, glued on.
  for (char& c : second) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  s += second;
  if (rng.Chance(0.3)) s += " " + rng.Pick(kPinyin);
  return s + rng.Pick(suffixes);
}

inline std::string Date(Rng& rng, int from_year, int to_year, bool allow_coarse) {
  int year = static_cast<int>(rng.Between(from_year, to_year));
  if (allow_coarse && rng.Chance(0.3)) return fmt::format("{}", year);
  int month = static_cast<int>(rng.Between(1, 12));
  if (allow_coarse && rng.Chance(0.3)) return fmt::format("{}-{:02}", year, month);
  return fmt::format("{}-{:02}-{:02}", year, month, rng.Between(1, 28));
}

// Money in the forms analysts write: "12500000 USD", "3B CNY", "450M USD", "1.2B CNY",
// "$7.4B", "¥800M", "1.5 billion yuan"; log-uniform between the bounds, in millions.
inline std::string Money(Rng& rng, double millions_lo, double millions_hi) {
  double m = millions_lo * std::pow(millions_hi / millions_lo, rng.Unit());
  const std::string& ccy = rng.Pick(kCurrencies);
  switch (rng.Below(5)) {
    case 0: {  // full digits: "12500000 USD"
      auto units = static_cast<int64_t>(m * 10) * 100000;
      return fmt::format("{} {}", units, ccy);
    }
    case 1:  // "3B CNY" / "1.2B CNY"
      if (m >= 1000) return fmt::format("{:.1f}B {}", m / 1000, ccy);
      [[fallthrough]];
    case 2:  // "450M USD"
      return fmt::format("{}M {}", static_cast<int64_t>(m < 1 ? 1 : m), ccy);
    case 3:  // "$7.4B" / "$450M"
      if (m >= 1000) return fmt::format("${:.1f}B", m / 1000);
      return fmt::format("${}M", static_cast<int64_t>(m < 1 ? 1 : m));
    default:  // "¥800M", "RMB 5bn"-like as "800 million yuan"
      if (m >= 1000) return fmt::format("{:.1f} billion yuan", m / 1000);
      return fmt::format("¥{}M", static_cast<int64_t>(m < 1 ? 1 : m));
  }
}

// An amount drawn as whole units of its currency, with the text an analyst would write for
// it, so that shares of a round can be exact parts of its total.
struct Amount {
  int64_t units = 0;
  std::string currency;
  std::string text;
};

inline Amount DrawAmount(Rng& rng, double millions_lo, double millions_hi) {
  double m = millions_lo * std::pow(millions_hi / millions_lo, rng.Unit());
  Amount a;
  a.currency = rng.Pick(kCurrencies);
  // Rounded to what the text can say exactly: 0.1M steps below 1B, 0.1B steps above.
  if (m >= 1000) {
    int64_t tenths = std::max<int64_t>(static_cast<int64_t>(m / 100), 10);
    a.units = tenths * 100'000'000;
    a.text = rng.Chance(0.5) ? fmt::format("{}.{}B {}", tenths / 10, tenths % 10, a.currency)
                             : fmt::format("{} {}", a.units, a.currency);
  } else {
    int64_t tenths = std::max<int64_t>(static_cast<int64_t>(m * 10), 1);
    a.units = tenths * 100'000;
    a.text = rng.Chance(0.5) ? fmt::format("{} {}", a.units, a.currency)
                             : fmt::format("{}.{}M {}", tenths / 10, tenths % 10, a.currency);
  }
  return a;
}

// Monthly rates of CNY and EUR to USD over the years the generator dates rounds in, as a
// deterministic random walk around realistic levels.
inline int64_t WriteFxRates(Rng& rng, int from_year, int to_year, const std::string& source,
                            std::string* out) {
  int64_t written = 0;
  for (auto [base, start] : {std::pair{"CNY", 0.1450}, std::pair{"EUR", 1.1000}}) {
    double rate = start;
    for (int year = from_year; year <= to_year; ++year) {
      for (int month = 1; month <= 12; ++month) {
        rate *= 1.0 + (rng.Unit() - 0.5) * 0.02;
        fmt::format_to(std::back_inserter(*out),
                       R"({{"type":"fx_rate","date":"{}-{:02}","base":"{}","quote":"USD",)"
                       R"("rate":"{:.6f}","sources":["{}"],"confidence":"official"}})"
                       "\n",
                       year, month, base, rate, source);
        ++written;
      }
    }
  }
  return written;
}

struct GenStats {
  uint64_t bytes = 0;
  int64_t relations = 0;
  int64_t raised = 0;
  int64_t invested_in = 0;
  int64_t rival_of = 0;
  int64_t entities = 0;
  int64_t companies = 0;
  int64_t investors = 0;
  int64_t rounds = 0;
  int64_t fx_rates = 0;
  int64_t valuations = 0;
  int64_t top_investor_rounds = 0;  // the most rounds one organisation invested in
  int64_t top_company_rivals = 0;   // the most rival_of edges one company has
};

// Buffers output and writes it in large blocks.
class Output {
 public:
  explicit Output(const std::string& path) : file_(std::fopen(path.c_str(), "wb")), path_(path) {
    if (!file_) Die(fmt::format("cannot create {}: {}", path, std::strerror(errno)));
    buf_.reserve(kBlock + 4096);
  }
  ~Output() {
    if (file_) std::fclose(file_);
  }
  std::string& buf() { return buf_; }
  void Line() {
    buf_ += '\n';
    if (buf_.size() >= kBlock) Flush();
  }
  uint64_t Close() {
    Flush();
    if (std::fclose(file_) != 0) Die(fmt::format("writing {}: {}", path_, std::strerror(errno)));
    file_ = nullptr;
    return written_;
  }

 private:
  static constexpr size_t kBlock = 1 << 20;
  void Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      Die(fmt::format("writing {}: {}", path_, std::strerror(errno)));
    }
    written_ += buf_.size();
    buf_.clear();
  }
  std::FILE* file_;
  std::string path_;
  std::string buf_;
  uint64_t written_ = 0;
};

inline constexpr std::string_view kSource = "bench-source";

// What the generator wrote about one company (the company with id CompanyId(i) is entry i):
// how much a query about it has to read.
struct CompanyStats {
  int64_t rounds = 0;          // `raised` edges: rounds it raised
  int64_t participations = 0;  // `invested_in` edges into those rounds (rows of `investors`)
  int64_t rivals = 0;          // `rival_of` edges, either direction
  int64_t invested = 0;        // `invested_in` edges from it (a corporate investor)
  int64_t degree() const { return rounds + rivals + invested; }  // its relations
};

inline std::string CompanyId(int64_t i) { return fmt::format("co-{:07}", i); }

// Writes the file; when `companies` is given, fills it with one entry per company. The
// bookkeeping draws no random numbers, so the file is the same either way.
inline GenStats Generate(const std::string& path, int64_t target, uint64_t seed,
                         std::vector<CompanyStats>* companies = nullptr) {
  Rng rng(seed);
  Output out(path);
  GenStats st;
  auto put = [&out](std::string_view s) { out.buf().append(s); };

  // Sizes: organisations ~ N/10; rival_of ~ N/10; rounds fill the rest.
  int64_t orgs = std::max<int64_t>(target / 10, 5);
  int64_t n_companies = std::max<int64_t>(orgs * 6 / 10, 3);
  int64_t n_investors = std::max<int64_t>(orgs - n_companies, 2);
  int64_t rival_target = target / 10;

  put(R"({"format":"landscape/1"})");
  out.Line();
  fmt::format_to(std::back_inserter(out.buf()),
                 R"({{"type":"source","id":"{}","name":"Landscape import benchmark",)"
                 R"j("attributes":{{"title":"Generated funding data (seed {})",)j"
                 R"("source_type":"article","language":"en","published":"2026-03"}}}})",
                 kSource, seed);
  out.Line();
  ++st.entities;
  st.fx_rates = WriteFxRates(rng, 2010, 2026, std::string(kSource), &out.buf());

  auto company_id = [](int64_t i) { return CompanyId(i); };
  auto investor_id = [](int64_t i) { return fmt::format("inv-{:07}", i); };
  auto round_id = [](int64_t i) { return fmt::format("round-{:08}", i); };

  // Organisations, with a Chinese name for about a third (and a Latin alias for some of
  // those), a Latin name otherwise (and a Chinese alias for some).
  std::vector<std::string> company_names;
  auto org = [&](const std::string& id, const char* kind, bool investor) {
    const auto& cjk_suffix = investor ? kCjkInvestorSuffix : kCjkCompanySuffix;
    const auto& latin_suffix = investor ? kInvestorSuffix : kCompanySuffix;
    std::string name, alias;
    if (rng.Chance(0.35)) {
      name = CjkName(rng, cjk_suffix);
      if (rng.Chance(0.5)) alias = LatinName(rng, latin_suffix);
    } else {
      name = LatinName(rng, latin_suffix);
      if (rng.Chance(0.3)) alias = CjkName(rng, cjk_suffix);
    }
    if (!investor) company_names.push_back(name);
    auto it = std::back_inserter(out.buf());
    fmt::format_to(it, R"({{"type":"entity","id":"{}","kind":"{}","name":"{}")", id, kind, name);
    if (!alias.empty()) fmt::format_to(it, R"(,"aliases":["{}"])", alias);
    fmt::format_to(it, R"(,"attributes":{{"country":"{}","founded":"{}")", rng.Pick(kCountries),
                   Date(rng, 1985, 2025, true));
    if (investor) {
      fmt::format_to(it, R"(,"investor_type":"{}")", rng.Pick(kInvestorTypes));
      if (rng.Chance(0.3)) {
        fmt::format_to(it, R"(,"assets_under_management":"{}")", Money(rng, 100, 200000));
      }
    } else {
      if (rng.Chance(0.5)) fmt::format_to(it, R"(,"primary_focus":"{}")", rng.Pick(kFocus));
      if (rng.Chance(0.3)) {
        // Dated valuations, as successive claims.
        int64_t n = rng.Between(1, 3);
        it = fmt::format_to(it, R"(,"valuation":[)");
        for (int64_t v = 0; v < n; ++v) {
          fmt::format_to(it, R"({}{{"value":"{}","as_of":"{}","sources":["{}"]}})", v ? "," : "",
                         DrawAmount(rng, 10, 100000).text, Date(rng, 2015, 2026, true), kSource);
          ++st.valuations;
        }
        fmt::format_to(it, "]");
      }
    }
    fmt::format_to(it, R"(}},"sources":["{}"],"confidence":"reported"}})", kSource);
    out.Line();
    ++st.entities;
  };
  for (int64_t i = 0; i < n_companies; ++i) org(company_id(i), "company", false);
  for (int64_t i = 0; i < n_investors; ++i) org(investor_id(i), "investor", true);
  st.companies = n_companies;
  st.investors = n_investors;
  std::vector<CompanyStats> unused;
  std::vector<CompanyStats>& co = companies ? *companies : unused;
  co.assign(companies ? static_cast<size_t>(n_companies) : 0, CompanyStats{});

  // Who invests: investors by a Zipf-like law; sometimes a company (corporate investors such
  // as Tencent), also skewed.
  Zipf investor_law(static_cast<size_t>(n_investors), 1.0, rng);
  Zipf company_law(static_cast<size_t>(n_companies), 1.0, rng);
  std::vector<int64_t> investor_rounds(static_cast<size_t>(n_investors + n_companies), 0);

  auto relation_head = [&](std::string_view type, const std::string& from, const std::string& to) {
    fmt::format_to(std::back_inserter(out.buf()),
                   R"({{"type":"relation","relation":"{}","from":"{}","to":"{}")", type, from, to);
  };
  auto relation_tail = [&]() {
    fmt::format_to(std::back_inserter(out.buf()), R"(,"sources":["{}"],"confidence":"reported"}})",
                   kSource);
    out.Line();
    ++st.relations;
  };

  // Funding rounds: the round entity, then its edges. Each round takes 1 + k relations.
  constexpr int64_t kMaxInvestors = 8;
  int64_t max_per_round = std::min<int64_t>(kMaxInvestors, n_investors + n_companies - 1);
  int64_t round_budget = target - rival_target;
  std::vector<int64_t> chosen;  // organisation slots: investors first, then companies
  while (st.relations + 2 <= round_budget) {
    int64_t r = st.rounds++;
    int64_t company = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(n_companies)));
    std::string rid = round_id(r);
    std::string stage = rng.Pick(kStages);
    std::string cid = company_id(company);
    Amount amount = DrawAmount(rng, 0.5, 20000);
    {
      auto it = std::back_inserter(out.buf());
      fmt::format_to(it,
                     R"({{"type":"entity","id":"{}","kind":"funding_round","name":"{} {}",)"
                     R"("attributes":{{"stage":"{}","amount":{{"value":"{}","sources":["{}"],)"
                     R"("confidence":"reported"}},"announced":"{}"}},"sources":["{}"]}})",
                     rid, company_names[static_cast<size_t>(company)], stage, stage, amount.text,
                     kSource, Date(rng, 2010, 2026, false), kSource);
      out.Line();
      ++st.entities;
    }
    relation_head("raised", cid, rid);
    relation_tail();
    ++st.raised;

    int64_t k = std::min<int64_t>(rng.Between(1, max_per_round), round_budget - st.relations);
    if (companies) {
      ++co[static_cast<size_t>(company)].rounds;
      co[static_cast<size_t>(company)].participations += k;
    }
    chosen.clear();
    while (static_cast<int64_t>(chosen.size()) < k) {
      int64_t slot;
      if (rng.Chance(0.8)) {
        slot = investor_law.Draw(rng);
      } else {
        int64_t c = company_law.Draw(rng);
        if (c == company) continue;  // not in its own round
        slot = n_investors + c;
      }
      if (std::find(chosen.begin(), chosen.end(), slot) != chosen.end()) continue;
      chosen.push_back(slot);
    }
    for (size_t j = 0; j < chosen.size(); ++j) {
      int64_t slot = chosen[j];
      std::string from = slot < n_investors ? investor_id(slot) : company_id(slot - n_investors);
      ++investor_rounds[static_cast<size_t>(slot)];
      relation_head("invested_in", from, rid);
      auto it = std::back_inserter(out.buf());
      // Shares split the round exactly: the lead takes what the equal parts leave over.
      int64_t part = amount.units / static_cast<int64_t>(chosen.size());
      int64_t share = j == 0 ? amount.units - part * static_cast<int64_t>(chosen.size() - 1) : part;
      fmt::format_to(it, R"(,"properties":{{{}"amount":{{"value":"{} {}","sources":["{}"]}}}})",
                     j == 0 ? R"("lead":true,)" : "", share, amount.currency, kSource);
      relation_tail();
      ++st.invested_in;
    }
  }
  for (int64_t n : investor_rounds) st.top_investor_rounds = std::max(st.top_investor_rounds, n);
  for (size_t c = 0; c < co.size(); ++c) {
    co[c].invested = investor_rounds[static_cast<size_t>(n_investors) + c];
  }

  // rival_of pairs between companies up to exactly `target` relations: one end skewed (big
  // companies have many rivals), written in either direction (the store orders them).
  std::unordered_set<uint64_t> pairs;
  std::vector<int64_t> rivals(static_cast<size_t>(n_companies), 0);
  int64_t misses = 0;
  while (st.relations < target && misses < 1000) {
    int64_t a = company_law.Draw(rng);
    int64_t b = static_cast<int64_t>(rng.Below(static_cast<uint64_t>(n_companies)));
    if (a == b) continue;
    uint64_t key =
        (static_cast<uint64_t>(std::min(a, b)) << 32) | static_cast<uint64_t>(std::max(a, b));
    if (!pairs.insert(key).second) {
      ++misses;  // only a tiny store can run out of pairs
      continue;
    }
    misses = 0;
    ++rivals[static_cast<size_t>(a)];
    ++rivals[static_cast<size_t>(b)];
    bool swap = rng.Chance(0.5);
    relation_head("rival_of", company_id(swap ? b : a), company_id(swap ? a : b));
    if (rng.Chance(0.3)) {
      fmt::format_to(std::back_inserter(out.buf()), R"(,"properties":{{"basis":"{}"}})",
                     rng.Chance(0.5) ? "same market" : "competitor analysis table");
    }
    relation_tail();
    ++st.rival_of;
  }
  for (int64_t n : rivals) st.top_company_rivals = std::max(st.top_company_rivals, n);
  for (size_t c = 0; c < co.size(); ++c) co[c].rivals = rivals[c];

  st.bytes = out.Close();
  return st;
}

}  // namespace landscape_bench
