#include "query/entity_card.hpp"

#include <fmt/format.h>

#include "core/claims.hpp"
#include "core/valid_time.hpp"
#include "query/catalog.hpp"
#include "query/currency_converter.hpp"
#include "query/funding.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

// "lead: true; amount: 100 USD" — a relation's properties on one line.
std::string PropertiesText(const Attributes& properties) {
  std::string out;
  for (const auto& [name, claims] : properties) {
    for (const Claim& c : claims) {
      if (!out.empty()) out += "; ";
      out += name + ": " + c.value.ToDisplayString();
    }
  }
  return out;
}

Cell ClaimCell(const Claim* c) { return c ? Cell(c->value) : Cell(); }

ResultTable IdentityTable(const Entity& e) {
  ResultTable t{"entity", {"id", "kind", "name", "aliases", "sources", "confidence"}, {}, "entity"};
  t.is_record = true;
  t.AddRow({Text(e.id), Text(e.kind), Text(e.name), TextList(e.aliases), SourcesCell(e.provenance),
            TextOrNone(e.provenance.confidence)});
  return t;
}

ResultTable AttributesTable(const Entity& e, const std::optional<Date>& as_of) {
  ResultTable t{
      "attributes", {"attribute", "value", "confidence", "as_of", "sources"}, {}, "attributes"};
  for (const auto& [name, claims] : e.attributes) {
    for (const Claim& c : claims) {
      if (!ClaimKnownOn(c, as_of)) continue;
      t.AddRow({Text(name), c.value, TextOrNone(c.provenance.confidence),
                c.as_of ? Cell(Value{*c.as_of}) : Cell(), SourcesCell(c.provenance)});
    }
  }
  return t;
}

struct Neighbour {
  EdgeRef edge;
  Relation relation;
  Entity other;
};

// Every relation of `self` known on `as_of`, both directions, with the entity at the other end.
Result<std::vector<Neighbour>> Neighbours(const Store& store, keys::EntityNumber self,
                                          const std::optional<Date>& as_of) {
  std::vector<Neighbour> out;
  for (EdgeDirection d : {EdgeDirection::kOut, EdgeDirection::kIn}) {
    LANDSCAPE_RETURN_IF_ERROR(store.ScanEdges(self, d, std::nullopt, [&](const EdgeRef& edge) {
      LANDSCAPE_ASSIGN_OR_RETURN(Relation r, store.GetRelation(edge));
      LANDSCAPE_ASSIGN_OR_RETURN(auto other, store.GetEntity(edge.other));
      if (!other) return Status::Corruption(fmt::format("edge to missing entity #{}", edge.other));
      if (as_of && (!RelationKnownOn(r, *as_of) || !EntityKnownOn(*other, *as_of))) {
        return Status::Ok();
      }
      out.push_back(Neighbour{edge, std::move(r), std::move(*other)});
      return Status::Ok();
    }));
  }
  return out;
}

Result<ResultTable> RelationsTable(const Store& store, keys::EntityNumber self,
                                   const std::optional<Date>& as_of) {
  ResultTable t{"relations",
                {"relation", "direction", "id", "name", "properties", "confidence", "sources"},
                {},
                "relations"};
  LANDSCAPE_ASSIGN_OR_RETURN(auto neighbours, Neighbours(store, self, as_of));
  for (const Neighbour& n : neighbours) {
    const RelationTypeDef* def = store.schema().FindRelationByTag(n.edge.type);
    std::string direction = def && def->symmetric                     ? "both"
                            : n.edge.direction == EdgeDirection::kOut ? "out"
                                                                      : "in";
    t.AddRow({Text(n.relation.type), Text(direction), Text(n.other.id), Text(n.other.name),
              TextOrNone(PropertiesText(n.relation.properties)),
              TextOrNone(n.relation.provenance.confidence), SourcesCell(n.relation.provenance)});
  }
  return t;
}

Cell OptionalClaimCell(const std::optional<Claim>& c) { return c ? Cell(c->value) : Cell(); }

// The rounds the entity raised (funding.hpp), one row per investor.
Result<ResultTable> RoundsTable(const Store& store, keys::EntityNumber self,
                                const ReadContext& context) {
  ResultTable t{
      "rounds",
      {"round", "stage", "amount", "reported_as", "announced", "investor", "lead", "sources"},
      {},
      "rounds"};
  LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsRaisedBy(store, self, context));
  for (const RoundFacts& round : rounds) {
    std::vector<Cell> facts = {
        Text(round.round.id), OptionalClaimCell(round.stage), OptionalClaimCell(round.amount),
        ClaimCell(BestClaim(store.schema(), round.round.attributes, "reported_as", context.as_of)),
        OptionalClaimCell(round.announced)};
    LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, round, context));
    if (participants.empty()) {
      facts.insert(facts.end(), {Cell(), Cell(), SourcesCell(round.round.provenance)});
      t.AddRow(facts);
    }
    for (const Participation& p : participants) {
      std::vector<Cell> row = facts;
      row.insert(row.end(),
                 {Text(p.investor.name), Value{p.lead}, SourcesCell(p.relation.provenance)});
      t.AddRow(std::move(row));
    }
  }
  return t;
}

}  // namespace

Result<std::vector<ResultTable>> BuildEntityCard(const Store& store, const ShowRequest& request,
                                                 const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity resolved, ResolveEntity(store, request.name));
  const std::optional<Date>& as_of = context.as_of;
  if (as_of && !EntityKnownOn(resolved.entity, *as_of)) {
    return Status::NotFound(fmt::format("{} ({}) is not known on {}: it starts {}",
                                        resolved.entity.name, resolved.entity.id, as_of->ToString(),
                                        StartDate(resolved.entity)->ToString()));
  }
  std::vector<ResultTable> tables;
  tables.push_back(IdentityTable(resolved.entity));
  tables.push_back(AttributesTable(resolved.entity, as_of));
  LANDSCAPE_ASSIGN_OR_RETURN(ResultTable relations, RelationsTable(store, resolved.number, as_of));
  tables.push_back(std::move(relations));
  LANDSCAPE_ASSIGN_OR_RETURN(ResultTable rounds, RoundsTable(store, resolved.number, context));
  rounds.hidden_when_empty = true;
  if (!request.currency.empty()) {
    LANDSCAPE_ASSIGN_OR_RETURN(CurrencyConverter fx, CurrencyConverter::Load(store, as_of));
    // Each row's reported_as, the source's own figure, is used where it is in the currency.
    std::vector<std::optional<Money>> reported;
    size_t at = rounds.ColumnIndex("reported_as");
    for (const auto& row : rounds.rows) {
      const Money* m = row[at] ? std::get_if<Money>(&row[at]->data) : nullptr;
      reported.push_back(m ? std::optional<Money>(*m) : std::nullopt);
    }
    LANDSCAPE_RETURN_IF_ERROR(AddConvertedColumn(&rounds, "amount", "announced", reported, fx,
                                                 store.schema(), request.currency));
  }
  tables.push_back(std::move(rounds));
  return tables;
}

}  // namespace landscape
