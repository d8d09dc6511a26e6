#pragma once
// ReadContext: what a read is relative to, given once per request by the face that asks (the
// CLI's global flags, a script's arguments) and passed whole to every verb, so that no verb
// can forget a time flag. It holds no clock: an answer depends on the store and the request
// alone.

#include <optional>
#include <string>

#include "landscape/date.hpp"

namespace landscape {

struct ReadContext {
  // Valid time (`--as-of D`): only the facts known on D (core/valid_time.hpp). Default: none,
  // every fact the store holds.
  std::optional<Date> as_of;
  // The currency that verbs normalising money convert to. Default: USD.
  std::string currency = "USD";
  // System time (`--recorded-by T`): the store exactly as it stood after the last change at
  // or before T, a UTC time ("2026-03-01T12:00:00Z"), a date or month (its end), or a change
  // number from `landscape log`. Default: empty, the store as it is.
  std::string recorded_by = {};
  // Publication time (`--published-by D`): only the facts whose sources were published on or
  // before D (docs/queries.md, "Three times"). Default: none, every fact.
  std::optional<Date> published_by = {};
};

}  // namespace landscape
