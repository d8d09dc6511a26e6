#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>
#include <pybind11/stl.h>

#include "python_conversions.hpp"

namespace landscape::python {
namespace {

// Reads the options of one request, field by field; every option must be consumed.
class Options {
 public:
  explicit Options(const py::dict& options) : options_(options) {}

  template <typename T>
  Options& Read(const char* name, T* field) {
    if (!status_.ok() || !options_.contains(name)) return *this;
    py::object value = options_[name];
    seen_.insert(name);
    if (value.is_none()) return *this;
    try {
      *field = value.cast<T>();
    } catch (const py::cast_error&) {
      status_ = Status::InvalidArgument(
          fmt::format("{}: expected {}, got {}", name, TypeName<T>(),
                      py::str(py::type::of(value).attr("__name__")).cast<std::string>()));
    }
    return *this;
  }

  template <typename T>
  Options& ReadOptional(const char* name, std::optional<T>* field) {
    T value{};
    bool given = options_.contains(name) && !options_[name].is_none();
    Read(name, &value);
    if (given && status_.ok()) *field = value;
    return *this;
  }

  // OK when every option was a field of the request.
  Status Finish(const std::string& verb) const {
    if (!status_.ok()) return status_.WithContext(verb);
    for (const auto& [key, value] : options_) {
      std::string name = py::str(key).cast<std::string>();
      if (!seen_.count(name)) {
        return Status::InvalidArgument(fmt::format("{}: unknown option '{}'", verb, name));
      }
    }
    return Status::Ok();
  }

 private:
  template <typename T>
  static const char* TypeName() {
    if constexpr (std::is_same_v<T, std::string>) return "a string";
    if constexpr (std::is_same_v<T, bool>) return "a bool";
    if constexpr (std::is_integral_v<T>) return "an integer";
    return "a list of strings";
  }

  const py::dict& options_;
  std::set<std::string> seen_;
  Status status_;
};

template <typename Request>
Result<VerbRequest> Finished(const std::string& verb, const Options& options, Request request) {
  LANDSCAPE_RETURN_IF_ERROR(options.Finish(verb));
  return VerbRequest{std::move(request)};
}

}  // namespace

Result<VerbRequest> RequestFromOptions(const std::string& verb, const py::dict& given) {
  Options o(given);
  if (verb == "show") {
    ShowRequest r;
    o.Read("name", &r.name).Read("in_currency", &r.currency);
    return Finished(verb, o, r);
  }
  if (verb == "find") {
    FindRequest r;
    o.Read("text", &r.text).Read("kind", &r.kind).Read("limit", &r.limit);
    return Finished(verb, o, r);
  }
  if (verb == "entities") {
    ListRequest r;
    o.Read("kind", &r.kind);
    return Finished(verb, o, r);
  }
  if (verb == "info") return Finished(verb, o, InfoRequest{});
  if (verb == "log") return Finished(verb, o, LogRequest{});
  if (verb == "history") {
    HistoryRequest r;
    o.Read("name", &r.name);
    return Finished(verb, o, r);
  }
  if (verb == "fx_rates") {
    FxRequest r;
    o.Read("base", &r.base).Read("quote", &r.quote);
    return Finished(verb, o, r);
  }
  if (verb == "timeline") {
    TimelineRequest r;
    o.Read("name", &r.name).Read("in_currency", &r.currency);
    return Finished(verb, o, r);
  }
  if (verb == "compare") {
    CompareRequest r;
    o.Read("names", &r.names)
        .Read("attributes", &r.attributes)
        .Read("sources", &r.sources)
        .Read("all_values", &r.all_values);
    return Finished(verb, o, r);
  }
  if (verb == "table") {
    TableRequest r;
    o.Read("kind", &r.kind).Read("columns", &r.columns);
    return Finished(verb, o, r);
  }
  if (verb == "investors") {
    InvestorsRequest r;
    o.Read("name", &r.name).Read("in_currency", &r.currency);
    return Finished(verb, o, r);
  }
  if (verb == "portfolio") {
    PortfolioRequest r;
    o.Read("name", &r.name).Read("in_currency", &r.currency);
    return Finished(verb, o, r);
  }
  if (verb == "shared_investors") {
    SharedInvestorsRequest r;
    o.Read("names", &r.names).ReadOptional("min", &r.min_companies).Read("limit", &r.limit);
    return Finished(verb, o, r);
  }
  if (verb == "rivals") {
    RivalsRequest r;
    o.Read("name", &r.name).Read("depth", &r.depth);
    return Finished(verb, o, r);
  }
  if (verb == "path") {
    PathRequest r;
    o.Read("a", &r.from).Read("b", &r.to).Read("via", &r.via).Read("max_hops", &r.max_hops);
    o.Read("all", &r.all);
    return Finished(verb, o, r);
  }
  if (verb == "rank") {
    RankRequest r;
    o.Read("by", &r.by).Read("kind", &r.kind).Read("limit", &r.limit).Read("samples", &r.samples);
    return Finished(verb, o, r);
  }
  if (verb == "clusters") {
    ClustersRequest r;
    o.Read("via", &r.via).Read("members_shown", &r.members_shown);
    return Finished(verb, o, r);
  }
  if (verb == "graph") {
    GraphRequest r;
    o.Read("around", &r.around).Read("depth", &r.depth).Read("via", &r.via);
    return Finished(verb, o, r);
  }
  return Status::InvalidArgument(fmt::format("unknown verb '{}'", verb));
}

}  // namespace landscape::python
