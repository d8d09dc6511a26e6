#pragma once
// Requests: what a face asks of a store. A request is one verb's options plus the ReadContext
// that every read verb honours; the CLI turns argv into a Request, a script builds one, and
// Database::Run answers it (landscape/database.hpp). docs/queries.md gives each verb's
// semantics and its result tables.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "landscape/read_context.hpp"

namespace landscape {

// `show NAME`: the entity card.
struct ShowRequest {
  std::string name;  // id, name or alias
  // When set (`--currency`), money also in this currency: an "amount_<cur>" column beside
  // each round's amount, as compare converts it. The same in investors, portfolio, timeline.
  std::string currency = {};
};

// `find TEXT`: entities whose name or alias contains TEXT.
struct FindRequest {
  std::string text;
  std::string kind;   // only this kind when set
  size_t limit = 20;  // Default: 20
};

// `list`: every entity, by id.
struct ListRequest {
  std::string kind;  // only this kind when set
};

// `info`: what the store is, without reading its entities.
struct InfoRequest {};

// `fx`: the FX rates held, by pair then date; both codes of a pair may be given, in either
// direction (a rate converts both ways).
struct FxRequest {
  std::string base;   // only pairs with this currency on either side when set
  std::string quote;  // only pairs with this one on the other side when set
};

// `log`: every change recorded in the store, oldest first.
struct LogRequest {};

// `history NAME`: every claim and relation of an entity, current and ended, with the change
// that recorded and the change that ended each.
struct HistoryRequest {
  std::string name;
};

// `timeline NAME`: an entity's dated facts in order.
struct TimelineRequest {
  std::string name;
  std::string currency = {};  // as ShowRequest's: a "value_<cur>" column
};

// `compare NAME NAME...`: side by side, one column per entity.
struct CompareRequest {
  std::vector<std::string> names;
  // Attribute rows, in order. Default: the seed article's four dimensions.
  std::vector<std::string> attributes = {"primary_focus", "funding_status", "model_architecture",
                                         "market_position"};
  bool sources = false;     // a "<row> sources" row under each row
  bool all_values = false;  // every claim of an attribute, not only the best-ranked
};

// `table --kind KIND --columns C,C...`: one row per entity of a kind, the analyst's spreadsheet.
// Columns (docs/results.md): name, kind, aliases; any attribute of the kind; and compare's
// measures: total_raised_<cur>, raised_as_reported, latest_round, latest_round_amount,
// latest_round_date, latest_valuation, latest_valuation_<cur>, lead_investors, investors,
// rivals, rival_count (<cur>: any ISO 4217 code, lower case, such as usd).
struct TableRequest {
  std::string kind = "company";  // Default: company
  std::vector<std::string> columns = {"name", "total_raised_usd", "latest_valuation_usd",
                                      "investors"};
};

// `investors NAME`: who funded a company or a round.
struct InvestorsRequest {
  std::string name;
  std::string currency = {};  // as ShowRequest's: "amount_<cur>" and "share_<cur>" columns
};

// `portfolio NAME`: what an investor (or investing company) funded.
struct PortfolioRequest {
  std::string name;
  std::string currency = {};  // as ShowRequest's: "amount_<cur>" and "share_<cur>" columns
};

// `shared-investors NAME NAME... [--min K]`: investors common to several companies; with one
// name and no `min_companies`, the companies that share investors with it.
struct SharedInvestorsRequest {
  std::vector<std::string> names;
  std::optional<size_t> min_companies;  // Default: all of the names
  size_t limit = 100;                   // the one-name form's rows; Default: 100
};

// `rivals NAME [--depth N]`: rivals, and rivals of rivals.
struct RivalsRequest {
  std::string name;
  int depth = 1;  // Default: 1, direct rivals only
};

// `path FROM TO`: a shortest connection.
struct PathRequest {
  std::string from, to;
  std::set<std::string> via;  // relation types to follow; empty: all
  uint32_t max_hops = 8;      // Default: 8
  bool all = false;           // every shortest path (at most 100), not one
};

// `rank --by METRIC`.
struct RankRequest {
  std::string by = "degree";  // total-raised, valuation, investors, degree, pagerank, betweenness
  std::string kind;   // only this kind; total-raised, valuation, investors default to company
  size_t limit = 20;  // Default: 20
  // Betweenness: the sources to estimate it from (0: exact while that fits in about 5 s of
  // work, estimated from as many as fit beyond; the table's title then says so and gives the
  // error bound). Default: 0.
  size_t samples = 0;
  // Betweenness: called as sources are done, for a progress display. Default: none.
  std::function<void(size_t done, size_t total)> progress = {};
};

// `clusters`: connected groups, largest first.
struct ClustersRequest {
  std::set<std::string> via;  // relation types to follow; empty: all
  size_t members_shown = 12;  // members of a cluster listed, then "and N more"; Default: 12
};

// The graph, or a neighbourhood of it, as data: nodes, edges and their claims in long form
// (docs/results.md). What `export --format dot|graphml` draws, for scripts.
struct GraphRequest {
  std::string around;         // an entity's name: only what is within `depth` hops; Default: all
  int depth = 2;              // Default: 2
  std::set<std::string> via;  // relation types to follow; empty: all
};

using VerbRequest =
    std::variant<ShowRequest, FindRequest, ListRequest, InfoRequest, TimelineRequest,
                 CompareRequest, TableRequest, InvestorsRequest, PortfolioRequest,
                 SharedInvestorsRequest, RivalsRequest, PathRequest, RankRequest, ClustersRequest,
                 GraphRequest, FxRequest, LogRequest, HistoryRequest>;

struct Request {
  VerbRequest verb;
  ReadContext context;
};

}  // namespace landscape
