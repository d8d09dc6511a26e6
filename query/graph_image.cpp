#include "query/graph_image.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "query/catalog.hpp"
#include "query/currency_converter.hpp"
#include "query/funding.hpp"
#include "query/graph_algorithms.hpp"
#include "query/graph_view.hpp"

namespace landscape {
namespace {

static_assert(GraphView::kNoVertex == kGraphImageNoVertex);

// What the image holds, gathered in memory before it is written.
struct ImageParts {
  uint64_t sequence = 0;
  uint64_t store_id = 0;
  std::vector<keys::EntityNumber> numbers;
  std::vector<uint32_t> kinds;
  std::vector<uint32_t> index;
  std::vector<uint64_t> rowstart;
  std::vector<ImageEdge> adjacency;
  std::vector<double> pagerank;
  std::vector<ImageRound> rounds;
  std::vector<ImageTotal> totals;
  std::vector<uint32_t> by_pagerank;
  std::vector<uint32_t> by_total_raised;

  GraphImageData data() const {
    return {sequence, numbers, kinds,  index,       rowstart,        adjacency,
            pagerank, rounds,  totals, by_pagerank, by_total_raised, store_id};
  }
};

// Both rank orders, as RankTable orders values: highest first, equal values in vertex order.
void RankOrders(const std::vector<std::optional<RaisedFigure>>& totals, ImageParts* parts) {
  std::vector<Decimal> shown;
  for (double r : parts->pagerank) shown.push_back(ShownPageRank(r));
  for (uint32_t v = 0; v < parts->numbers.size(); ++v) {
    parts->by_pagerank.push_back(v);
    if (totals[v]) parts->by_total_raised.push_back(v);
  }
  std::stable_sort(parts->by_pagerank.begin(), parts->by_pagerank.end(),
                   [&](uint32_t a, uint32_t b) { return shown[a] > shown[b]; });
  std::stable_sort(
      parts->by_total_raised.begin(), parts->by_total_raised.end(),
      [&](uint32_t a, uint32_t b) { return totals[a]->money.amount > totals[b]->money.amount; });
}

void AdjacencyOf(const GraphView& view, ImageParts* parts) {
  parts->rowstart.assign(view.rowstart().begin(), view.rowstart().end());
  parts->adjacency.assign(view.adjacency().begin(), view.adjacency().end());
}

uint8_t StoredTier(const Schema& schema, const Claim& claim) {
  int rank = TierRankOf(schema, claim.provenance.confidence);
  return rank < kImageNoTier ? static_cast<uint8_t>(rank) : kImageNoTier;
}

int TierOfStored(uint8_t tier) { return tier == kImageNoTier ? kUnrankedTier : tier; }

Result<ImageRound> RoundOf(const Store& store, uint32_t company, uint32_t round_vertex,
                           keys::EntityNumber round) {
  LANDSCAPE_ASSIGN_OR_RETURN(Entity entity, EntityByNumber(store, round));
  ImageRound r{};
  r.amount_tier = r.reported_tier = kImageNoTier;
  r.company = company;
  r.round = round_vertex;
  RoundFacts facts = ReadRound(store.schema(), std::move(entity), round, std::nullopt);
  if (facts.amount) {
    if (const Money* m = std::get_if<Money>(&facts.amount->value.data)) {
      if (m->currency.size() != 3) return Status::Corruption("currency code is not 3 letters");
      r.has_amount = 1;
      r.amount_mantissa = m->amount.mantissa();
      r.amount_scale = m->amount.scale();
      std::memcpy(r.currency, m->currency.c_str(), 4);
      r.approximate = m->approximate;
      r.amount_tier = StoredTier(store.schema(), *facts.amount);
    }
  }
  if (facts.reported_as) {
    if (const Money* m = std::get_if<Money>(&facts.reported_as->value.data)) {
      if (m->currency.size() != 3) return Status::Corruption("currency code is not 3 letters");
      r.reported = m->approximate ? 2 : 1;
      r.reported_mantissa = m->amount.mantissa();
      r.reported_scale = m->amount.scale();
      std::memcpy(r.reported_currency, m->currency.c_str(), 4);
      r.reported_tier = StoredTier(store.schema(), *facts.reported_as);
    }
  }
  if (auto date = facts.date()) {
    std::string text = date->ToString();
    if (text.size() >= sizeof r.date) return Status::Corruption("date text too long");
    r.has_date = 1;
    std::memcpy(r.date, text.c_str(), text.size() + 1);
  }
  return r;
}

Status RoundsOf(const Store& store, const ImageParts& parts, const GraphView& view,
                std::vector<ImageRound>* rounds) {
  const RelationTypeDef* raised = store.schema().FindRelation(RelationRole::kRaised);
  if (!raised) return Status::Ok();
  for (uint32_t v = 0; v < view.vertex_count(); ++v) {
    for (uint64_t i = parts.rowstart[v]; i < parts.rowstart[v + 1]; ++i) {
      const ImageEdge& e = parts.adjacency[i];
      if (e.type != raised->tag || !e.forward) continue;
      LANDSCAPE_ASSIGN_OR_RETURN(ImageRound r, RoundOf(store, v, e.target, view.number(e.target)));
      rounds->push_back(r);
    }
  }
  return Status::Ok();
}

Result<ImageParts> Gather(const Store& store) {
  ImageParts parts;
  // The caller writes the store (import holds the lock): nothing changes while this reads.
  parts.sequence = store.LatestSequence();
  parts.store_id = store.store_id();
  LANDSCAPE_ASSIGN_OR_RETURN(GraphView view, GraphView::Build(store));
  for (GraphView::Vertex v = 0; v < view.vertex_count(); ++v) {
    parts.numbers.push_back(view.number(v));
    parts.kinds.push_back(view.kind(v));
    keys::EntityNumber n = view.number(v);
    if (n >= parts.index.size()) parts.index.resize(n + 1, GraphView::kNoVertex);
    parts.index[n] = v;
  }
  AdjacencyOf(view, &parts);
  parts.pagerank = PageRank(view);
  LANDSCAPE_RETURN_IF_ERROR(RoundsOf(store, parts, view, &parts.rounds));
  LANDSCAPE_ASSIGN_OR_RETURN(auto totals, SumRoundsRaised(store, parts.rounds, parts.numbers.size(),
                                                          kImageTotalsCurrency));
  for (const std::optional<RaisedFigure>& t : totals) {
    ImageTotal stored{};
    if (t) {
      stored = {t->money.amount.mantissa(),
                t->money.amount.scale(),
                1,
                static_cast<uint8_t>(t->money.approximate),
                static_cast<uint8_t>(t->basis),
                t->tier_rank < kImageNoTier ? static_cast<uint8_t>(t->tier_rank) : kImageNoTier};
    }
    parts.totals.push_back(stored);
  }
  RankOrders(totals, &parts);
  return parts;
}

// Adds a round's amount as the image holds it to `out`, as RaisedAmount gives it from the
// store; nothing without an amount.
Status AddAmountOf(const ImageRound& r, std::vector<DatedAmount>* out) {
  if (!r.has_amount) return Status::Ok();
  LANDSCAPE_ASSIGN_OR_RETURN(Decimal amount, Decimal::FromParts(r.amount_mantissa, r.amount_scale));
  DatedAmount& added = out->emplace_back(
      DatedAmount{Money{amount, std::string(r.currency), r.approximate != 0}, std::nullopt});
  added.tier_rank = TierOfStored(r.amount_tier);
  added.reported_tier_rank = TierOfStored(r.reported_tier);
  if (r.has_date) {
    LANDSCAPE_ASSIGN_OR_RETURN(added.date, Date::Parse(r.date));
  }
  if (r.reported) {
    LANDSCAPE_ASSIGN_OR_RETURN(Decimal reported,
                               Decimal::FromParts(r.reported_mantissa, r.reported_scale));
    added.reported = Money{reported, std::string(r.reported_currency), r.reported == 2};
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::optional<RaisedFigure>>> SumRoundsRaised(const Store& store,
                                                                 std::span<const ImageRound> rounds,
                                                                 size_t vertex_count,
                                                                 const std::string& currency) {
  LANDSCAPE_ASSIGN_OR_RETURN(CurrencyConverter fx, CurrencyConverter::Load(store));
  // The rounds grouped by company (a counting sort of their indices), so that each company's
  // amounts are gathered into one small vector reused from company to company: a total of
  // every company allocates a few arrays, not one per company or one entry per round.
  std::vector<uint32_t> first(vertex_count + 1, 0);
  for (const ImageRound& r : rounds) {
    if (r.company >= vertex_count) return Status::InvalidArgument("a round's company out of range");
    if (r.has_amount) ++first[r.company + 1];
  }
  for (size_t v = 0; v < vertex_count; ++v) first[v + 1] += first[v];
  std::vector<uint32_t> by_company(first[vertex_count]);
  {
    std::vector<uint32_t> next(first.begin(), first.end() - 1);
    for (uint32_t i = 0; i < rounds.size(); ++i) {
      if (rounds[i].has_amount) by_company[next[rounds[i].company]++] = i;
    }
  }
  std::vector<std::optional<RaisedFigure>> totals(vertex_count);
  std::vector<DatedAmount> amounts;
  for (size_t v = 0; v < vertex_count; ++v) {
    if (first[v] == first[v + 1]) continue;
    amounts.clear();
    for (uint32_t k = first[v]; k < first[v + 1]; ++k) {
      LANDSCAPE_RETURN_IF_ERROR(AddAmountOf(rounds[by_company[k]], &amounts));
    }
    LANDSCAPE_ASSIGN_OR_RETURN(TotalRaised raised, SumRaised(fx, amounts, currency));
    if (raised.total) {
      totals[v] = RaisedFigure{std::move(*raised.total), raised.basis, raised.tier_rank};
    }
  }
  return totals;
}

Decimal ShownPageRank(double rank) { return *Decimal::Parse(fmt::format("{:.12f}", rank)); }

std::optional<RaisedFigure> GraphImage::total_raised(uint32_t v) const {
  if (!Readable(ImageSectionId::kTotals, v, 1)) return std::nullopt;
  const ImageTotal& t = data_.totals[v];
  if (!t.has_total || t.basis > static_cast<uint8_t>(AmountBasis::kConverted)) return std::nullopt;
  auto amount = Decimal::FromParts(t.mantissa, t.scale);
  if (!amount.ok()) return std::nullopt;
  return RaisedFigure{Money{*amount, kImageTotalsCurrency, t.approximate != 0},
                      static_cast<AmountBasis>(t.basis), TierOfStored(t.tier)};
}

Status GraphImage::Rebuild(const Store& store) {
  LANDSCAPE_ASSIGN_OR_RETURN(ImageParts parts, Gather(store));
  return GraphImageFile::Write(store.graph_image_path(), parts.data());
}

namespace {

// The image's file with its header verified, when it matches the store; null otherwise.
// Whatever is wrong with the file, the store answers: that is why statuses are dropped here.
std::shared_ptr<GraphImageFile> MapIfCurrent(const Store& store) {
  if (!store.present()) return nullptr;  // the image is of the store as it is
  auto file = store.MappedGraphImage();
  // Both: sequence numbers alone agree between stores (4 after one bulk import, in any).
  if (!file.ok() || (*file)->data().store_stamp != store.LatestSequence() ||
      (*file)->data().store_id != store.store_id()) {
    return nullptr;
  }
  return std::move(file).value();
}

// Whether GraphImage verifies what it reads of the section as it reads it: all but those its
// callers read whole (SumRoundsRaised) or as spans (the rank orders, of which a top-k query
// reads the first blocks: they are the smallest sections).
bool ReadLazily(ImageSectionId id) {
  return id != ImageSectionId::kRounds && id != ImageSectionId::kByPageRank &&
         id != ImageSectionId::kByTotalRaised;
}

// Shows the sections in `reads`: those read lazily unverified when `lazily`.
bool Verified(GraphImageFile& file, std::span<const ImageSectionId> reads, bool lazily) {
  for (ImageSectionId id : reads) {
    bool lazy = lazily && ReadLazily(id);
    if (!(lazy ? file.BindSection(id) : file.VerifySection(id)).ok()) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<GraphImage> GraphImage::OpenIfCurrent(const Store& store) {
  auto file = MapIfCurrent(store);
  std::vector<ImageSectionId> all;
  if (file) {
    for (const ImageSectionExtent& s : file->sections()) all.push_back(s.id);
  }
  if (!file || !Verified(*file, all, false)) return nullptr;
  return std::unique_ptr<GraphImage>(new GraphImage(std::move(file)));
}

std::unique_ptr<GraphImage> GraphImage::OpenIfCurrent(const Store& store,
                                                      std::span<const ImageSectionId> reads) {
  auto file = MapIfCurrent(store);
  if (!file || !Verified(*file, reads, true)) return nullptr;
  return std::unique_ptr<GraphImage>(new GraphImage(std::move(file)));
}

bool GraphImage::VerifyThenReadable(ImageSectionId id, uint64_t first, uint64_t count) const {
  if (!damaged_ && file_->VerifyRecords(id, first, count).ok()) return true;
  damaged_ = true;
  return false;
}

}  // namespace landscape
