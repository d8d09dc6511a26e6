#include "query/funding_tables.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "query/catalog.hpp"
#include "query/currency_converter.hpp"
#include "query/funding.hpp"
#include "query/graph_image.hpp"
#include "query/graph_view.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

Cell ClaimValue(const std::optional<Claim>& c) { return c ? Cell(c->value) : Cell(); }

Cell ShareOf(const Participation& p) { return p.share ? Cell(Value{*p.share}) : Cell(); }

std::vector<Cell> RoundCells(const RoundFacts& r) {
  return {Text(r.round.id), ClaimValue(r.stage), ClaimValue(r.announced), ClaimValue(r.amount)};
}

// The figure a round's source reported in another currency, when it did (RaisedAmount's).
std::optional<Money> ReportedFigure(const RoundFacts& r, const Schema& schema) {
  auto amount = RaisedAmount(r, schema);
  return amount ? amount->reported : std::nullopt;
}

// With `currency` set, the round amounts (or the figures their sources reported, one per row)
// and the shares of `table` also in that currency.
Status AmountsIn(const Store& store, const ReadContext& context, const std::string& currency,
                 const std::vector<std::optional<Money>>& reported, ResultTable* table) {
  if (currency.empty()) return Status::Ok();
  LANDSCAPE_ASSIGN_OR_RETURN(CurrencyConverter fx, CurrencyConverter::Load(store, context.as_of));
  LANDSCAPE_RETURN_IF_ERROR(
      AddConvertedColumn(table, "amount", "date", reported, fx, store.schema(), currency));
  return AddConvertedColumn(table, "share", "date", {}, fx, store.schema(), currency);
}

// A company's rounds, or the round itself when `entity` is one.
Result<std::vector<RoundFacts>> RoundsOf(const Store& store, const ResolvedEntity& entity,
                                         const ReadContext& context) {
  if (entity.entity.kind == "funding_round") {
    std::vector<RoundFacts> one;
    one.push_back(ReadRound(store.schema(), entity.entity, entity.number, context.as_of));
    return one;
  }
  return RoundsRaisedBy(store, entity.number, context);
}

}  // namespace

Result<ResultTable> InvestorsTable(const Store& store, const InvestorsRequest& request,
                                   const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity entity, ResolveEntity(store, request.name));
  ResultTable table{
      "",
      {"investor_id", "investor", "round", "stage", "date", "amount", "share", "lead", "sources"},
      {}};
  table.name = "investors";
  LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsOf(store, entity, context));
  std::vector<std::optional<Money>> reported;  // per row
  for (const RoundFacts& round : rounds) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, round, context));
    for (const Participation& p : participants) {
      std::vector<Cell> row = {Text(p.investor.id), Text(p.investor.name)};
      for (Cell& c : RoundCells(round)) row.push_back(std::move(c));
      row.insert(row.end(), {ShareOf(p), Value{p.lead}, SourcesCell(p.relation.provenance)});
      table.AddRow(std::move(row));
      reported.push_back(ReportedFigure(round, store.schema()));
    }
  }
  table.empty_reason = AsKnown(
      rounds.empty() ? fmt::format("no funding rounds recorded for {}", entity.entity.name)
                     : fmt::format("no investors recorded in the rounds of {}", entity.entity.name),
      context);
  LANDSCAPE_RETURN_IF_ERROR(AmountsIn(store, context, request.currency, reported, &table));
  return table;
}

Result<ResultTable> PortfolioTable(const Store& store, const PortfolioRequest& request,
                                   const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity entity, ResolveEntity(store, request.name));
  ResultTable table{
      "",
      {"company_id", "company", "round", "stage", "date", "amount", "share", "lead", "sources"},
      {}};
  table.name = "portfolio";
  LANDSCAPE_ASSIGN_OR_RETURN(auto investments, InvestmentsBy(store, entity.number, context));
  std::vector<std::optional<Money>> reported;  // per row
  for (const Investment& inv : investments) {
    reported.push_back(ReportedFigure(inv.round, store.schema()));
    std::vector<Cell> row = {inv.company ? Cell(Text(inv.company->id)) : Cell(),
                             inv.company ? Cell(Text(inv.company->name)) : Cell()};
    for (Cell& c : RoundCells(inv.round)) row.push_back(std::move(c));
    row.insert(row.end(), {ShareOf(inv.participation), Value{inv.participation.lead},
                           SourcesCell(inv.participation.relation.provenance)});
    table.AddRow(std::move(row));
  }
  table.empty_reason =
      AsKnown(fmt::format("no investments recorded for {}", entity.entity.name), context);
  LANDSCAPE_RETURN_IF_ERROR(AmountsIn(store, context, request.currency, reported, &table));
  return table;
}

Result<ResultTable> SharedInvestorsTable(const Store& store, const SharedInvestorsRequest& request,
                                         const ReadContext& context) {
  const std::vector<std::string>& names = request.names;
  const std::optional<size_t>& min_companies = request.min_companies;
  if (names.size() == 1 && !min_companies) {
    return CoInvestedCompaniesTable(store, names.front(), request.limit, context);
  }
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
  std::vector<std::string> company_names;
  for (const std::string& name : names) {
    LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity company, ResolveEntity(store, name));
    if (!seen.insert(company.number).second) continue;
    company_names.push_back(company.entity.name);
    LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsOf(store, company, context));
    for (const RoundFacts& round : rounds) {
      LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, round, context));
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
  table.name = "shared_investors";
  for (const auto& [id, b] : shared) {
    Value::List backs, rounds;
    for (const std::string& c : b.companies) backs.push_back(Text(c));
    for (const std::string& r : b.rounds) rounds.push_back(Text(r));
    table.AddRow({Text(id), Text(b.name), Value{static_cast<int64_t>(b.companies.size())},
                  Value{std::move(backs)}, Value{std::move(rounds)}});
  }
  table.empty_reason = AsKnown(
      min >= company_names.size()
          ? fmt::format("no investor recorded in rounds of all of {}", NamesInProse(company_names))
          : fmt::format("no investor recorded in rounds of at least {} of {}", min,
                        NamesInProse(company_names)),
      context);
  return table;
}

}  // namespace landscape

namespace landscape {
namespace {

struct CoInvestment {
  keys::EntityNumber company = 0;
  std::vector<keys::EntityNumber> investors;  // shared, in number order
};

// The companies sharing investors with `company`, tallied over a Graph (the image, or a view
// built from the store): its rounds, their investors, those investors' other rounds and who
// raised them. By vertex in flat arrays, since an investor in thousands of rounds makes this
// walk the whole cost of the query; vertex order is readable-id order, so ties need no id
// read. The first `limit` by shared count, then id.
class CoInvestmentTally {
 public:
  CoInvestmentTally(const Graph& graph, RelationTag raised, RelationTag invested)
      : graph_(graph), raised_(raised), invested_(invested) {}

  std::vector<CoInvestment> FirstShared(uint32_t company, size_t limit) const {
    std::vector<uint32_t> investors;
    Others(company, raised_, true, [&](uint32_t round) {
      Others(round, invested_, false, [&](uint32_t i) { investors.push_back(i); });
    });
    std::sort(investors.begin(), investors.end());
    investors.erase(std::unique(investors.begin(), investors.end()), investors.end());
    // Per company: how many of the investors it shares, and the last one counted (an investor
    // in several of its rounds counts once). Side by side, since they are read together.
    struct Shared {
      uint32_t count = 0;
      uint32_t last = kNone;
    };
    std::vector<Shared> tally(graph_.vertex_count());
    std::vector<uint32_t> companies;
    for (uint32_t i : investors) {
      Others(i, invested_, true, [&](uint32_t round) {
        Others(round, raised_, false, [&](uint32_t c) {
          if (c == company || tally[c].last == i) return;
          tally[c].last = i;
          if (tally[c].count++ == 0) companies.push_back(c);
        });
      });
    }
    auto before = [&](uint32_t a, uint32_t b) {
      return tally[a].count != tally[b].count ? tally[a].count > tally[b].count : a < b;
    };
    size_t shown = std::min(limit, companies.size());
    std::partial_sort(companies.begin(), companies.begin() + shown, companies.end(), before);
    companies.resize(shown);
    std::vector<CoInvestment> out;
    for (uint32_t c : companies) out.push_back(SharedWith(c, investors));
    return out;
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  template <typename Visit>
  void Others(uint32_t v, RelationTag type, bool forward, Visit visit) const {
    for (const GraphEdge& e : graph_.edges(v)) {
      if (e.type == type && (e.forward != 0) == forward) visit(e.target);
    }
  }

  // The members of `investors` (sorted) in rounds `company` raised.
  CoInvestment SharedWith(uint32_t company, const std::vector<uint32_t>& investors) const {
    std::vector<uint32_t> shared;
    Others(company, raised_, true, [&](uint32_t round) {
      Others(round, invested_, false, [&](uint32_t i) {
        if (std::binary_search(investors.begin(), investors.end(), i)) shared.push_back(i);
      });
    });
    std::sort(shared.begin(), shared.end());
    shared.erase(std::unique(shared.begin(), shared.end()), shared.end());
    CoInvestment c{graph_.number(company), {}};
    for (uint32_t i : shared) c.investors.push_back(graph_.number(i));
    return c;
  }

  const Graph& graph_;
  RelationTag raised_;
  RelationTag invested_;
};

Result<std::string> NameOf(const Store& store, keys::EntityNumber number) {
  LANDSCAPE_ASSIGN_OR_RETURN(Entity e, EntityByNumber(store, number));
  return std::move(e.name);
}

// The first `limit` companies sharing investors with `company`: on the image when it is current
// and no --as-of date asks for a filtered graph, else on a view of the funding relations built
// from the store.
Result<std::vector<CoInvestment>> CoInvestments(const Store& store, keys::EntityNumber company,
                                                size_t limit, const ReadContext& context,
                                                const RelationTypeDef& raised,
                                                const RelationTypeDef& invested) {
  if (!context.as_of) {
    if (auto image = GraphImage::OpenIfCurrent(store, kImageReadsWalk)) {
      Graph::Vertex v = image->vertex(company);
      std::vector<CoInvestment> shared;
      if (v != Graph::kNoVertex) {
        shared = CoInvestmentTally(*image, raised.tag, invested.tag).FirstShared(v, limit);
      }
      // Unless a block failed its checksum as it was read: then the store answers.
      if (!image->damaged()) {
        if (v == Graph::kNoVertex) return Status::Corruption("graph.image lacks an entity");
        return shared;
      }
    }
  }
  LANDSCAPE_ASSIGN_OR_RETURN(
      std::shared_ptr<const GraphView> shared,
      GraphView::Shared(store, GraphViewOptions{{raised.name, invested.name}, context.as_of}));
  const GraphView& view = *shared;
  Graph::Vertex v = view.vertex(company);
  if (v == Graph::kNoVertex) return std::vector<CoInvestment>{};  // not known on the date
  return CoInvestmentTally(view, raised.tag, invested.tag).FirstShared(v, limit);
}

}  // namespace

Result<ResultTable> CoInvestedCompaniesTable(const Store& store, const std::string& name,
                                             size_t limit, const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity company, ResolveEntity(store, name));
  ResultTable table{"", {"company_id", "company", "shared", "investors"}, {}};
  table.name = "co_invested";
  table.empty_reason = AsKnown(
      fmt::format("no other company shares an investor with {}", company.entity.name), context);
  const RelationTypeDef* raised = store.schema().FindRelation(RelationRole::kRaised);
  const RelationTypeDef* invested = store.schema().FindRelation(RelationRole::kInvestedIn);
  if (!raised || !invested || limit == 0) return table;
  LANDSCAPE_ASSIGN_OR_RETURN(
      auto tally, CoInvestments(store, company.number, limit, context, *raised, *invested));
  std::unordered_map<keys::EntityNumber, std::string> investor_names;
  for (const CoInvestment& c : tally) {
    std::vector<std::string> shared;
    for (keys::EntityNumber i : c.investors) {
      auto [it, inserted] = investor_names.try_emplace(i);
      if (inserted) {
        LANDSCAPE_ASSIGN_OR_RETURN(it->second, NameOf(store, i));
      }
      shared.push_back(it->second);
    }
    std::sort(shared.begin(), shared.end());
    Value::List names;
    for (std::string& n : shared) names.push_back(Text(std::move(n)));
    LANDSCAPE_ASSIGN_OR_RETURN(Entity company, EntityByNumber(store, c.company));
    table.AddRow({Text(std::move(company.id)), Text(std::move(company.name)),
                  Value{static_cast<int64_t>(c.investors.size())}, Value{std::move(names)}});
  }
  return table;
}

}  // namespace landscape
