#include "query/entity_card.hpp"

#include <fmt/format.h>

#include "query/catalog.hpp"
#include "query/claims.hpp"

namespace landscape {
namespace {

Value Text(std::string s) { return Value{std::move(s)}; }

Cell TextOrNone(const std::string& s) { return s.empty() ? Cell() : Cell(Text(s)); }

Cell SourcesCell(const Provenance& p) {
  if (p.sources.empty()) return Cell();
  Value::List list;
  for (const std::string& s : p.sources) list.push_back(Text(s));
  return Value{std::move(list)};
}

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
  ResultTable t{"entity", {"field", "value"}, {}};
  t.AddRow({Text("id"), Text(e.id)});
  t.AddRow({Text("kind"), Text(e.kind)});
  t.AddRow({Text("name"), Text(e.name)});
  Value::List aliases;
  for (const std::string& a : e.aliases) aliases.push_back(Text(a));
  if (!aliases.empty()) t.AddRow({Text("aliases"), Value{std::move(aliases)}});
  if (!e.provenance.sources.empty()) t.AddRow({Text("sources"), SourcesCell(e.provenance)});
  if (!e.provenance.confidence.empty())
    t.AddRow({Text("confidence"), Text(e.provenance.confidence)});
  return t;
}

ResultTable AttributesTable(const Entity& e) {
  ResultTable t{"attributes", {"attribute", "value", "confidence", "as_of", "sources"}, {}};
  for (const auto& [name, claims] : e.attributes) {
    for (const Claim& c : claims) {
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

Result<std::vector<Neighbour>> Neighbours(const Store& store, keys::EntityNumber self,
                                          std::optional<RelationTag> type = std::nullopt) {
  std::vector<Neighbour> out;
  for (EdgeDirection d : {EdgeDirection::kOut, EdgeDirection::kIn}) {
    LANDSCAPE_RETURN_IF_ERROR(store.ScanEdges(self, d, type, [&](const EdgeRef& edge) {
      LANDSCAPE_ASSIGN_OR_RETURN(Relation r, store.GetRelation(edge));
      LANDSCAPE_ASSIGN_OR_RETURN(auto other, store.GetEntity(edge.other));
      if (!other) return Status::Corruption(fmt::format("edge to missing entity #{}", edge.other));
      out.push_back(Neighbour{edge, std::move(r), std::move(*other)});
      return Status::Ok();
    }));
  }
  return out;
}

Result<ResultTable> RelationsTable(const Store& store, keys::EntityNumber self) {
  ResultTable t{"relations",
                {"relation", "direction", "id", "name", "properties", "confidence", "sources"},
                {}};
  LANDSCAPE_ASSIGN_OR_RETURN(auto neighbours, Neighbours(store, self));
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

Result<ResultTable> RoundsTable(const Store& store, keys::EntityNumber self) {
  ResultTable t{
      "rounds",
      {"round", "stage", "amount", "reported_as", "announced", "investor", "lead", "sources"},
      {}};
  const Schema& schema = store.schema();
  const RelationTypeDef* raised = schema.FindRelation("raised");
  const RelationTypeDef* invested = schema.FindRelation("invested_in");
  if (!raised || !invested) return t;
  std::vector<keys::EntityNumber> rounds;
  LANDSCAPE_RETURN_IF_ERROR(
      store.ScanEdges(self, EdgeDirection::kOut, raised->tag, [&](const EdgeRef& e) {
        rounds.push_back(e.other);
        return Status::Ok();
      }));
  for (keys::EntityNumber round_number : rounds) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto round, store.GetEntity(round_number));
    if (!round) continue;
    std::vector<Cell> facts = {Text(round->id),
                               ClaimCell(BestClaim(schema, round->attributes, "stage")),
                               ClaimCell(BestClaim(schema, round->attributes, "amount")),
                               ClaimCell(BestClaim(schema, round->attributes, "reported_as")),
                               ClaimCell(BestClaim(schema, round->attributes, "announced"))};
    LANDSCAPE_ASSIGN_OR_RETURN(auto investors, Neighbours(store, round_number, invested->tag));
    if (investors.empty()) {
      facts.insert(facts.end(), {Cell(), Cell(), SourcesCell(round->provenance)});
      t.AddRow(facts);
    }
    for (const Neighbour& n : investors) {
      std::vector<Cell> row = facts;
      auto lead = n.relation.properties.find("lead");
      Cell lead_cell;
      if (lead != n.relation.properties.end() && !lead->second.empty()) {
        lead_cell = lead->second.front().value;
      }
      row.insert(row.end(), {Text(n.other.name), lead_cell, SourcesCell(n.relation.provenance)});
      t.AddRow(row);
    }
  }
  return t;
}

}  // namespace

Result<std::vector<ResultTable>> BuildEntityCard(const Store& store, std::string_view name) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity resolved, ResolveEntity(store, name));
  std::vector<ResultTable> tables;
  tables.push_back(IdentityTable(resolved.entity));
  tables.push_back(AttributesTable(resolved.entity));
  LANDSCAPE_ASSIGN_OR_RETURN(ResultTable relations, RelationsTable(store, resolved.number));
  tables.push_back(std::move(relations));
  LANDSCAPE_ASSIGN_OR_RETURN(ResultTable rounds, RoundsTable(store, resolved.number));
  if (!rounds.rows.empty()) tables.push_back(std::move(rounds));
  return tables;
}

}  // namespace landscape
