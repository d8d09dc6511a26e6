#include "query/timeline.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/valid_time.hpp"
#include "query/catalog.hpp"
#include "query/funding.hpp"

namespace landscape {
namespace {

Value Text(std::string s) { return Value{std::move(s)}; }

struct Event {
  std::optional<Date> date;
  std::string fact;
  std::string detail;
  Provenance provenance;
};

void AddClaimEvents(const Entity& e, std::vector<Event>* out) {
  for (const auto& [name, claims] : e.attributes) {
    for (const Claim& c : claims) {
      if (const Date* d = std::get_if<Date>(&c.value.data)) {
        out->push_back({*d, name, "", c.provenance});
      } else if (c.as_of) {
        out->push_back({c.as_of, name, c.value.ToDisplayString(), c.provenance});
      }
    }
  }
}

std::string Leads(const std::vector<Participation>& participants) {
  std::vector<std::string> leads;
  for (const Participation& p : participants) {
    if (p.lead) leads.push_back(p.investor.name);
  }
  return leads.empty() ? "" : fmt::format("led by {}", fmt::join(leads, ", "));
}

std::string RoundText(const RoundFacts& r) {
  return r.stage ? r.stage->value.ToDisplayString() : r.round.name;
}

Status AddFundingEvents(const Store& store, keys::EntityNumber number, const ReadContext& f,
                        std::vector<Event>* out) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, RoundsRaisedBy(store, number, f));
  for (const RoundFacts& r : rounds) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto participants, ParticipantsOf(store, r, f));
    std::string detail = r.amount ? r.amount->value.ToDisplayString() : "";
    std::string leads = Leads(participants);
    if (!leads.empty()) detail += (detail.empty() ? "" : ", ") + leads;
    out->push_back({r.date(), "raised " + RoundText(r), detail,
                    r.amount ? r.amount->provenance : r.round.provenance});
  }
  LANDSCAPE_ASSIGN_OR_RETURN(auto investments, InvestmentsBy(store, number, f));
  for (const Investment& inv : investments) {
    std::string company = inv.company ? inv.company->name : "?";
    out->push_back({inv.round.date(),
                    fmt::format("invested in {} {}", company, RoundText(inv.round)),
                    inv.participation.lead ? "lead" : "", inv.participation.relation.provenance});
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
          LANDSCAPE_ASSIGN_OR_RETURN(auto other, store.GetEntity(e.other));
          out->push_back(
              {*date, fmt::format("{} {}", r.type, other ? other->name : "?"), name, r.provenance});
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
  ResultTable table{"", {"date", "fact", "detail", "confidence", "sources"}, {}};
  table.name = "timeline";
  for (const Event& ev : events) {
    Value::List sources;
    for (const std::string& s : ev.provenance.sources) sources.push_back(Text(s));
    table.AddRow({ev.date ? Cell(Value{*ev.date}) : Cell(), Text(ev.fact),
                  ev.detail.empty() ? Cell() : Cell(Text(ev.detail)),
                  ev.provenance.confidence.empty() ? Cell() : Cell(Text(ev.provenance.confidence)),
                  sources.empty() ? Cell() : Cell(Value{std::move(sources)})});
  }
  return table;
}

}  // namespace landscape
