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
};

}  // namespace landscape
