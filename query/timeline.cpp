#include "query/timeline.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/valid_time.hpp"
#include "query/catalog.hpp"
#include "query/currency_converter.hpp"
#include "query/funding.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

// One dated fact. `fact` is its text for people; the other fields are the same fact as data.
struct Event {
  std::optional<Date> date;
  std::string event;  // attribute, raised, invested, relation
  std::string fact;
  std::string attribute;  // the attribute or property that holds the date or value
  Cell value;             // the claim's value, the round's amount, the investor's share
  Cell round;
  Cell with;  // the round's leads; the company invested in; the other end of a relation
  std::optional<bool> lead;
  Provenance provenance;
  std::optional<Money> reported = {};  // a round's amount as its source reported it elsewhere
};

EntityRef RefOf(const Entity& e) { return EntityRef{e.id, e.name}; }

void AddClaimEvents(const Entity& e, std::vector<Event>* out) {
  for (const auto& [name, claims] : e.attributes) {
    for (const Claim& c : claims) {
      std::optional<Date> date = c.as_of;
      if (const Date* d = std::get_if<Date>(&c.value.data)) date = *d;
      if (!date) continue;
      out->push_back({date, "attribute", name, name, c.value, {}, {}, {}, c.provenance});
    }
  }
}

std::vector<EntityRef> Leads(const std::vector<Participation>& participants) {
  std::vector<EntityRef> leads;
  for (const Participation& p : participants) {
    if (p.lead) leads.push_back(p.investor);
  }
  return leads;
}

std::string RoundText(const RoundFacts& r) {
  return r.stage ? r.stage->value.ToDisplayString() : r.round.name;
}

Status AddFundingEvents(const Store& store, keys::EntityNumber number, const ReadContext& f,
                        std::vector<Event>* out) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsRaisedBy(store, number, f));
  for (const RoundFacts& r : rounds) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, r, f));
    auto amount = RaisedAmount(r, store.schema());
    out->push_back({r.date(), "raised", "raised " + RoundText(r), "",
                    r.amount ? Cell(r.amount->value) : Cell(), Cell::Entity(RefOf(r.round)),
                    Cell::Entities(Leads(participants)), std::nullopt,
                    r.amount ? r.amount->provenance : r.round.provenance,
                    amount ? amount->reported : std::nullopt});
  }
  LANDSCAPE_ASSIGN_OR_RETURN(auto investments, InvestmentsBy(store, number, f));
  for (const Investment& inv : investments) {
    std::string company = inv.company ? inv.company->name : "?";
    const Participation& part = inv.participation;
    out->push_back({inv.round.date(), "invested",
                    fmt::format("invested in {} {}", company, RoundText(inv.round)), "",
                    part.share ? Cell(Value{*part.share}) : Cell(),
                    Cell::Entity(RefOf(inv.round.round)),
                    inv.company ? Cell::Entities({RefOf(*inv.company)}) : Cell(), part.lead,
                    part.relation.provenance});
  }
  return Status::Ok();
}

Status AddRelationEvents(const Store& store, keys::EntityNumber number, std::vector<Event>* out) {
  for (EdgeDirection d : {EdgeDirection::kOut, EdgeDirection::kIn}) {
    LANDSCAPE_RETURN_IF_ERROR(store.ScanEdges(number, d, std::nullopt, [&](const EdgeRef& e) {
      LANDSCAPE_ASSIGN_OR_RETURN(Relation r, store.GetRelation(e));
      for (const auto& [name, claims] : r.properties) {
        for (const Claim& c : claims) {
          const Date* date = std::get_if<Date>(&c.value.data);
          if (!date) continue;
          LANDSCAPE_ASSIGN_OR_RETURN(Entity other, EntityByNumber(store, e.other));
          out->push_back({*date,
                          "relation",
                          fmt::format("{} {}", r.type, other.name),
                          name,
                          c.value,
                          {},
                          Cell::Entities({RefOf(other)}),
                          std::nullopt,
                          r.provenance});
        }
      }
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

}  // namespace

Result<ResultTable> TimelineTable(const Store& store, const TimelineRequest& request,
                                  const ReadContext& context) {
  LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity e, ResolveEntity(store, request.name));
  const std::optional<Date>& as_of = context.as_of;
  std::vector<Event> events;
  AddClaimEvents(e.entity, &events);
  LANDSCAPE_RETURN_IF_ERROR(AddFundingEvents(store, e.number, context, &events));
  LANDSCAPE_RETURN_IF_ERROR(AddRelationEvents(store, e.number, &events));
  std::erase_if(events,
                [&](const Event& ev) { return as_of && ev.date && !KnownOn(*ev.date, *as_of); });
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    if (a.date && b.date) return *a.date < *b.date;
    return a.date.has_value() && !b.date.has_value();
  });
  ResultTable table{"",
                    {"date", "event", "fact", "attribute", "value", "round", "with", "lead",
                     "confidence", "sources"},
                    {}};
  table.name = "timeline";
  table.empty_reason =
      AsKnown(fmt::format("no dated facts recorded for {}", e.entity.name), context);
  for (Event& ev : events) {
    table.AddRow({ev.date ? Cell(Value{*ev.date}) : Cell(), Text(ev.event), Text(ev.fact),
                  TextOrNone(ev.attribute), std::move(ev.value), std::move(ev.round),
                  std::move(ev.with), ev.lead ? Cell(Value{*ev.lead}) : Cell(),
                  TextOrNone(ev.provenance.confidence), SourcesCell(ev.provenance)});
  }
  if (!request.currency.empty()) {
    std::vector<std::optional<Money>> reported;
    for (const Event& ev : events) reported.push_back(ev.reported);
    LANDSCAPE_ASSIGN_OR_RETURN(CurrencyConverter fx, CurrencyConverter::Load(store, as_of));
    LANDSCAPE_RETURN_IF_ERROR(AddConvertedColumn(&table, "value", "date", reported, fx,
                                                 store.schema(), request.currency));
  }
  return table;
}

}  // namespace landscape
