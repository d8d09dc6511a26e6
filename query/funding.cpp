#include "query/funding.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "core/valid_time.hpp"
#include "storage/record_codec.hpp"

namespace landscape {
namespace {

const RelationTypeDef* Type(const Store& store, RelationRole role) {
  return store.schema().FindRelation(role);
}

bool Known(const RoundFacts& r, const ReadContext& context) {
  auto date = r.date();
  return !context.as_of || !date || KnownOn(*date, *context.as_of);
}

void SortByDate(std::vector<RoundFacts>* rounds) {
  std::stable_sort(rounds->begin(), rounds->end(), [](const RoundFacts& a, const RoundFacts& b) {
    auto da = a.date(), db = b.date();
    if (da && db) return *da < *db;
    return da.has_value() && !db.has_value();
  });
}

// Rounds as every reader hands them out: those known on the date, oldest first.
void KnownInDateOrder(std::vector<RoundFacts>* rounds, const ReadContext& context) {
  std::erase_if(*rounds, [&](const RoundFacts& r) { return !Known(r, context); });
  SortByDate(rounds);
}

Participation MakeParticipation(const Schema& schema, EntityRef investor, keys::EntityNumber number,
                                Relation relation, const ReadContext& context) {
  Participation p{std::move(investor), number, std::move(relation), false, {}};
  if (const Claim* lead = BestClaim(schema, p.relation.properties, "lead", context.as_of)) {
    if (const bool* b = std::get_if<bool>(&lead->value.data)) p.lead = *b;
  }
  if (const Claim* amount = BestClaim(schema, p.relation.properties, "amount", context.as_of)) {
    if (const Money* m = std::get_if<Money>(&amount->value.data)) p.share = *m;
  }
  return p;
}

// Leads first, then by name; the scan order (investor number) among equal names.
void LeadsFirst(std::vector<Participation>* participants) {
  std::stable_sort(participants->begin(), participants->end(),
                   [](const Participation& a, const Participation& b) {
                     if (a.lead != b.lead) return a.lead;
                     return a.investor.name < b.investor.name;
                   });
}

}  // namespace

std::optional<Date> RoundFacts::date() const {
  if (!announced) return std::nullopt;
  if (const Date* d = std::get_if<Date>(&announced->value.data)) return *d;
  return std::nullopt;
}

RoundFacts ReadRound(const Schema& schema, Entity round, keys::EntityNumber number,
                     std::optional<Date> as_of) {
  auto best = [&](const char* name) -> std::optional<Claim> {
    const Claim* c = BestClaim(schema, round.attributes, name, as_of);
    return c ? std::optional<Claim>(*c) : std::nullopt;
  };
  RoundFacts facts;
  facts.stage = best("stage");
  facts.amount = best("amount");
  facts.reported_as = best("reported_as");
  facts.announced = best("announced");
  facts.round = std::move(round);
  facts.number = number;
  return facts;
}

Result<std::vector<RoundFacts>> RoundsRaisedBy(const Store& store, keys::EntityNumber company,
                                               const ReadContext& context) {
  std::vector<RoundFacts> rounds;
  const RelationTypeDef* raised = Type(store, RelationRole::kRaised);
  if (!raised) return rounds;
  LANDSCAPE_RETURN_IF_ERROR(
      store.ScanEdges(company, EdgeDirection::kOut, raised->tag, [&](const EdgeRef& edge) {
        LANDSCAPE_ASSIGN_OR_RETURN(auto round, store.GetEntity(edge.other));
        if (!round) return Status::Corruption(fmt::format("round #{} is missing", edge.other));
        rounds.push_back(ReadRound(store.schema(), std::move(*round), edge.other, context.as_of));
        return Status::Ok();
      }));
  KnownInDateOrder(&rounds, context);
  return rounds;
}

Result<std::vector<Participation>> ParticipantsOf(const Store& store, const RoundFacts& round,
                                                  const ReadContext& context) {
  std::vector<Participation> out;
  const RelationTypeDef* invested = Type(store, RelationRole::kInvestedIn);
  if (!invested) return out;
  const Schema& schema = store.schema();
  LANDSCAPE_RETURN_IF_ERROR(
      store.ScanEdges(round.number, EdgeDirection::kIn, invested->tag, [&](const EdgeRef& edge) {
        LANDSCAPE_ASSIGN_OR_RETURN(auto investor, store.GetEntity(edge.other));
        if (!investor)
          return Status::Corruption(fmt::format("investor #{} is missing", edge.other));
        // The ids are known by now: the relation need not read them again.
        LANDSCAPE_ASSIGN_OR_RETURN(Relation relation,
                                   store.GetRelation(edge, round.round.id, investor->id));
        out.push_back(MakeParticipation(schema, EntityRef{investor->id, investor->name}, edge.other,
                                        std::move(relation), context));
        return Status::Ok();
      }));
  LeadsFirst(&out);
  return out;
}

Result<std::vector<Investment>> InvestmentsBy(const Store& store, keys::EntityNumber investor,
                                              const ReadContext& context) {
  std::vector<Investment> out;
  const RelationTypeDef* invested = Type(store, RelationRole::kInvestedIn);
  const RelationTypeDef* raised = Type(store, RelationRole::kRaised);
  if (!invested || !raised) return out;
  std::vector<keys::EntityNumber> rounds;
  LANDSCAPE_RETURN_IF_ERROR(
      store.ScanEdges(investor, EdgeDirection::kOut, invested->tag, [&](const EdgeRef& edge) {
        rounds.push_back(edge.other);
        return Status::Ok();
      }));
  for (keys::EntityNumber number : rounds) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto round, store.GetEntity(number));
    if (!round) return Status::Corruption(fmt::format("round #{} is missing", number));
    Investment inv{ReadRound(store.schema(), std::move(*round), number, context.as_of), {}, {}};
    if (!Known(inv.round, context)) continue;
    LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, inv.round, context));
    for (Participation& p : participants) {
      if (p.investor_number == investor) inv.participation = std::move(p);
    }
    LANDSCAPE_RETURN_IF_ERROR(
        store.ScanEdges(number, EdgeDirection::kIn, raised->tag, [&](const EdgeRef& edge) {
          LANDSCAPE_ASSIGN_OR_RETURN(inv.company, store.GetEntity(edge.other));
          return Status::Ok();
        }));
    out.push_back(std::move(inv));
  }
  std::stable_sort(out.begin(), out.end(), [](const Investment& a, const Investment& b) {
    auto da = a.round.date(), db = b.round.date();
    if (da && db) return *da < *db;
    return da.has_value() && !db.has_value();
  });
  return out;
}

// Flat and sorted, the bytes in large blocks: at 10^6 relations a node or an allocation per
// relation costs more than reading it.
struct FundingReader::Preloaded {
  using Span = std::string_view;  // into `blocks`; empty: not found (no record is empty)
  struct Link {
    keys::EntityNumber company, round;
  };
  struct Stake {
    keys::EntityNumber round, investor;
    Span relation;  // the encoded invested_in value, decoded when asked for
  };
  struct Record {
    keys::EntityNumber number;
    Span bytes;
  };
  struct Investor {
    keys::EntityNumber number;
    std::optional<EntityRef> ref;  // nullopt: not found
  };
  std::vector<Link> raised;         // by company, then round: the order a prefix scan finds
  std::vector<Stake> stakes;        // by round, then investor: the same
  std::vector<Record> rounds;       // by number
  std::vector<Investor> investors;  // by number
  std::vector<std::unique_ptr<char[]>> blocks;
  char* block_next = nullptr;
  size_t block_left = 0;
  std::string invested_name;

  // A copy of `value` that lives as long as this.
  Span Keep(std::string_view value) {
    constexpr size_t kBlockSize = 1 << 20;
    if (value.size() > block_left) {
      block_left = std::max(kBlockSize, value.size());
      blocks.push_back(std::make_unique_for_overwrite<char[]>(block_left));
      block_next = blocks.back().get();
    }
    std::copy(value.begin(), value.end(), block_next);
    Span kept(block_next, value.size());
    block_next += value.size();
    block_left -= value.size();
    return kept;
  }
  // The entry of `number` in `sorted` (by .number), or null.
  template <typename T>
  static const T* Find(const std::vector<T>& sorted, keys::EntityNumber number) {
    auto it = std::lower_bound(sorted.begin(), sorted.end(), number,
                               [](const T& t, keys::EntityNumber n) { return t.number < n; });
    return it != sorted.end() && it->number == number ? &*it : nullptr;
  }
};

FundingReader::FundingReader(const Store& store, const ReadContext& context)
    : store_(&store), context_(context) {}

Result<FundingReader> FundingReader::Preload(const Store& store, const ReadContext& context) {
  FundingReader reader(store, context);
  const RelationTypeDef* raised = Type(store, RelationRole::kRaised);
  const RelationTypeDef* invested = Type(store, RelationRole::kInvestedIn);
  auto loaded = std::make_shared<Preloaded>();
  if (invested) loaded->invested_name = invested->name;
  // The relations come in (from, type, to) order, so `raised` needs no sort.
  LANDSCAPE_RETURN_IF_ERROR(
      store.ScanAllRelations([&](const keys::EdgeKeyParts& edge, std::string_view value) {
        if (raised && edge.type == raised->tag) {
          loaded->raised.push_back({edge.first, edge.second});
          loaded->rounds.push_back({edge.second, {}});
        } else if (invested && edge.type == invested->tag) {
          loaded->stakes.push_back({edge.second, edge.first, loaded->Keep(value)});
          loaded->investors.push_back({edge.first, std::nullopt});
        }
        return Status::Ok();
      }));
  std::sort(loaded->stakes.begin(), loaded->stakes.end(), [](const auto& a, const auto& b) {
    return std::tie(a.round, a.investor) < std::tie(b.round, b.investor);
  });
  auto by_number = [](const auto& a, const auto& b) { return a.number < b.number; };
  auto same_number = [](const auto& a, const auto& b) { return a.number == b.number; };
  std::sort(loaded->rounds.begin(), loaded->rounds.end(), by_number);
  loaded->rounds.erase(std::unique(loaded->rounds.begin(), loaded->rounds.end(), same_number),
                       loaded->rounds.end());
  loaded->investors.erase(
      std::unique(loaded->investors.begin(), loaded->investors.end(), same_number),
      loaded->investors.end());  // already in number order: the scan's outer key

  // One pass over the entities in number order, merged with the two sorted lists.
  const Schema& schema = store.schema();
  auto round = loaded->rounds.begin();
  auto investor = loaded->investors.begin();
  LANDSCAPE_RETURN_IF_ERROR(
      store.ScanEntityRecords([&](keys::EntityNumber number, std::string_view record) {
        while (round != loaded->rounds.end() && round->number < number) ++round;
        if (round != loaded->rounds.end() && round->number == number) {
          round->bytes = loaded->Keep(record);
        }
        while (investor != loaded->investors.end() && investor->number < number) ++investor;
        if (investor != loaded->investors.end() && investor->number == number) {
          LANDSCAPE_ASSIGN_OR_RETURN(Entity e, DecodeEntity(record, schema));
          investor->ref = EntityRef{std::move(e.id), std::move(e.name)};
        }
        return Status::Ok();
      }));
  reader.preloaded_ = std::move(loaded);
  return reader;
}

Result<std::vector<RoundFacts>> FundingReader::RoundsRaisedBy(keys::EntityNumber company) const {
  if (!preloaded_) return landscape::RoundsRaisedBy(*store_, company, context_);
  const Preloaded& loaded = *preloaded_;
  std::vector<RoundFacts> rounds;
  auto [first, last] =
      std::equal_range(loaded.raised.begin(), loaded.raised.end(), Preloaded::Link{company, 0},
                       [](const auto& a, const auto& b) { return a.company < b.company; });
  for (auto link = first; link != last; ++link) {
    const Preloaded::Record* record = Preloaded::Find(loaded.rounds, link->round);
    if (!record || record->bytes.empty()) {
      return Status::Corruption(fmt::format("round #{} is missing", link->round));
    }
    LANDSCAPE_ASSIGN_OR_RETURN(Entity round, DecodeEntity(record->bytes, store_->schema()));
    rounds.push_back(ReadRound(store_->schema(), std::move(round), link->round, context_.as_of));
  }
  KnownInDateOrder(&rounds, context_);
  return rounds;
}

Result<std::vector<Participation>> FundingReader::ParticipantsOf(const RoundFacts& round) const {
  if (!preloaded_) return landscape::ParticipantsOf(*store_, round, context_);
  const Preloaded& loaded = *preloaded_;
  std::vector<Participation> out;
  auto [first, last] = std::equal_range(
      loaded.stakes.begin(), loaded.stakes.end(), Preloaded::Stake{round.number, 0, {}},
      [](const auto& a, const auto& b) { return a.round < b.round; });
  for (auto stake = first; stake != last; ++stake) {
    const Preloaded::Investor* investor = Preloaded::Find(loaded.investors, stake->investor);
    if (!investor || !investor->ref) {
      return Status::Corruption(fmt::format("investor #{} is missing", stake->investor));
    }
    LANDSCAPE_ASSIGN_OR_RETURN(
        Relation relation,
        DecodeRelationValue(stake->relation, loaded.invested_name, investor->ref->id,
                            round.round.id, store_->schema()));
    out.push_back(MakeParticipation(store_->schema(), *investor->ref, stake->investor,
                                    std::move(relation), context_));
  }
  LeadsFirst(&out);
  return out;
}

std::optional<DatedAmount> RaisedAmount(const RoundFacts& round, const Schema& schema) {
  const Money* amount = round.amount ? std::get_if<Money>(&round.amount->value.data) : nullptr;
  if (!amount) return std::nullopt;
  DatedAmount out{*amount, round.date()};
  out.tier_rank = TierRankOf(schema, round.amount->provenance.confidence);
  if (round.reported_as) {
    if (const Money* m = std::get_if<Money>(&round.reported_as->value.data)) {
      out.reported = *m;
      out.reported_tier_rank = TierRankOf(schema, round.reported_as->provenance.confidence);
    }
  }
  return out;
}

}  // namespace landscape
