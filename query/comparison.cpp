#include "query/comparison.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/claims.hpp"
#include "core/text.hpp"
#include "core/valid_time.hpp"
#include "query/catalog.hpp"
#include "query/currency_converter.hpp"
#include "query/funding.hpp"
#include "query/parallel_chunks.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

// One row's cell for one entity, and where it came from.
struct Fact {
  Cell value;
  std::vector<std::string> sources;
  std::vector<std::string> rates;  // of a converted figure: the FX rates used, described
};

void AddSources(const Provenance& p, std::vector<std::string>* out) {
  for (const std::string& s : p.sources) {
    if (std::find(out->begin(), out->end(), s) == out->end()) out->push_back(s);
  }
}

struct Profile {
  ResolvedEntity entity;
  std::map<std::string, Fact> rows;
  std::set<std::string> investor_ids;
  std::map<std::string, std::string> investor_names;  // by id
  std::set<keys::EntityNumber> rivals;
};

class Comparison {
 public:
  Comparison(const Store& store, const CompareRequest& request, const ReadContext& context,
             const CurrencyConverter& fx, const FundingReader& funding)
      : store_(store),
        schema_(store.schema()),
        request_(request),
        context_(context),
        fx_(fx),
        funding_(funding) {}

  Status AddAttributes(Profile* p) const {
    for (const std::string& name : request_.attributes) {
      Fact& fact = p->rows[name];
      auto claims = RankedClaims(schema_, p->entity.entity.attributes, name, context_.as_of);
      if (claims.empty()) continue;
      if (request_.all_values) {
        // Every claim, best first, and beside it the tier of each ("none" for a claim
        // without one), item for item.
        Value::List values, tiers;
        for (const Claim* c : claims) {
          values.push_back(c->value);
          tiers.push_back(
              Text(c->provenance.confidence.empty() ? "none" : c->provenance.confidence));
          AddSources(c->provenance, &fact.sources);
        }
        fact.value = Value{std::move(values)};
        p->rows[name + "_confidence"].value = Value{std::move(tiers)};
        continue;
      }
      size_t distinct = DistinctValues(schema_, p->entity.entity.attributes, name, context_.as_of);
      fact.value = WithTier(claims[0]->value, schema_, *claims[0]);
      if (distinct > 1) {
        fact.value =
            std::move(fact.value)
                .WithNote(fmt::format("+{} other value{}", distinct - 1, distinct > 2 ? "s" : ""));
      }
      AddSources(claims[0]->provenance, &fact.sources);
    }
    return Status::Ok();
  }

  Status AddFunding(Profile* p) const {
    LANDSCAPE_ASSIGN_OR_RETURN(auto rounds, funding_.RoundsRaisedBy(p->entity.number));
    std::vector<DatedAmount> amounts;
    Value::List reported;
    std::vector<EntityRef> leads;
    Fact& total_fact = p->rows["total_raised_" + Lower(context_.currency)];
    Fact& reported_fact = p->rows["raised_as_reported"];
    Fact& lead_fact = p->rows["lead_investors"];
    for (const RoundFacts& round : rounds) {
      if (auto amount = RaisedAmount(round, schema_)) {
        reported.push_back(Value{amount->amount});
        amounts.push_back(std::move(*amount));
        AddSources(round.amount->provenance, &reported_fact.sources);
        AddSources(round.amount->provenance, &total_fact.sources);
      }
      LANDSCAPE_ASSIGN_OR_RETURN(auto participants, funding_.ParticipantsOf(round));
      for (const Participation& part : participants) {
        p->investor_ids.insert(part.investor.id);
        p->investor_names[part.investor.id] = part.investor.name;
        EntityRef investor{part.investor.id, part.investor.name};
        if (part.lead && std::find(leads.begin(), leads.end(), investor) == leads.end()) {
          leads.push_back(std::move(investor));
          AddSources(part.relation.provenance, &lead_fact.sources);
        }
      }
    }
    LANDSCAPE_ASSIGN_OR_RETURN(TotalRaised raised, SumRaised(fx_, amounts, context_.currency));
    AddSources(Provenance{raised.rate_sources, ""}, &total_fact.sources);
    total_fact.rates = raised.rates;
    if (!raised.missing.ok()) {
      total_fact.value = Cell::Missing(raised.missing.message());
    } else if (raised.total) {
      total_fact.value = FigureCell({*raised.total, raised.basis, raised.tier_rank}, schema_);
    } else {
      total_fact.value =
          Cell::Missing(AsKnown(rounds.empty() ? kNoRoundsRecorded : kNoAmountsRecorded, context_));
    }
    if (!reported.empty()) reported_fact.value = Value{std::move(reported)};
    lead_fact.value = Cell::Entities(std::move(leads));
    // A count only where investors are recorded: none recorded is not known to be none.
    p->rows["investors"].value =
        !p->investor_ids.empty() ? Cell(Value{static_cast<int64_t>(p->investor_ids.size())})
        : rounds.empty()         ? Cell::Missing(AsKnown(kNoRoundsRecorded, context_))
                                 : Cell::Missing(AsKnown(kNoInvestorsRecorded, context_));
    if (!rounds.empty()) AddLatestRound(LatestRound(rounds), p);
    return Status::Ok();
  }

  // The last dated round (rounds come in date order, undated last); an undated one only
  // when none is dated.
  static const RoundFacts& LatestRound(const std::vector<RoundFacts>& rounds) {
    for (auto it = rounds.rbegin(); it != rounds.rend(); ++it) {
      if (it->date()) return *it;
    }
    return rounds.back();
  }

  void AddLatestRound(const RoundFacts& round, Profile* p) const {
    auto put = [&](const char* row, const std::optional<Claim>& claim) {
      if (!claim) return;
      p->rows[row].value = WithTier(claim->value, schema_, *claim);
      AddSources(claim->provenance, &p->rows[row].sources);
    };
    put("latest_round", round.stage);
    if (!round.stage) p->rows["latest_round"].value = Text(round.round.name);
    put("latest_round_amount", round.amount);
    put("latest_round_date", round.announced);
  }

  Status AddValuation(Profile* p) const {
    const Claim* latest =
        LatestClaim(schema_, p->entity.entity.attributes, "valuation", context_.as_of);
    if (!latest) {
      p->rows["latest_valuation"].value = Cell::Missing(AsKnown(kNoValuationRecorded, context_));
      p->rows["latest_valuation_" + Lower(context_.currency)].value =
          Cell::Missing(AsKnown(kNoValuationRecorded, context_));
      return Status::Ok();
    }
    Fact& fact = p->rows["latest_valuation"];
    fact.value = WithTier(latest->value, schema_, *latest);
    AddSources(latest->provenance, &fact.sources);
    Fact& converted_fact = p->rows["latest_valuation_" + Lower(context_.currency)];
    if (const Money* m = std::get_if<Money>(&latest->value.data)) {
      auto converted = fx_.Convert(*m, context_.currency, latest->as_of);
      if (converted.ok()) {
        converted_fact.value = FigureCell(
            converted->Figure(TierRankOf(schema_, latest->provenance.confidence)), schema_);
        converted_fact.sources = fact.sources;
        for (const RateLeg& leg : converted->used()) {
          AddSources(leg.rate->provenance, &converted_fact.sources);
        }
        if (converted->leg_count) converted_fact.rates = {converted->RatesText()};
      } else {
        converted_fact.value = Cell::Missing(converted.status().message());
      }
    }
    return Status::Ok();
  }

  Status CollectRivals(Profile* p) const {
    const RelationTypeDef* rival = schema_.FindRelation(RelationRole::kRivalOf);
    if (!rival) return Status::Ok();
    for (EdgeDirection d : {EdgeDirection::kOut, EdgeDirection::kIn}) {
      LANDSCAPE_RETURN_IF_ERROR(
          store_.ScanEdges(p->entity.number, d, rival->tag, [&](const EdgeRef& e) {
            p->rivals.insert(e.other);
            return Status::Ok();
          }));
    }
    return Status::Ok();
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

 private:
  const Store& store_;
  const Schema& schema_;
  const CompareRequest& request_;
  const ReadContext& context_;
  const CurrencyConverter& fx_;
  const FundingReader& funding_;
};

void AddCrossRows(std::vector<Profile>* profiles) {
  for (Profile& p : *profiles) {
    std::vector<EntityRef> rivals, shared;
    for (const Profile& other : *profiles) {
      if (&other == &p) continue;
      if (p.rivals.count(other.entity.number)) {
        rivals.push_back(EntityRef{other.entity.entity.id, other.entity.entity.name});
      }
    }
    // Each investor this entity shares with another in the set, once.
    for (const std::string& id : p.investor_ids) {
      bool with_other = std::any_of(profiles->begin(), profiles->end(), [&](const Profile& o) {
        return &o != &p && o.investor_ids.count(id);
      });
      if (with_other) shared.push_back(EntityRef{id, p.investor_names[id]});
    }
    p.rows["rivals_in_set"].value = Cell::Entities(std::move(rivals));
    p.rows["shared_investors"].value = Cell::Entities(std::move(shared));
  }
}

}  // namespace

Result<ResultTable> CompareTable(const Store& store, const CompareRequest& request,
                                 const ReadContext& context) {
  const std::vector<std::string>& names = request.names;
  if (names.empty()) return Status::InvalidArgument("compare needs at least one name");
  LANDSCAPE_RETURN_IF_ERROR(CheckCurrency(context.currency));
  LANDSCAPE_ASSIGN_OR_RETURN(CurrencyConverter fx, CurrencyConverter::Load(store, context.as_of));
  FundingReader funding(store, context);
  Comparison comparison(store, request, context, fx, funding);
  std::vector<Profile> profiles;
  std::set<keys::EntityNumber> seen;  // one column an entity, however often it is named
  for (const std::string& name : names) {
    LANDSCAPE_ASSIGN_OR_RETURN(ResolvedEntity entity, ResolveEntity(store, name));
    if (!seen.insert(entity.number).second) continue;
    Profile p{std::move(entity), {}, {}, {}, {}};
    LANDSCAPE_RETURN_IF_ERROR(comparison.AddAttributes(&p));
    LANDSCAPE_RETURN_IF_ERROR(comparison.AddFunding(&p));
    LANDSCAPE_RETURN_IF_ERROR(comparison.AddValuation(&p));
    LANDSCAPE_RETURN_IF_ERROR(comparison.CollectRivals(&p));
    profiles.push_back(std::move(p));
  }
  AddCrossRows(&profiles);
  std::string currency = Comparison::Lower(context.currency);
  std::vector<std::string> rows;
  std::set<std::string> tiers;  // the tiers of --all-values: their sources are the values'
  for (const std::string& attribute : request.attributes) {
    rows.push_back(attribute);
    if (request.all_values) rows.push_back(*tiers.insert(attribute + "_confidence").first);
  }
  auto cited = [&](const std::string& row) { return request.sources && !tiers.count(row); };
  // The converted rows: with --sources, the rates used too.
  std::set<std::string> converted_rows = {"total_raised_" + currency,
                                          "latest_valuation_" + currency};
  for (std::string r :
       {"total_raised_" + currency, std::string("raised_as_reported"), std::string("latest_round"),
        std::string("latest_round_amount"), std::string("latest_round_date"),
        std::string("latest_valuation"), "latest_valuation_" + currency,
        std::string("lead_investors"), std::string("investors"), std::string("rivals_in_set"),
        std::string("shared_investors")}) {
    rows.push_back(std::move(r));
  }
  // One row per entity; people see it the other way round, an entity per column.
  ResultTable table{"", {"entity"}, {}, "comparison", /*display_transposed=*/true};
  for (const std::string& row : rows) {
    table.columns.push_back(row);
    if (cited(row)) table.columns.push_back(row + "_sources");
    if (cited(row) && converted_rows.count(row)) table.columns.push_back(row + "_rates");
  }
  for (Profile& p : profiles) {
    std::vector<Cell> cells = {Cell::Entity({p.entity.entity.id, p.entity.entity.name})};
    for (const std::string& row : rows) {
      Fact& fact = p.rows[row];
      cells.push_back(fact.value);
      if (cited(row)) cells.push_back(TextList(fact.sources));
      if (cited(row) && converted_rows.count(row)) cells.push_back(TextList(fact.rates));
    }
    table.AddRow(std::move(cells));
  }
  return table;
}

namespace {

// What a `table` request needs computed for each row, from its column names.
struct ColumnPlan {
  std::vector<std::string> attributes;  // of the kind, in column order
  std::set<std::string> currencies;     // upper case, from total_raised_<cur> and the like
  bool funding = false, valuation = false, rivals = false;
};

constexpr const char* kIdentityColumns[] = {"name", "kind", "aliases"};
constexpr const char* kFundingColumns[] = {"raised_as_reported",  "latest_round",
                                           "latest_round_amount", "latest_round_date",
                                           "lead_investors",      "investors"};

bool IsOneOf(const std::string& column, const auto& names) {
  return std::find(std::begin(names), std::end(names), column) != std::end(names);
}

// "total_raised_eur" with prefix "total_raised_" → "EUR", or nothing.
std::optional<std::string> CurrencySuffix(const std::string& column, std::string_view prefix) {
  if (!column.starts_with(prefix) || column.size() != prefix.size() + 3) return std::nullopt;
  std::string code = column.substr(prefix.size());
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!CheckCurrency(code).ok()) return std::nullopt;
  return code;
}

Status UnknownColumn(const std::string& column, const KindDef& kind) {
  std::vector<std::string> columns(std::begin(kIdentityColumns), std::end(kIdentityColumns));
  for (const auto& [name, type] : kind.attributes) columns.push_back(name);
  columns.insert(columns.end(), std::begin(kFundingColumns), std::end(kFundingColumns));
  for (const char* c : {"latest_valuation", "rivals", "rival_count"}) columns.push_back(c);
  std::vector<std::string> near_to = columns;  // in a currency too, for "did you mean"
  for (std::string prefix : {"total_raised_", "latest_valuation_"}) {
    columns.push_back(prefix + "<cur>");
    for (const char* code : {"usd", "eur", "cny"}) near_to.push_back(prefix + code);
  }
  std::vector<std::string> near = NearestByEditDistance(column, near_to);
  return Status::InvalidArgument(fmt::format(
      "table: unknown column '{}' for kind {}{}; the columns are {} (<cur>: an ISO 4217 code in "
      "lower case, such as usd)",
      column, kind.name,
      near.empty() ? "" : fmt::format("; did you mean: {}?", fmt::join(near, ", ")),
      fmt::join(columns, ", ")));
}

Result<ColumnPlan> PlanColumns(const KindDef& kind, const std::vector<std::string>& columns) {
  ColumnPlan plan;
  for (const std::string& column : columns) {
    if (IsOneOf(column, kIdentityColumns)) continue;
    if (kind.attributes.count(column)) {
      plan.attributes.push_back(column);
    } else if (IsOneOf(column, kFundingColumns)) {
      plan.funding = true;
    } else if (column == "latest_valuation") {
      plan.valuation = true;
    } else if (column == "rivals" || column == "rival_count") {
      plan.rivals = true;
    } else if (auto code = CurrencySuffix(column, "total_raised_")) {
      plan.funding = true;
      plan.currencies.insert(*code);
    } else if (auto code = CurrencySuffix(column, "latest_valuation_")) {
      plan.valuation = true;
      plan.currencies.insert(*code);
    } else {
      return UnknownColumn(column, kind);
    }
  }
  return plan;
}

Result<Cell> RivalsCell(const Store& store, const Profile& p, bool as_count) {
  if (p.rivals.empty()) return Cell::Missing("no rivals recorded");
  if (as_count) return Cell(Value{static_cast<int64_t>(p.rivals.size())});
  std::vector<EntityRef> rivals;
  for (keys::EntityNumber number : p.rivals) {
    LANDSCAPE_ASSIGN_OR_RETURN(Entity e, EntityByNumber(store, number));
    rivals.push_back(EntityRef{e.id, e.name});
  }
  return Cell::Entities(std::move(rivals));
}

Result<Cell> ColumnCell(const Store& store, Profile& p, const std::string& column) {
  const Entity& e = p.entity.entity;
  if (column == "name") return Cell(Value{e.name});
  if (column == "kind") return Cell(Value{e.kind});
  if (column == "aliases") return TextList(e.aliases);
  if (column == "rivals" || column == "rival_count") {
    return RivalsCell(store, p, column == "rival_count");
  }
  return p.rows[column].value;
}

}  // namespace

Result<ResultTable> KindTable(const Store& store, const TableRequest& request,
                              const ReadContext& context) {
  const KindDef* kind = store.schema().FindKind(request.kind);
  if (!kind) return Status::InvalidArgument("table: " + store.schema().UnknownKind(request.kind));
  if (request.columns.empty()) return Status::InvalidArgument("table: no columns asked for");
  LANDSCAPE_ASSIGN_OR_RETURN(ColumnPlan plan, PlanColumns(*kind, request.columns));
  if (plan.currencies.empty()) plan.currencies.insert(context.currency);
  LANDSCAPE_ASSIGN_OR_RETURN(CurrencyConverter fx, CurrencyConverter::Load(store, context.as_of));
  CompareRequest attributes;
  attributes.attributes = plan.attributes;
  std::vector<ReadContext> contexts;  // one per currency asked for
  for (const std::string& code : plan.currencies) {
    contexts.push_back(context);
    contexts.back().currency = code;
  }

  // Every company's funding is asked for: one pass over the store beats a few reads each.
  FundingReader funding(store, context);
  if (plan.funding) {
    LANDSCAPE_ASSIGN_OR_RETURN(funding, FundingReader::Preload(store, context));
  }

  // The entities of the kind in readable-id order, then their rows, computed apart.
  std::vector<std::pair<Entity, keys::EntityNumber>> members;
  LANDSCAPE_RETURN_IF_ERROR(store.ScanEntities(
      [&](const Entity& e, keys::EntityNumber number) {
        if (!context.as_of || EntityKnownOn(e, *context.as_of)) members.emplace_back(e, number);
        return Status::Ok();
      },
      kind->tag));
  std::vector<std::vector<Cell>> rows(members.size());
  auto row = [&](size_t i) -> Status {
    Profile p{ResolvedEntity{std::move(members[i].first), members[i].second}, {}, {}, {}, {}};
    LANDSCAPE_RETURN_IF_ERROR(
        Comparison(store, attributes, contexts[0], fx, funding).AddAttributes(&p));
    for (const ReadContext& in_currency : contexts) {
      Comparison comparison(store, attributes, in_currency, fx, funding);
      if (plan.funding) LANDSCAPE_RETURN_IF_ERROR(comparison.AddFunding(&p));
      if (plan.valuation) LANDSCAPE_RETURN_IF_ERROR(comparison.AddValuation(&p));
    }
    if (plan.rivals) {
      LANDSCAPE_RETURN_IF_ERROR(
          Comparison(store, attributes, context, fx, funding).CollectRivals(&p));
    }
    rows[i] = {Value{p.entity.entity.id}};
    for (const std::string& column : request.columns) {
      LANDSCAPE_ASSIGN_OR_RETURN(Cell cell, ColumnCell(store, p, column));
      rows[i].push_back(std::move(cell));
    }
    return Status::Ok();
  };
  LANDSCAPE_RETURN_IF_ERROR(ForChunksInParallel(members.size(), 256, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) LANDSCAPE_RETURN_IF_ERROR(row(i));
    return Status::Ok();
  }));

  ResultTable table{"", {"id"}, {}, "table"};
  table.columns.insert(table.columns.end(), request.columns.begin(), request.columns.end());
  for (std::vector<Cell>& cells : rows) table.AddRow(std::move(cells));
  return table;
}

}  // namespace landscape
