#include "core/entity.hpp"

#include <algorithm>

namespace landscape {
namespace {

template <typename T>
void AppendMissing(const std::vector<T>& incoming, std::vector<T>* existing) {
  for (const T& item : incoming) {
    if (std::find(existing->begin(), existing->end(), item) == existing->end()) {
      existing->push_back(item);
    }
  }
}

void MergeProvenance(const Provenance& incoming, Provenance* existing) {
  AppendMissing(incoming.sources, &existing->sources);
  if (!incoming.confidence.empty()) existing->confidence = incoming.confidence;
}

void MergeAttributes(const Attributes& incoming, Attributes* existing) {
  for (const auto& [name, claims] : incoming) AppendMissing(claims, &(*existing)[name]);
}

}  // namespace

void MergeEntity(const Entity& incoming, Entity* existing) {
  if (!incoming.name.empty()) existing->name = incoming.name;
  AppendMissing(incoming.aliases, &existing->aliases);
  MergeAttributes(incoming.attributes, &existing->attributes);
  MergeProvenance(incoming.provenance, &existing->provenance);
}

void MergeRelation(const Relation& incoming, Relation* existing) {
  MergeAttributes(incoming.properties, &existing->properties);
  MergeProvenance(incoming.provenance, &existing->provenance);
}

}  // namespace landscape
