#include "query/graph_queries.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "query/catalog.hpp"
#include "query/currency_converter.hpp"
#include "query/funding.hpp"
#include "query/graph_algorithms.hpp"
#include "query/graph_image.hpp"
#include "query/graph_view.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

// A verb's request with the read context it runs in, as the helpers below read them.
struct PathOptions {
  std::set<std::string> via;
  uint32_t max_hops;
  bool all;
  std::optional<Date> as_of;
};

struct RankOptions {
  RankMetric metric;
  std::string kind;
  size_t limit;
  std::string currency;
  std::optional<Date> as_of;
  size_t samples = 0;  // betweenness: RankRequest::samples
  std::function<void(size_t, size_t)> progress;
};

// Betweenness is exact while it fits in this many steps (about 5 s on the machines we measure:
// 5·10^7 steps/s), estimated from as many sources as fit beyond: 52k entities did not finish
// in 120 s before (issue 9).
constexpr uint64_t kBetweennessSteps = 250'000'000;

std::string EstimateTitle(const BetweennessResult& b, size_t vertices) {
  return fmt::format(
      "betweenness estimated from {} of {} sources (Brandes-Pich sampling): each value within "
      "±{:.3f} of the exact with probability 95%; --samples {} computes it exactly",
      b.sources, vertices, b.error_bound, vertices);
}

Value Integer(size_t n) { return Value{static_cast<int64_t>(n)}; }

Result<Entity> EntityAt(const Store& store, const GraphView& view, GraphView::Vertex v) {
  return EntityByNumber(store, view.number(v));
}

Result<GraphView::Vertex> VertexOf(const GraphView& view, const ResolvedEntity& e) {
  GraphView::Vertex v = view.vertex(e.number);
  if (v == GraphView::kNoVertex) {
    return Status::NotFound(
        fmt::format("{} ({}) is not in the graph as of that date", e.entity.name, e.entity.id));
  }
  return v;
}

}  // namespace

namespace {

// A step of a path by entity numbers, wherever the path was found.
struct NumberedStep {
  keys::EntityNumber from;
  keys::EntityNumber to;
  RelationTag type;
  bool forward;
};
using NumberedPath = std::vector<NumberedStep>;

// The shortest paths on `graph` by entity numbers; nullopt when the graph turned out damaged
// while it was read (an image), and the store is to be asked.
std::optional<std::vector<NumberedPath>> PathsOn(const Graph& graph, Graph::Vertex source,
                                                 Graph::Vertex target, const PathOptions& options,
                                                 const std::set<RelationTag>& types) {
  std::vector<NumberedPath> paths;
  for (const GraphPath& found :
       ShortestPaths(graph, source, target, options.max_hops, options.all, types)) {
    NumberedPath path;
    for (const PathStep& step : found) {
      path.push_back({graph.number(step.from), graph.number(step.to), step.type, step.forward});
    }
    paths.push_back(std::move(path));
  }
  if (graph.damaged()) return std::nullopt;
  return paths;
}

// The paths from the persisted image when it is current and no --as-of date asks for a
// filtered graph; nullopt when it cannot answer.
Result<std::optional<std::vector<NumberedPath>>> PathsFromImage(
    const Store& store, const ResolvedEntity& source, const ResolvedEntity& target,
    const PathOptions& options, const std::set<RelationTag>& types) {
  using Answer = std::optional<std::vector<NumberedPath>>;
  if (options.as_of) return Answer();
  auto image = GraphImage::OpenIfCurrent(store, kImageReadsWalk);
  if (!image) return Answer();
  Graph::Vertex s = image->vertex(source.number), t = image->vertex(target.number);
  if (image->damaged()) return Answer();
  if (s == Graph::kNoVertex || t == Graph::kNoVertex) {
    return Status::Corruption("graph.image lacks an entity of the store");
  }
  return PathsOn(*image, s, t, options, types);
}

}  // namespace

Result<std::vector<ResultTable>> PathTables(const Store& store, const PathRequest& request,
                                            const ReadContext& context) {
  PathOptions options{request.via, request.max_hops, request.all, context.as_of};
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity source, ResolveEntity(store, request.from));
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity target, ResolveEntity(store, request.to));
  LANDSCAPE_ASSIGN_OR_RETURN(auto types, RelationTags(store.schema(), options.via));
  LANDSCAPE_ASSIGN_OR_RETURN(auto from_image,
                             PathsFromImage(store, source, target, options, types));
  std::vector<NumberedPath> paths;
  if (from_image) {
    paths = std::move(*from_image);
  } else {
    LANDSCAPE_ASSIGN_OR_RETURN(
        std::shared_ptr<const GraphView> shared,
        GraphView::Shared(store, GraphViewOptions{options.via, options.as_of}));
    const GraphView& view = *shared;
    LANDSCAPE_ASSIGN_OR_RETURN(Graph::Vertex s, VertexOf(view, source));
    LANDSCAPE_ASSIGN_OR_RETURN(Graph::Vertex t, VertexOf(view, target));
    paths = *PathsOn(view, s, t, options, types);  // a view is never damaged
  }
  if (paths.empty()) {
    return Status::NotFound(fmt::format("no path from {} to {} within {} hops", source.entity.name,
                                        target.entity.name, options.max_hops));
  }
  ResultTable chains{"paths", {"path", "hops", "chain"}, {}, "paths"};
  ResultTable hops{
      "hops",
      {"path", "hop", "from_id", "from", "relation", "direction", "to_id", "to", "sources"},
      {},
      "hops"};
  for (size_t p = 0; p < paths.size(); ++p) {
    std::string chain = source.entity.name;
    for (size_t h = 0; h < paths[p].size(); ++h) {
      const NumberedStep& step = paths[p][h];
      const RelationTypeDef* def = store.schema().FindRelationByTag(step.type);
      if (!def) return Status::Corruption("path over an unknown relation type");
      LANDSCAPE_ASSIGN_OR_RETURN(Entity a, EntityByNumber(store, step.from));
      LANDSCAPE_ASSIGN_OR_RETURN(Entity b, EntityByNumber(store, step.to));
      EdgeRef edge{step.from, step.to, step.type,
                   step.forward ? EdgeDirection::kOut : EdgeDirection::kIn};
      LANDSCAPE_ASSIGN_OR_RETURN(Relation relation, store.GetRelation(edge));
      std::string direction = def->symmetric ? "symmetric" : step.forward ? "forward" : "backward";
      std::string arrow = def->symmetric ? "—" : step.forward ? "→" : "←";
      chain += fmt::format(" {} {} {} {}", arrow, def->name, arrow, b.name);
      Value::List sources;
      for (const std::string& src : relation.provenance.sources) sources.push_back(Text(src));
      hops.AddRow({Integer(p + 1), Integer(h + 1), Text(a.id), Text(a.name), Text(def->name),
                   Text(direction), Text(b.id), Text(b.name),
                   sources.empty() ? Cell() : Cell(Value{std::move(sources)})});
    }
    chains.AddRow({Integer(p + 1), Integer(paths[p].size()), Text(chain)});
  }
  return std::vector<ResultTable>{std::move(chains), std::move(hops)};
}

Result<RankMetric> ParseRankMetric(const std::string& name) {
  static const std::map<std::string, RankMetric> kMetrics = {
      {"total-raised", RankMetric::kTotalRaised}, {"valuation", RankMetric::kValuation},
      {"investors", RankMetric::kInvestors},      {"degree", RankMetric::kDegree},
      {"pagerank", RankMetric::kPageRank},        {"betweenness", RankMetric::kBetweenness}};
  auto it = kMetrics.find(name);
  if (it == kMetrics.end()) {
    return Status::InvalidArgument(fmt::format(
        "unknown metric '{}' (total-raised, valuation, investors, degree, pagerank, betweenness)",
        name));
  }
  return it->second;
}

namespace {

// A company's total raised in `context.currency` read from the store, or nullopt and in
// `reason` why there is none, in compare's words.
Result<std::optional<RaisedFigure>> TotalRaisedBy(const Store& store, const CurrencyConverter& fx,
                                                  keys::EntityNumber company,
                                                  const ReadContext& context, std::string* reason) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsRaisedBy(store, company, context));
  std::vector<DatedAmount> amounts;
  for (const RoundFacts& r : rounds) {
    if (auto amount = RaisedAmount(r, store.schema())) amounts.push_back(std::move(*amount));
  }
  LANDSCAPE_ASSIGN_OR_RETURN(TotalRaised raised, SumRaised(fx, amounts, context.currency));
  if (!raised.total) {
    *reason = !raised.missing.ok()
                  ? raised.missing.message()
                  : AsKnown(rounds.empty() ? kNoRoundsRecorded : kNoAmountsRecorded, context);
    return std::optional<RaisedFigure>();
  }
  return std::optional<RaisedFigure>(RaisedFigure{*raised.total, raised.basis, raised.tier_rank});
}

// A metric's value for each vertex of the view that has one; for each vertex of `kind` that
// has none, `reasons` says why.
Result<std::vector<std::optional<Cell>>> MetricValues(const Store& store, const GraphView& view,
                                                      const RankOptions& options, KindTag kind,
                                                      std::string* title,
                                                      std::vector<std::string>* reasons) {
  size_t n = view.vertex_count();
  std::vector<std::optional<Cell>> values(n);
  reasons->assign(n, {});
  switch (options.metric) {
    case RankMetric::kPageRank: {
      auto ranks = PageRank(view);
      for (GraphView::Vertex v = 0; v < n; ++v)
        values[v] = Value{*Decimal::Parse(fmt::format("{:.12f}", ranks[v]))};
      return values;
    }
    case RankMetric::kBetweenness: {
      BetweennessOptions betweenness;
      betweenness.sources =
          options.samples ? options.samples
                          : BetweennessSourcesWithin(n, view.relation_count(), kBetweennessSteps);
      betweenness.progress = options.progress;
      BetweennessResult b = Betweenness(view, betweenness);
      if (!b.exact) *title = EstimateTitle(b, n);
      for (GraphView::Vertex v = 0; v < n; ++v)
        values[v] = Value{*Decimal::Parse(fmt::format("{:.12f}", b.centrality[v]))};
      return values;
    }
    default:
      break;
  }
  LANDSCAPE_ASSIGN_OR_RETURN(CurrencyConverter fx, CurrencyConverter::Load(store, options.as_of));
  ReadContext funding{options.as_of, options.currency};
  for (GraphView::Vertex v = 0; v < n; ++v) {
    if (kind && view.kind(v) != kind) continue;
    keys::EntityNumber number = view.number(v);
    std::string& reason = (*reasons)[v];
    if (options.metric == RankMetric::kValuation) {
      // compare's latest_valuation: one rule for "the valuation" (core/claims.hpp).
      LANDSCAPE_ASSIGN_OR_RETURN(auto e, store.GetEntity(number));
      const Claim* c =
          e ? LatestClaim(store.schema(), e->attributes, "valuation", options.as_of) : nullptr;
      const Money* m = c ? std::get_if<Money>(&c->value.data) : nullptr;
      if (!m) {
        reason = c ? "its valuation is not an amount" : AsKnown(kNoValuationRecorded, funding);
        continue;
      }
      auto converted = fx.Convert(*m, options.currency, c->as_of);
      if (converted.ok()) {
        values[v] =
            FigureCell(converted->Figure(TierRankOf(store.schema(), c->provenance.confidence)),
                       store.schema());
      } else {
        reason = converted.status().message();
      }
      continue;
    }
    LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsRaisedBy(store, number, funding));
    if (options.metric == RankMetric::kInvestors) {
      std::set<keys::EntityNumber> investors;
      for (const RoundFacts& r : rounds) {
        LANDSCAPE_ASSIGN_OR_RETURN(auto parts, ParticipantsOf(store, r, funding));
        for (const Participation& p : parts) investors.insert(p.investor_number);
      }
      // None recorded is not known to be none.
      if (investors.empty()) {
        reason = AsKnown(rounds.empty() ? kNoRoundsRecorded : kNoInvestorsRecorded, funding);
      } else {
        values[v] = Value{static_cast<int64_t>(investors.size())};
      }
      continue;
    }
    LANDSCAPE_ASSIGN_OR_RETURN(std::optional<RaisedFigure> total,
                               TotalRaisedBy(store, fx, number, funding, &reason));
    if (total) values[v] = FigureCell(*total, store.schema());
  }
  return values;
}

bool Greater(const Cell& a, const Cell& b);

// A metric from the persisted image, when it holds the answer: PageRank, degree and total
// raised over the whole store (no --as-of).
// Ranking candidates: a vertex and its value, in vertex order.
using Candidates = std::vector<std::pair<uint32_t, Cell>>;

double Approximately(const Decimal& d) {
  return static_cast<double>(d.mantissa()) / std::pow(10.0, d.scale());
}

// How far below the limit-th largest approximate key a vertex may still rank in the first
// `limit` by its exact value.
struct Margin {
  double absolute = 0;
  double relative = 0;
};

// The eligible vertices (in vertex order) whose approximate key can reach the first `limit`.
// Exact values are made for these alone, since making one for every vertex of a large store
// costs more than the ranking.
std::vector<uint32_t> NearTop(std::vector<uint32_t> eligible, size_t limit,
                              const std::function<double(uint32_t)>& key, Margin margin) {
  if (limit == 0 || eligible.size() <= limit) return eligible;
  std::vector<double> keys;
  for (uint32_t v : eligible) keys.push_back(key(v));
  std::nth_element(keys.begin(), keys.begin() + (limit - 1), keys.end(), std::greater<>());
  double kth = keys[limit - 1];
  double floor = kth - margin.absolute - margin.relative * std::abs(kth);
  std::erase_if(eligible, [&](uint32_t v) { return key(v) < floor; });
  return eligible;
}

// The first `limit` vertices of a stored rank order that are of `kind`, with their values.
template <typename ValueOf>
Candidates FirstInOrder(std::span<const uint32_t> order, KindTag kind, size_t limit,
                        const GraphImage& image, ValueOf value_of) {
  Candidates out;
  for (uint32_t v : order) {
    if (out.size() == limit) break;
    if (!kind || image.kind(v) == kind) out.emplace_back(v, value_of(v));
  }
  return out;
}

// Ranking by degree, on any Graph: the vertices of `kind` whose degree can reach the first
// `limit`, with their degree.
Candidates DegreeCandidates(const Graph& graph, KindTag kind, size_t limit) {
  std::vector<uint32_t> eligible;
  for (uint32_t v = 0; v < graph.vertex_count(); ++v) {
    if (!kind || graph.kind(v) == kind) eligible.push_back(v);
  }
  auto degree = [&](uint32_t v) { return static_cast<double>(graph.degree(v)); };
  Candidates out;
  for (uint32_t v : NearTop(eligible, limit, degree, Margin{})) {
    out.emplace_back(v, Value{static_cast<int64_t>(graph.degree(v))});
  }
  return out;
}

// Candidates from the results the persisted image stores ready: PageRank and total raised
// over the whole store (no --as-of), in their stored orders, or summed from its round facts
// in another currency; degree as on any graph. `unranked` receives the vertices of `kind`
// without a total, in vertex order.
Result<Candidates> StoredCandidates(const Store& store, const GraphImage& image,
                                    const RankOptions& options, KindTag kind,
                                    std::vector<uint32_t>* unranked) {
  if (options.metric == RankMetric::kDegree) return DegreeCandidates(image, kind, options.limit);
  bool stored_totals = options.currency == kImageTotalsCurrency;
  if (options.metric == RankMetric::kPageRank) {
    return FirstInOrder(image.by_pagerank(), kind, options.limit, image,
                        [&](uint32_t v) { return Value{ShownPageRank(image.pagerank(v))}; });
  }
  if (options.metric == RankMetric::kTotalRaised && stored_totals) {
    for (uint32_t v = 0; v < image.vertex_count(); ++v) {
      if ((!kind || image.kind(v) == kind) && !image.total_raised(v)) unranked->push_back(v);
    }
    return FirstInOrder(image.by_total_raised(), kind, options.limit, image,
                        // nullopt only when damaged(): the answer is then thrown away.
                        [&](uint32_t v) {
                          auto total = image.total_raised(v);
                          return total ? FigureCell(*total, store.schema()) : Cell();
                        });
  }
  // Total raised in another currency.
  LANDSCAPE_ASSIGN_OR_RETURN(
      auto totals, SumRoundsRaised(store, image.rounds(), image.vertex_count(), options.currency));
  std::vector<uint32_t> eligible;
  for (uint32_t v = 0; v < image.vertex_count(); ++v) {
    if (!kind || image.kind(v) == kind) {
      if (totals[v]) {
        eligible.push_back(v);
      } else {
        unranked->push_back(v);
      }
    }
  }
  // A double holds 15 significant digits of an exact amount; the margin covers the rest.
  auto key = [&](uint32_t v) { return Approximately(totals[v]->money.amount); };
  Candidates out;
  for (uint32_t v : NearTop(eligible, options.limit, key, Margin{0, 1e-9})) {
    out.emplace_back(v, FigureCell(*totals[v], store.schema()));
  }
  return out;
}

bool StoredResultsAnswer(const RankOptions& options) {
  return !options.as_of &&
         (options.metric == RankMetric::kPageRank || options.metric == RankMetric::kDegree ||
          options.metric == RankMetric::kTotalRaised);
}

// The sections of the image that StoredCandidates and Ranked read for `options`.
// REQUIRES: StoredResultsAnswer(options)
std::span<const ImageSectionId> SectionsRead(const RankOptions& options) {
  if (options.metric == RankMetric::kPageRank) return kImageReadsPageRank;
  if (options.metric == RankMetric::kDegree) return kImageReadsDegree;
  if (options.currency == kImageTotalsCurrency) return kImageReadsTotals;
  return kImageReadsRounds;
}

// The first `limit` candidates by value, highest first; ties keep vertex order, which is
// readable-id order in both the view and the image.
template <typename NumberOf>
Result<ResultTable> Ranked(const Store& store, Candidates candidates, size_t limit,
                           NumberOf number_of) {
  auto greater = [](const auto& a, const auto& b) { return Greater(a.second, b.second); };
  if (candidates.size() > limit) {
    std::partial_sort(candidates.begin(), candidates.begin() + limit, candidates.end(),
                      [&](const auto& a, const auto& b) {
                        return greater(a, b) || (!greater(b, a) && a.first < b.first);
                      });
    candidates.resize(limit);
  } else {
    std::stable_sort(candidates.begin(), candidates.end(), greater);
  }
  ResultTable table{"", {"rank", "id", "name", "kind", "value"}, {}};
  table.name = "ranking";
  for (size_t i = 0; i < candidates.size(); ++i) {
    LANDSCAPE_ASSIGN_OR_RETURN(Entity e, EntityByNumber(store, number_of(candidates[i].first)));
    table.AddRow(
        {Integer(i + 1), Text(e.id), Text(e.name), Text(e.kind), std::move(candidates[i].second)});
  }
  return table;
}

size_t CountOfKind(const Graph& graph, KindTag kind) {
  if (!kind) return graph.vertex_count();
  size_t n = 0;
  for (uint32_t v = 0; v < graph.vertex_count(); ++v) n += graph.kind(v) == kind;
  return n;
}

// The entities a ranking could not place, in id order (vertex order), with the reason for
// each: the first `limit` of them; the title counts them all.
template <typename NumberOf, typename ReasonOf>
Result<ResultTable> OmittedTable(const Store& store, const std::vector<uint32_t>& unranked,
                                 size_t of_kind, const std::string& kind_name, size_t limit,
                                 NumberOf number_of, ReasonOf reason_of) {
  ResultTable table{"", {"id", "name", "kind", "reason"}, {}, "omitted"};
  table.hidden_when_empty = true;
  for (size_t i = 0; i < unranked.size() && i < limit; ++i) {
    LANDSCAPE_ASSIGN_OR_RETURN(Entity e, EntityByNumber(store, number_of(unranked[i])));
    LANDSCAPE_ASSIGN_OR_RETURN(std::string reason, reason_of(unranked[i]));
    table.AddRow({Text(e.id), Text(e.name), Text(e.kind), Text(reason)});
  }
  if (!unranked.empty()) {
    table.title = fmt::format("not ranked: {} of {} {}entities have no value", unranked.size(),
                              of_kind, kind_name.empty() ? "" : kind_name + " ");
    if (unranked.size() > limit) table.title += fmt::format(" (the first {} by id)", limit);
  }
  return table;
}

// Orders values of one metric: money by amount, numbers by value.
bool Greater(const Cell& cell_a, const Cell& cell_b) {
  const Value& a = *cell_a;
  const Value& b = *cell_b;
  if (const Money* m = std::get_if<Money>(&a.data))
    return m->amount > std::get<Money>(b.data).amount;
  if (const Decimal* d = std::get_if<Decimal>(&a.data)) return *d > std::get<Decimal>(b.data);
  return std::get<int64_t>(a.data) > std::get<int64_t>(b.data);
}

}  // namespace

Result<std::vector<ResultTable>> RankTables(const Store& store, const RankRequest& request,
                                            const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(RankMetric metric, ParseRankMetric(request.by));
  RankOptions options{metric,        request.kind,    request.limit,   context.currency,
                      context.as_of, request.samples, request.progress};
  LANDSCAPE_RETURN_IF_ERROR(CheckCurrency(options.currency));
  bool funding_metric = options.metric == RankMetric::kTotalRaised ||
                        options.metric == RankMetric::kValuation ||
                        options.metric == RankMetric::kInvestors;
  std::string kind_name = options.kind.empty() && funding_metric ? "company" : options.kind;
  KindTag kind = 0;
  if (!kind_name.empty()) {
    const KindDef* def = store.schema().FindKind(kind_name);
    if (!def) return Status::InvalidArgument(store.schema().UnknownKind(kind_name));
    kind = def->tag;
  }
  std::string no_value =
      AsKnown(fmt::format("no {} has a value to rank by", kind_name.empty() ? "entity" : kind_name),
              context);
  if (StoredResultsAnswer(options)) {
    auto image = GraphImage::OpenIfCurrent(store, SectionsRead(options));
    if (image) {
      std::vector<uint32_t> unranked;
      LANDSCAPE_ASSIGN_OR_RETURN(auto candidates,
                                 StoredCandidates(store, *image, options, kind, &unranked));
      auto number_of = [&](uint32_t v) { return image->number(v); };
      auto table = Ranked(store, std::move(candidates), options.limit, number_of);
      // Unless a block failed its checksum as it was read: then the store answers.
      if (!image->damaged()) {
        if (!table.ok()) return table.status();
        table->empty_reason = no_value;
        // The rates are read only when some entity is omitted: PageRank and degree omit none.
        std::optional<CurrencyConverter> fx;
        auto reason_of = [&](uint32_t v) -> Result<std::string> {
          if (!fx) {
            LANDSCAPE_ASSIGN_OR_RETURN(fx, CurrencyConverter::Load(store));
          }
          std::string reason;
          LANDSCAPE_RETURN_IF_ERROR(
              TotalRaisedBy(store, *fx, image->number(v), context, &reason).status());
          return reason;
        };
        LANDSCAPE_ASSIGN_OR_RETURN(
            ResultTable omitted, OmittedTable(store, unranked, CountOfKind(*image, kind), kind_name,
                                              options.limit, number_of, reason_of));
        return std::vector<ResultTable>{std::move(table).value(), std::move(omitted)};
      }
    }
  }
  LANDSCAPE_ASSIGN_OR_RETURN(std::shared_ptr<const GraphView> shared,
                             GraphView::Shared(store, GraphViewOptions{{}, options.as_of}));
  const GraphView& view = *shared;
  Candidates candidates;
  std::vector<uint32_t> unranked;
  std::vector<std::string> reasons;
  std::string title;  // says when the values are estimates
  if (options.metric == RankMetric::kDegree) {
    candidates = DegreeCandidates(view, kind, options.limit);
  } else {
    LANDSCAPE_ASSIGN_OR_RETURN(auto values,
                               MetricValues(store, view, options, kind, &title, &reasons));
    for (uint32_t v = 0; v < values.size(); ++v) {
      if (kind && view.kind(v) != kind) continue;
      if (values[v]) {
        candidates.emplace_back(v, *values[v]);
      } else {
        unranked.push_back(v);
      }
    }
  }
  auto number_of = [&](uint32_t v) { return view.number(v); };
  LANDSCAPE_ASSIGN_OR_RETURN(ResultTable table,
                             Ranked(store, std::move(candidates), options.limit, number_of));
  table.title = title;
  table.empty_reason = no_value;
  LANDSCAPE_ASSIGN_OR_RETURN(
      ResultTable omitted,
      OmittedTable(store, unranked, CountOfKind(view, kind), kind_name, options.limit, number_of,
                   [&](uint32_t v) -> Result<std::string> { return reasons[v]; }));
  return std::vector<ResultTable>{std::move(table), std::move(omitted)};
}

Result<ResultTable> RankTable(const Store& store, const RankRequest& request,
                              const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto tables, RankTables(store, request, context));
  return std::move(tables.front());
}

Result<ResultTable> ClustersTable(const Store& store, const ClustersRequest& request,
                                  const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(
      std::shared_ptr<const GraphView> shared,
      GraphView::Shared(store, GraphViewOptions{request.via, context.as_of}));
  const GraphView& view = *shared;
  uint32_t count = 0;
  std::vector<uint32_t> component = Components(view, &count);
  std::vector<std::vector<GraphView::Vertex>> members(count);
  for (GraphView::Vertex v = 0; v < view.vertex_count(); ++v) members[component[v]].push_back(v);
  std::erase_if(members, [](const auto& m) { return m.size() < 2; });
  // Largest first; equal sizes by their first member's id (vertices are in id order).
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  ResultTable table{"", {"cluster", "size", "members"}, {}};
  table.name = "clusters";
  table.empty_reason = AsKnown(
      request.via.empty()
          ? "no two entities are related"
          : fmt::format("no two entities are related by {}", fmt::join(request.via, " or ")),
      context);
  for (size_t c = 0; c < members.size(); ++c) {
    std::vector<EntityRef> shown;
    for (size_t i = 0; i < members[c].size() && i < request.members_shown; ++i) {
      LANDSCAPE_ASSIGN_OR_RETURN(Entity e, EntityAt(store, view, members[c][i]));
      shown.push_back(EntityRef{e.id, e.name});
    }
    // The members left out are counted, not dropped in silence.
    Cell members_cell = Cell::Entities(std::move(shown));
    if (members[c].size() > request.members_shown) {
      members_cell =
          std::move(members_cell)
              .WithNote(fmt::format("and {} more", members[c].size() - request.members_shown));
    }
    table.AddRow({Integer(c + 1), Integer(members[c].size()), std::move(members_cell)});
  }
  return table;
}

}  // namespace landscape
