#include "query/funding_tables.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "query/catalog.hpp"

namespace landscape {
namespace {

Value Text(std::string s) { return Value{std::move(s)}; }

Cell ClaimValue(const std::optional<Claim>& c) { return c ? Cell(c->value) : Cell(); }

Cell SourcesOf(const Provenance& p) {
  if (p.sources.empty()) return Cell();
  Value::List list;
  for (const std::string& s : p.sources) list.push_back(Text(s));
  return Value{std::move(list)};
}

Cell ShareOf(const Participation& p) { return p.share ? Cell(Value{*p.share}) : Cell(); }

std::vector<Cell> RoundCells(const RoundFacts& r) {
  return {Text(r.round.id), ClaimValue(r.stage), ClaimValue(r.announced), ClaimValue(r.amount)};
}

// A company's rounds, or the round itself when `entity` is one.
Result<std::vector<RoundFacts>> RoundsOf(const Store& store, const ResolvedEntity& entity,
                                         const FundingOptions& options) {
  if (entity.entity.kind == "funding_round") {
    std::vector<RoundFacts> one;
    one.push_back(ReadRound(store.schema(), entity.entity, entity.number, options.as_of));
    return one;
  }
  return RoundsRaisedBy(store, entity.number, options);
}

}  // namespace

Result<ResultTable> InvestorsTable(const Store& store, const std::string& name,
                                   const FundingOptions& options) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity entity, ResolveEntity(store, name));
  ResultTable table{
      "",
      {"investor_id", "investor", "round", "stage", "date", "amount", "share", "lead", "sources"},
      {}};
  LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsOf(store, entity, options));
  for (const RoundFacts& round : rounds) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, round.number, options));
    for (const Participation& p : participants) {
      std::vector<Cell> row = {Text(p.investor.id), Text(p.investor.name)};
      for (Cell& c : RoundCells(round)) row.push_back(std::move(c));
      row.insert(row.end(), {ShareOf(p), Value{p.lead}, SourcesOf(p.relation.provenance)});
      table.AddRow(std::move(row));
    }
  }
  return table;
}

Result<ResultTable> PortfolioTable(const Store& store, const std::string& name,
                                   const FundingOptions& options) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity entity, ResolveEntity(store, name));
  ResultTable table{
      "",
      {"company_id", "company", "round", "stage", "date", "amount", "share", "lead", "sources"},
      {}};
  LANDSCAPE_ASSIGN_OR_RETURN(auto investments, InvestmentsBy(store, entity.number, options));
  for (const Investment& inv : investments) {
    std::vector<Cell> row = {inv.company ? Cell(Text(inv.company->id)) : Cell(),
                             inv.company ? Cell(Text(inv.company->name)) : Cell()};
    for (Cell& c : RoundCells(inv.round)) row.push_back(std::move(c));
    row.insert(row.end(), {ShareOf(inv.participation), Value{inv.participation.lead},
                           SourcesOf(inv.participation.relation.provenance)});
    table.AddRow(std::move(row));
  }
  return table;
}

Result<ResultTable> SharedInvestorsTable(const Store& store, const std::vector<std::string>& names,
                                         std::optional<size_t> min_companies,
                                         const FundingOptions& options) {
  if (names.size() < 2) return Status::InvalidArgument("shared-investors needs at least two names");
  size_t min = min_companies.value_or(names.size());
  if (min < 1 || min > names.size()) {
    return Status::InvalidArgument(
        fmt::format("--min must be between 1 and {} (the number of names)", names.size()));
  }
  struct Backing {
    std::string name;
    std::vector<std::string> companies;  // names, in the order given
    std::vector<std::string> rounds;
  };
  std::map<std::string, Backing> by_investor;  // investor id → what it backs
  std::set<keys::EntityNumber> seen;           // a name given twice counts once
  for (const std::string& name : names) {
    LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity company, ResolveEntity(store, name));
    if (!seen.insert(company.number).second) continue;
    LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsOf(store, company, options));
    for (const RoundFacts& round : rounds) {
      LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, round.number, options));
      for (const Participation& p : participants) {
        Backing& b = by_investor[p.investor.id];
        b.name = p.investor.name;
        if (b.companies.empty() || b.companies.back() != company.entity.name) {
          b.companies.push_back(company.entity.name);
        }
        b.rounds.push_back(round.round.id);
      }
    }
  }
  std::vector<std::pair<std::string, Backing>> shared;
  for (auto& [id, b] : by_investor) {
    if (b.companies.size() >= min) shared.emplace_back(id, std::move(b));
  }
  std::stable_sort(shared.begin(), shared.end(), [](const auto& a, const auto& b) {
    if (a.second.companies.size() != b.second.companies.size()) {
      return a.second.companies.size() > b.second.companies.size();
    }
    return a.second.name < b.second.name;  // then by name (ties of names stay in id order)
  });
  ResultTable table{"", {"investor_id", "investor", "companies", "backs", "rounds"}, {}};
  for (const auto& [id, b] : shared) {
    Value::List backs, rounds;
    for (const std::string& c : b.companies) backs.push_back(Text(c));
    for (const std::string& r : b.rounds) rounds.push_back(Text(r));
    table.AddRow({Text(id), Text(b.name), Value{static_cast<int64_t>(b.companies.size())},
                  Value{std::move(backs)}, Value{std::move(rounds)}});
  }
  return table;
}

}  // namespace landscape
