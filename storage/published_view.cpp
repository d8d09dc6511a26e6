#include "storage/published_view.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "core/valid_time.hpp"
#include "storage/change_log.hpp"
#include "storage/record_codec.hpp"
#include "storage/store_handles.hpp"

namespace landscape {
namespace {

using Laid = std::vector<Store::LaidValue>;

// The day each source became public: its earliest `published` date, or else the day of the
// change that recorded it. A source with neither (recorded before the log) is left out: it
// counts as public.
Result<std::map<std::string, Date>> PublicationDates(const Store& store) {
  std::map<std::string, Date> dates;
  std::map<std::string, std::string> undated;  // entity key → id
  const KindDef* source = store.schema().FindKind("source");
  if (!source) return dates;
  LANDSCAPE_RETURN_IF_ERROR(store.ScanEntities(
      [&](const Entity& e, keys::EntityNumber number) {
        std::optional<Date> earliest;
        auto published = e.attributes.find("published");
        if (published != e.attributes.end()) {
          for (const Claim& c : published->second) {
            const Date* d = std::get_if<Date>(&c.value.data);
            if (d && (!earliest || d->FirstDay() < earliest->FirstDay())) earliest = *d;
          }
        }
        if (earliest) {
          dates.emplace(e.id, *earliest);
        } else {
          undated.emplace(keys::EntityKey(number), e.id);
        }
        return Status::Ok();
      },
      source->tag));
  if (undated.empty()) return dates;
  std::vector<StoreKey> present;
  for (const auto& [key, id] : undated) present.emplace_back(ColumnFamily::kEntities, key);
  LANDSCAPE_ASSIGN_OR_RETURN(auto histories, KeyHistories(
                                                 store,
                                                 [&](ColumnFamily cf, std::string_view key) {
                                                   return cf == ColumnFamily::kEntities &&
                                                          undated.count(std::string(key));
                                                 },
                                                 present));
  for (const auto& [key, versions] : histories) {
    if (versions.empty() || versions.front().recorded == 0) continue;
    LANDSCAPE_ASSIGN_OR_RETURN(auto change, GetChange(store, versions.front().recorded));
    if (!change) continue;
    auto day = Date::Parse(change->time.substr(0, 10));
    if (day.ok()) dates.emplace(undated.at(key.second), *day);
  }
  return dates;
}

class PublishedFilter {
 public:
  PublishedFilter(std::map<std::string, Date> dates, const Date& by)
      : dates_(std::move(dates)), by_(by) {}

  // Facts citing no source stay: nothing says when they became known.
  bool Public(const std::vector<std::string>& sources) const {
    if (sources.empty()) return true;
    for (const std::string& s : sources) {
      auto date = dates_.find(s);
      if (date == dates_.end() || KnownOn(date->second, by_)) return true;
    }
    return false;
  }
  // Keeps the claims a published source supports; true when any was dropped.
  bool Filter(Attributes* attributes) const {
    bool dropped = false;
    for (auto it = attributes->begin(); it != attributes->end();) {
      std::erase_if(it->second, [&](const Claim& c) {
        bool hide = !Public(c.provenance.sources);
        dropped = dropped || hide;
        return hide;
      });
      it = it->second.empty() ? attributes->erase(it) : std::next(it);
    }
    return dropped;
  }

 private:
  std::map<std::string, Date> dates_;
  Date by_;
};

void Hide(Laid* laid, ColumnFamily cf, std::string key) {
  laid->push_back({static_cast<int>(cf), std::move(key), std::nullopt});
}

Status HideEntities(const Store& store, const PublishedFilter& filter, Laid* laid,
                    std::set<keys::EntityNumber>* hidden) {
  return store.ScanEntityRecords([&](keys::EntityNumber number, std::string_view record) {
    LANDSCAPE_ASSIGN_OR_RETURN(Entity e, DecodeEntity(record, store.schema()));
    if (e.kind == "source") return Status::Ok();
    if (!filter.Public(e.provenance.sources)) {
      hidden->insert(number);
      Hide(laid, ColumnFamily::kEntities, keys::EntityKey(number));
      Hide(laid, ColumnFamily::kIds, e.id);
      Hide(laid, ColumnFamily::kNames, keys::NameKey(NormalizeName(e.name), number));
      for (const std::string& alias : e.aliases) {
        Hide(laid, ColumnFamily::kNames, keys::NameKey(NormalizeName(alias), number));
      }
      return Status::Ok();
    }
    if (filter.Filter(&e.attributes)) {
      laid->push_back(
          {static_cast<int>(ColumnFamily::kEntities), keys::EntityKey(number), EncodeEntity(e)});
    }
    return Status::Ok();
  });
}

Status HideRelations(const Store& store, const PublishedFilter& filter,
                     const std::set<keys::EntityNumber>& hidden, Laid* laid) {
  return store.ScanAllRelations([&](const keys::EdgeKeyParts& p, std::string_view value) {
    const RelationTypeDef* def = store.schema().FindRelationByTag(p.type);
    if (!def) return Status::Corruption("a relation of an unknown type");
    LANDSCAPE_ASSIGN_OR_RETURN(Relation r,
                               DecodeRelationValue(value, def->name, "from", "to", store.schema()));
    std::string out_key = keys::EdgeKey(p.first, p.type, p.second);
    if (hidden.count(p.first) || hidden.count(p.second) || !filter.Public(r.provenance.sources)) {
      Hide(laid, ColumnFamily::kOut, out_key);
      Hide(laid, ColumnFamily::kIn, keys::EdgeKey(p.second, p.type, p.first));
    } else if (filter.Filter(&r.properties)) {
      laid->push_back({static_cast<int>(ColumnFamily::kOut), out_key, EncodeRelationValue(r)});
    }
    return Status::Ok();
  });
}

}  // namespace

Status HideUnpublished(Store* reader, const Date& published_by) {
  LANDSCAPE_ASSIGN_OR_RETURN(auto dates, PublicationDates(*reader));
  PublishedFilter filter(std::move(dates), published_by);
  Laid laid;
  std::set<keys::EntityNumber> hidden;
  LANDSCAPE_RETURN_IF_ERROR(HideEntities(*reader, filter, &laid, &hidden));
  LANDSCAPE_RETURN_IF_ERROR(HideRelations(*reader, filter, hidden, &laid));
  LANDSCAPE_RETURN_IF_ERROR(reader->ScanFxRates([&](const FxRate& rate) {
    if (!filter.Public(rate.provenance.sources)) {
      Hide(&laid, ColumnFamily::kFx, keys::FxKey(rate.base, rate.quote, rate.date));
    }
    return Status::Ok();
  }));
  return reader->LayOver(laid);
}

}  // namespace landscape
