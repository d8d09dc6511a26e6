#include "query/funding_tables.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "query/catalog.hpp"
#include "query/funding.hpp"
#include "query/graph_image.hpp"
#include "query/graph_view.hpp"

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
  LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsOf(store, entity, context));
  for (const RoundFacts& round : rounds) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, round, context));
    for (const Participation& p : participants) {
      std::vector<Cell> row = {Text(p.investor.id), Text(p.investor.name)};
      for (Cell& c : RoundCells(round)) row.push_back(std::move(c));
      row.insert(row.end(), {ShareOf(p), Value{p.lead}, SourcesOf(p.relation.provenance)});
      table.AddRow(std::move(row));
    }
  }
  return table;
}

Result<ResultTable> PortfolioTable(const Store& store, const PortfolioRequest& request,
                                   const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity entity, ResolveEntity(store, request.name));
  ResultTable table{
      "",
      {"company_id", "company", "round", "stage", "date", "amount", "share", "lead", "sources"},
      {}};
  LANDSCAPE_ASSIGN_OR_RETURN(auto investments, InvestmentsBy(store, entity.number, context));
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
  for (const std::string& name : names) {
    LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity company, ResolveEntity(store, name));
    if (!seen.insert(company.number).second) continue;
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

namespace landscape {
namespace {

// The walk behind CoInvestedCompaniesTable: edge keys only, so that an investor in thousands
// of rounds costs thousands of key reads, not thousands of decoded records. A round's date is
// read only with --as-of, once per round.
class CoInvestmentWalk {
 public:
  CoInvestmentWalk(const Store& store, const ReadContext& options, RelationTag raised,
                   RelationTag invested)
      : store_(store), options_(options), raised_(raised), invested_(invested) {}

  Result<std::vector<keys::EntityNumber>> Others(keys::EntityNumber self, EdgeDirection direction,
                                                 RelationTag type) const {
    std::vector<keys::EntityNumber> out;
    LANDSCAPE_RETURN_IF_ERROR(store_.ScanEdges(self, direction, type, [&](const EdgeRef& e) {
      out.push_back(e.other);
      return Status::Ok();
    }));
    return out;
  }

  // The rounds `company` raised that are known on the --as-of date.
  Result<std::vector<keys::EntityNumber>> RoundsOf(keys::EntityNumber company) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, Others(company, EdgeDirection::kOut, raised_));
    std::vector<keys::EntityNumber> known;
    for (keys::EntityNumber r : rounds) {
      LANDSCAPE_ASSIGN_OR_RETURN(bool k, RoundKnown(r));
      if (k) known.push_back(r);
    }
    return known;
  }

  Result<std::vector<keys::EntityNumber>> InvestorsIn(
      const std::vector<keys::EntityNumber>& rounds) {
    std::vector<keys::EntityNumber> investors;
    for (keys::EntityNumber r : rounds) {
      LANDSCAPE_ASSIGN_OR_RETURN(auto in, Others(r, EdgeDirection::kIn, invested_));
      investors.insert(investors.end(), in.begin(), in.end());
    }
    std::sort(investors.begin(), investors.end());
    investors.erase(std::unique(investors.begin(), investors.end()), investors.end());
    return investors;
  }

  // The companies that raised `round` when it is known on the --as-of date (normally one).
  Result<const std::vector<keys::EntityNumber>*> RaisersOf(keys::EntityNumber round) {
    auto [it, inserted] = raisers_.try_emplace(round);
    if (inserted) {
      LANDSCAPE_ASSIGN_OR_RETURN(bool k, RoundKnown(round));
      if (k) {
        LANDSCAPE_ASSIGN_OR_RETURN(it->second, Others(round, EdgeDirection::kIn, raised_));
      }
    }
    return &it->second;
  }

 private:
  Result<bool> RoundKnown(keys::EntityNumber round) const {
    if (!options_.as_of) return true;
    LANDSCAPE_ASSIGN_OR_RETURN(Entity entity, EntityByNumber(store_, round));
    RoundFacts facts = ReadRound(store_.schema(), std::move(entity), round, options_.as_of);
    auto date = facts.date();
    return !date || KnownOn(*date, *options_.as_of);
  }

  const Store& store_;
  const ReadContext& options_;
  RelationTag raised_;
  RelationTag invested_;
  std::unordered_map<keys::EntityNumber, std::vector<keys::EntityNumber>> raisers_;
};

struct CoInvestment {
  keys::EntityNumber company = 0;
  std::vector<keys::EntityNumber> investors;  // shared, in number order
  std::string id;                             // read for the rows that may be shown
};

// For each company other than `company`, the investors of `investors` it shares.
Result<std::vector<CoInvestment>> TallyCoInvestments(
    CoInvestmentWalk& walk, keys::EntityNumber company,
    const std::vector<keys::EntityNumber>& investors, RelationTag invested) {
  std::unordered_map<keys::EntityNumber, size_t> index;
  std::vector<CoInvestment> tally;
  for (keys::EntityNumber investor : investors) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, walk.Others(investor, EdgeDirection::kOut, invested));
    for (keys::EntityNumber round : rounds) {
      LANDSCAPE_ASSIGN_OR_RETURN(const auto* raisers, walk.RaisersOf(round));
      for (keys::EntityNumber other : *raisers) {
        if (other == company) continue;
        auto [it, inserted] = index.try_emplace(other, tally.size());
        if (inserted) tally.push_back({other, {}, {}});
        auto& shared = tally[it->second].investors;
        if (shared.empty() || shared.back() != investor) shared.push_back(investor);
      }
    }
  }
  return tally;
}

// Keeps the first `limit` by shared count, then id; ids are read only for the counts that
// reach the cut, since an investor in thousands of rounds ties thousands of companies.
Status KeepFirst(const Store& store, size_t limit, std::vector<CoInvestment>* tally) {
  auto count = [](const CoInvestment& c) { return c.investors.size(); };
  std::sort(tally->begin(), tally->end(),
            [&](const CoInvestment& a, const CoInvestment& b) { return count(a) > count(b); });
  if (tally->size() > limit) {
    size_t cut = count((*tally)[limit - 1]);
    auto end = std::find_if(tally->begin(), tally->end(),
                            [&](const CoInvestment& c) { return count(c) < cut; });
    tally->erase(end, tally->end());
  }
  for (CoInvestment& c : *tally) {
    LANDSCAPE_ASSIGN_OR_RETURN(c.id, store.ReadableId(c.company));
  }
  std::sort(tally->begin(), tally->end(), [&](const CoInvestment& a, const CoInvestment& b) {
    if (count(a) != count(b)) return count(a) > count(b);
    return a.id < b.id;
  });
  if (tally->size() > limit) tally->resize(limit);
  return Status::Ok();
}

// The same tally and cut over the image's adjacency, by vertex: flat arrays instead of hash
// maps, since an investor in thousands of rounds makes this walk the whole cost of the query,
// and vertex order is readable-id order, so ties need no id read.
class ImageCoInvestment {
 public:
  ImageCoInvestment(const GraphImage& image, RelationTag raised, RelationTag invested)
      : image_(image), raised_(raised), invested_(invested) {}

  std::vector<CoInvestment> FirstShared(uint32_t company, size_t limit) const {
    std::vector<uint32_t> investors;
    Others(company, raised_, true, [&](uint32_t round) {
      Others(round, invested_, false, [&](uint32_t i) { investors.push_back(i); });
    });
    std::sort(investors.begin(), investors.end());
    investors.erase(std::unique(investors.begin(), investors.end()), investors.end());
    std::vector<uint32_t> count(image_.vertex_count()), last(image_.vertex_count(), kNone);
    std::vector<uint32_t> companies;
    for (uint32_t i : investors) {
      Others(i, invested_, true, [&](uint32_t round) {
        Others(round, raised_, false, [&](uint32_t c) {
          if (c == company || last[c] == i) return;
          last[c] = i;
          if (count[c]++ == 0) companies.push_back(c);
        });
      });
    }
    auto before = [&](uint32_t a, uint32_t b) {
      return count[a] != count[b] ? count[a] > count[b] : a < b;
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
    for (const ImageEdge& e : image_.edges(v)) {
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
    CoInvestment c{image_.number(company), {}, {}};
    for (uint32_t i : shared) c.investors.push_back(image_.number(i));
    return c;
  }

  const GraphImage& image_;
  RelationTag raised_;
  RelationTag invested_;
};

Result<std::string> NameOf(const Store& store, keys::EntityNumber number) {
  LANDSCAPE_ASSIGN_OR_RETURN(Entity e, EntityByNumber(store, number));
  return std::move(e.name);
}

// The first `limit` companies sharing investors with `company`: from the image when it is
// current and no --as-of date asks for the rounds' dates, else by walking the store.
Result<std::vector<CoInvestment>> CoInvestments(const Store& store, keys::EntityNumber company,
                                                size_t limit, const ReadContext& options,
                                                RelationTag raised, RelationTag invested) {
  if (!options.as_of) {
    if (auto image = GraphImage::OpenIfCurrent(store, kImageReadsWalk)) {
      uint32_t v = image->vertex(company);
      std::vector<CoInvestment> shared;
      if (v != GraphView::kNoVertex) {
        shared = ImageCoInvestment(*image, raised, invested).FirstShared(v, limit);
      }
      // Unless a block failed its checksum as it was read: then the store answers.
      if (!image->damaged()) {
        if (v == GraphView::kNoVertex) return Status::Corruption("graph.image lacks an entity");
        return shared;
      }
    }
  }
  CoInvestmentWalk walk(store, options, raised, invested);
  LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, walk.RoundsOf(company));
  LANDSCAPE_ASSIGN_OR_RETURN(auto investors, walk.InvestorsIn(rounds));
  LANDSCAPE_ASSIGN_OR_RETURN(auto tally, TallyCoInvestments(walk, company, investors, invested));
  LANDSCAPE_RETURN_IF_ERROR(KeepFirst(store, limit, &tally));
  return tally;
}

}  // namespace

Result<ResultTable> CoInvestedCompaniesTable(const Store& store, const std::string& name,
                                             size_t limit, const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity company, ResolveEntity(store, name));
  ResultTable table{"", {"company_id", "company", "shared", "investors"}, {}};
  const RelationTypeDef* raised = store.schema().FindRelation(RelationRole::kRaised);
  const RelationTypeDef* invested = store.schema().FindRelation(RelationRole::kInvestedIn);
  if (!raised || !invested || limit == 0) return table;
  LANDSCAPE_ASSIGN_OR_RETURN(
      auto tally, CoInvestments(store, company.number, limit, context, raised->tag, invested->tag));
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
