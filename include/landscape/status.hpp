#pragma once
// Status and Result<T>: how every fallible call in Landscape reports failure. Ordinary failures
// (bad input, a missing entity, a locked store) are values, never exceptions across a library
// boundary. A message names the thing and the reason; callers add context with WithContext
// rather than replacing what the callee said.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace landscape {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad input: a malformed document, an unknown kind, a bad date
  kNotFound,         // a missing entity, a missing store
  kAlreadyExists,
  kCorruption,  // a store that breaks its own invariants
  kIOError,
  kBusy,          // the store is locked by another writer
  kNotSupported,  // e.g. a store format newer than this build
  kInternal,      // an exception escaped a layer (out of memory, a bug): caught at the front door
};

// Where in an input an error is, for errors about input: the file, the line and the JSON
// pointer of the offending value, so that a face can point at it without parsing the message.
struct InputLocation {
  std::string file;     // empty when the input is not a file ("command line")
  size_t line = 0;      // 1-based; 0 when unknown
  std::string pointer;  // RFC 6901 JSON pointer; "" is the whole document
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Busy(std::string m) { return {StatusCode::kBusy, std::move(m)}; }
  static Status NotSupported(std::string m) { return {StatusCode::kNotSupported, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes context ("importing data/x.json") and keeps the original message, code and
  // location.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    Status s{code_, context + ": " + message_};
    s.location_ = location_;
    s.alternatives_ = alternatives_;
    return s;
  }

  // Where in the input the error is; nullopt when it is not about a place in an input.
  std::optional<InputLocation> location() const {
    return location_ ? std::optional<InputLocation>(*location_) : std::nullopt;
  }
  // The same error, at `location`.
  Status WithLocation(InputLocation location) const {
    if (ok()) return *this;
    Status s = *this;
    s.location_ = std::make_shared<const InputLocation>(std::move(location));
    return s;
  }

  // The entities an error offers instead, by id: an ambiguous name's candidates
  // (kInvalidArgument), an unknown name's nearest names (kNotFound). Empty for other errors.
  const std::vector<std::string>& alternatives() const {
    static const std::vector<std::string> kNone;
    return alternatives_ ? *alternatives_ : kNone;
  }
  Status WithAlternatives(std::vector<std::string> ids) const {
    if (ok()) return *this;
    Status s = *this;
    s.alternatives_ = std::make_shared<const std::vector<std::string>>(std::move(ids));
    return s;
  }

  std::string ToString() const { return ok() ? "OK" : message_; }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::shared_ptr<const InputLocation> location_;  // shared: statuses are copied, rarely made
  std::shared_ptr<const std::vector<std::string>> alternatives_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace landscape

// Returns early from the enclosing function when a Status-returning expression fails.
#define LANDSCAPE_RETURN_IF_ERROR(expr)   \
  do {                                    \
    ::landscape::Status status_ = (expr); \
    if (!status_.ok()) return status_;    \
  } while (false)

#define LANDSCAPE_CONCAT_INNER(a, b) a##b
#define LANDSCAPE_CONCAT(a, b) LANDSCAPE_CONCAT_INNER(a, b)
// Assigns the value of a Result-returning expression or returns its Status.
#define LANDSCAPE_ASSIGN_OR_RETURN(lhs, expr) \
  LANDSCAPE_ASSIGN_OR_RETURN_IMPL(LANDSCAPE_CONCAT(result_, __LINE__), lhs, expr)
#define LANDSCAPE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return tmp.status();                   \
  lhs = std::move(tmp).value()
