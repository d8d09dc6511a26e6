#include "query/funding.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "core/valid_time.hpp"

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
  std::erase_if(rounds, [&](const RoundFacts& r) { return !Known(r, context); });
  SortByDate(&rounds);
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
        Participation p{std::move(*investor), edge.other, std::move(relation), false, {}};
        if (const Claim* lead = BestClaim(schema, p.relation.properties, "lead", context.as_of)) {
          if (const bool* b = std::get_if<bool>(&lead->value.data)) p.lead = *b;
        }
        if (const Claim* amount =
                BestClaim(schema, p.relation.properties, "amount", context.as_of)) {
          if (const Money* m = std::get_if<Money>(&amount->value.data)) p.share = *m;
        }
        out.push_back(std::move(p));
        return Status::Ok();
      }));
  std::stable_sort(out.begin(), out.end(), [](const Participation& a, const Participation& b) {
    if (a.lead != b.lead) return a.lead;
    return a.investor.name < b.investor.name;
  });
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

}  // namespace landscape
