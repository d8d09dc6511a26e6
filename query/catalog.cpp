#include "query/catalog.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/text.hpp"
#include "core/valid_time.hpp"
#include "query/result_cells.hpp"

namespace landscape {
namespace {

struct Match {
  int rank;  // 0 exact, 1 prefix, 2 word start, 3 anywhere
  size_t length;
  keys::EntityNumber number;
  std::string matched;
};

std::optional<int> MatchRank(std::string_view name, std::string_view needle) {
  size_t at = name.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  if (at == 0) return name.size() == needle.size() ? 0 : 1;
  for (size_t p = at; p != std::string_view::npos; p = name.find(needle, p + 1)) {
    if (name[p - 1] == ' ' || name[p - 1] == '-') return 2;
  }
  return 3;
}

// Best match per entity, best first.
Result<std::vector<Match>> RankedMatches(const Store& store, std::string_view text) {
  std::string needle = NormalizeName(text);
  std::map<keys::EntityNumber, Match> best;
  if (needle.empty()) return std::vector<Match>();
  LANDSCAPE_RETURN_IF_ERROR(store.ScanNames([&](std::string_view name, keys::EntityNumber n) {
    if (auto rank = MatchRank(name, needle)) {
      Match m{*rank, name.size(), n, std::string(name)};
      auto [it, inserted] = best.emplace(n, m);
      if (!inserted && std::tie(m.rank, m.length) < std::tie(it->second.rank, it->second.length)) {
        it->second = m;
      }
    }
    return true;
  }));
  std::vector<Match> out;
  for (auto& [n, m] : best) out.push_back(std::move(m));
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    return std::tie(a.rank, a.length, a.matched) < std::tie(b.rank, b.length, b.matched);
  });
  return out;
}

// Entities whose normalised name or alias is within a typo of `text` ("Deepsek", "Baido"),
// nearest first, then by name: the suggestions a substring cannot find.
Result<std::vector<keys::EntityNumber>> NearNames(const Store& store, std::string_view text) {
  std::string typed = NormalizeName(text);
  if (typed.empty()) return std::vector<keys::EntityNumber>();
  size_t reach = TypoReach(typed);
  std::map<keys::EntityNumber, std::pair<size_t, std::string>> best;
  LANDSCAPE_RETURN_IF_ERROR(store.ScanNames([&](std::string_view name, keys::EntityNumber n) {
    // A code point is at most 4 bytes: names that much longer or shorter are out of reach.
    size_t gap =
        name.size() > typed.size() ? name.size() - typed.size() : typed.size() - name.size();
    if (gap > 4 * reach) return true;
    size_t d = EditDistance(typed, name, reach);
    if (d > reach) return true;
    auto [it, inserted] = best.try_emplace(n, d, std::string(name));
    if (!inserted && d < it->second.first) it->second = {d, std::string(name)};
    return true;
  }));
  std::vector<std::pair<std::pair<size_t, std::string>, keys::EntityNumber>> near;
  for (auto& [n, found] : best) near.emplace_back(std::move(found), n);
  std::sort(near.begin(), near.end());
  std::vector<keys::EntityNumber> out;
  for (const auto& entry : near) out.push_back(entry.second);
  return out;
}

std::string Describe(const Entity& e) { return fmt::format("{} ({}, {})", e.name, e.id, e.kind); }

}  // namespace

Result<ResolvedEntity> ResolveEntity(const Store& store, std::string_view text) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto by_id, store.LookupId(text));
  if (by_id) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto entity, store.GetEntity(by_id->number));
    if (entity) return ResolvedEntity{std::move(*entity), by_id->number};
  }
  LANDSCAPE_ASSIGN_OR_RETURN(auto numbers, store.LookupName(NormalizeName(text)));
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  if (numbers.size() == 1) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto entity, store.GetEntity(numbers[0]));
    if (!entity)
      return Status::Corruption(fmt::format("name '{}' points at a missing entity", text));
    return ResolvedEntity{std::move(*entity), numbers[0]};
  }
  if (numbers.size() > 1) {
    std::vector<std::string> candidates, ids;
    for (auto n : numbers) {
      LANDSCAPE_ASSIGN_OR_RETURN(auto entity, store.GetEntity(n));
      if (entity) candidates.push_back(Describe(*entity));
      if (entity) ids.push_back(entity->id);
    }
    return Status::InvalidArgument(
               fmt::format("'{}' is ambiguous: {}; use an id", text, fmt::join(candidates, "; ")))
        .WithAlternatives(std::move(ids));
  }
  // Names that hold the text first, then names a typo away from it: three at most.
  LANDSCAPE_ASSIGN_OR_RETURN(auto matches, RankedMatches(store, text));
  std::vector<keys::EntityNumber> suggested;
  for (size_t i = 0; i < matches.size() && i < 3; ++i) suggested.push_back(matches[i].number);
  if (suggested.size() < 3) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto near, NearNames(store, text));
    for (keys::EntityNumber n : near) {
      if (suggested.size() == 3) break;
      if (std::find(suggested.begin(), suggested.end(), n) == suggested.end()) {
        suggested.push_back(n);
      }
    }
  }
  std::vector<std::string> suggestions, ids;
  for (keys::EntityNumber n : suggested) {
    LANDSCAPE_ASSIGN_OR_RETURN(auto entity, store.GetEntity(n));
    if (entity) suggestions.push_back(Describe(*entity));
    if (entity) ids.push_back(entity->id);
  }
  if (suggestions.empty()) {
    return Status::NotFound(fmt::format("no entity named '{}' (try `landscape find`)", text));
  }
  return Status::NotFound(fmt::format("no entity named '{}'; did you mean: {}?", text,
                                      fmt::join(suggestions, "; ")))
      .WithAlternatives(std::move(ids));
}

Result<ResultTable> FindEntities(const Store& store, const FindRequest& request,
                                 const ReadContext& context) {
  static constexpr const char* kRankNames[] = {"exact", "prefix", "word", "contains"};
  ResultTable table{"", {"id", "kind", "name", "matched", "match"}, {}};
  table.name = "matches";
  LANDSCAPE_ASSIGN_OR_RETURN(auto matches, RankedMatches(store, request.text));
  for (const Match& m : matches) {
    if (table.rows.size() >= request.limit) break;
    LANDSCAPE_ASSIGN_OR_RETURN(auto entity, store.GetEntity(m.number));
    if (!entity || (!request.kind.empty() && entity->kind != request.kind)) continue;
    if (context.as_of && !EntityKnownOn(*entity, *context.as_of)) continue;
    std::string matched = entity->name;
    for (const std::string& a : entity->aliases) {
      if (NormalizeName(a) == m.matched) matched = a;
    }
    if (NormalizeName(entity->name) == m.matched) matched = entity->name;
    table.AddRow({Text(entity->id), Text(entity->kind), Text(entity->name), Text(matched),
                  Text(kRankNames[m.rank])});
  }
  table.empty_reason =
      AsKnown(fmt::format("no {} has a name or alias containing '{}'",
                          request.kind.empty() ? "entity" : request.kind, request.text),
              context);
  return table;
}

Result<ResultTable> ListEntities(const Store& store, const ListRequest& request,
                                 const ReadContext& context) {
  std::optional<KindTag> only_kind;
  if (!request.kind.empty()) {
    const KindDef* kind = store.schema().FindKind(request.kind);
    if (!kind) return Status::InvalidArgument(store.schema().UnknownKind(request.kind));
    only_kind = kind->tag;
  }
  ResultTable table{"", {"id", "kind", "name", "aliases"}, {}};
  table.name = "entities";
  LANDSCAPE_RETURN_IF_ERROR(store.ScanEntities(
      [&](const Entity& e, keys::EntityNumber) {
        if (context.as_of && !EntityKnownOn(e, *context.as_of)) return Status::Ok();
        Value::List aliases;
        for (const std::string& a : e.aliases) aliases.push_back(Text(a));
        table.AddRow({Text(e.id), Text(e.kind), Text(e.name), Value{std::move(aliases)}});
        return Status::Ok();
      },
      only_kind));
  table.empty_reason = AsKnown(
      request.kind.empty() ? "no entities recorded" : "no " + request.kind + " recorded", context);
  return table;
}

Result<Entity> EntityByNumber(const Store& store, keys::EntityNumber number) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto e, store.GetEntity(number));
  if (!e) return Status::Corruption(fmt::format("entity #{} is missing", number));
  return std::move(*e);
}

ResultTable StoreInfoTable(const Store& store) {
  ResultTable table{"", {"store", "format", "sequence", "kinds", "relation_types"}, {}, "info"};
  table.is_record = true;
  table.AddRow({Value{store.path()}, Value{static_cast<int64_t>(keys::kFormatVersion)},
                Value{static_cast<int64_t>(store.LatestSequence())},
                Value{static_cast<int64_t>(store.schema().kinds().size())},
                Value{static_cast<int64_t>(store.schema().relations().size())}});
  return table;
}

}  // namespace landscape
