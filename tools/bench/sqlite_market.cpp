#include "sqlite_market.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_support.hpp"
#include "landscape/date.hpp"
#include "landscape/decimal.hpp"
#include "landscape/money.hpp"

namespace landscape_bench {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// SQLite helpers: every failure is fatal, since a benchmark cannot go on without its data.

[[noreturn]] void DieSqlite(sqlite3* db, std::string_view what) {
  Die(fmt::format("sqlite: {}: {}", what, sqlite3_errmsg(db)));
}

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    Die(fmt::format("sqlite: {}: {}", sql, message));
  }
}

sqlite3_stmt* Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  // Persistent: each statement is prepared once and run many times.
  if (sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    DieSqlite(db, "preparing " + sql);
  }
  return stmt;
}

void BindText(sqlite3_stmt* s, int i, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies, so callers may bind temporaries.
  sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void BindOptionalText(sqlite3_stmt* s, int i, const std::optional<std::string>& text) {
  if (text) {
    BindText(s, i, *text);
  } else {
    sqlite3_bind_null(s, i);
  }
}

void BindOptionalInt(sqlite3_stmt* s, int i, std::optional<int64_t> v) {
  if (v) {
    sqlite3_bind_int64(s, i, *v);
  } else {
    sqlite3_bind_null(s, i);
  }
}

std::string ColumnText(sqlite3_stmt* s, int i) {
  const unsigned char* text = sqlite3_column_text(s, i);
  if (!text) return "";
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_column_bytes(s, i))};
}

// Runs a bound query, calls row(s) for each row, and resets it for the next use.
template <typename Row>
void ForEachRow(sqlite3_stmt* s, Row&& row) {
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) row(s);
  if (rc != SQLITE_DONE) DieSqlite(sqlite3_db_handle(s), sqlite3_sql(s));
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
}

std::string YyyyMmDd(int32_t day) {
  return fmt::format("{:04}-{:02}-{:02}", day / 10000, day / 100 % 100, day % 100);
}

// ---------------------------------------------------------------------------------------------
// Schema. WITHOUT ROWID tables keyed by the column the queries start from; the primary keys
// also refuse a fact given twice. The second index of each relation table is built after the
// rows are in (one sort instead of a million random inserts).

constexpr const char* kCreateTables = R"sql(
CREATE TABLE companies(id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE investors(id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE rounds(id TEXT PRIMARY KEY, name TEXT NOT NULL, stage TEXT, date TEXT,
                    date_last TEXT, amount_cents INTEGER, currency TEXT) WITHOUT ROWID;
CREATE TABLE raised(company TEXT NOT NULL, round TEXT NOT NULL,
                    PRIMARY KEY(company, round)) WITHOUT ROWID;
CREATE TABLE invested_in(round TEXT NOT NULL, investor TEXT NOT NULL, share_cents INTEGER,
                         currency TEXT, lead INTEGER NOT NULL,
                         PRIMARY KEY(round, investor)) WITHOUT ROWID;
CREATE TABLE rival_of(a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE TABLE fx(base TEXT NOT NULL, quote TEXT NOT NULL, first_day TEXT NOT NULL,
                rate_micro INTEGER NOT NULL, PRIMARY KEY(base, quote, first_day)) WITHOUT ROWID;
)sql";

constexpr const char* kCreateIndexes = R"sql(
CREATE INDEX raised_by_round ON raised(round);
CREATE INDEX invested_in_by_investor ON invested_in(investor);
CREATE INDEX rival_of_by_b ON rival_of(b);
)sql";

// ---------------------------------------------------------------------------------------------
// Loading

enum class Kind : uint8_t { kCompany, kInvestor, kRound, kSource };

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kCompany:
      return "company";
    case Kind::kInvestor:
      return "investor";
    case Kind::kRound:
      return "funding_round";
    case Kind::kSource:
      return "source";
  }
  return "?";
}

struct ParsedMoney {
  int64_t cents = 0;
  std::string currency;
};

// A relation whose endpoints are checked once every entity is known (forward references).
struct PendingRelation {
  int64_t line = 0;
  std::string type;
  std::string from;
  std::string to;
};

class Loader {
 public:
  Loader(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~Loader() {
    for (sqlite3_stmt* s : {company_, investor_, round_, raised_, invested_in_, rival_of_, fx_}) {
      sqlite3_finalize(s);
    }
  }
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  void Run(std::istream& in);

 private:
  [[noreturn]] void Fail(std::string_view what) const {
    Die(fmt::format("{}:{}: {}", path_, line_, what));
  }
  void Record(const json& j);
  void Entity(const json& j);
  void Round(const std::string& id, const std::string& name, const json& attributes);
  void Relation(const json& j);
  void CheckEndpoints(const PendingRelation& r);
  void FxRate(const json& j);
  void Insert(sqlite3_stmt* s, std::string_view what);

  // Field access that names the line on a missing or mistyped field.
  const json& Field(const json& j, const char* key) const;
  std::string Text(const json& j, const char* key) const;
  const json& Value(const json& v, const char* key) const;
  ParsedMoney ParseMoney(const json& v, const char* key) const;
  landscape::Date ParseDate(const json& v, const char* key) const;

  sqlite3* db_;
  std::string path_;
  int64_t line_ = 0;
  sqlite3_stmt* company_ = nullptr;
  sqlite3_stmt* investor_ = nullptr;
  sqlite3_stmt* round_ = nullptr;
  sqlite3_stmt* raised_ = nullptr;
  sqlite3_stmt* invested_in_ = nullptr;
  sqlite3_stmt* rival_of_ = nullptr;
  sqlite3_stmt* fx_ = nullptr;
  struct Known {
    Kind kind;
    int64_t line;
  };
  std::unordered_map<std::string, Known> entities_;
  std::vector<PendingRelation> pending_;
};

void Loader::Run(std::istream& in) {
  Exec(db_, "BEGIN");
  Exec(db_, kCreateTables);
  company_ = Prepare(db_, "INSERT INTO companies VALUES(?1, ?2)");
  investor_ = Prepare(db_, "INSERT INTO investors VALUES(?1, ?2)");
  round_ = Prepare(db_, "INSERT INTO rounds VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  raised_ = Prepare(db_, "INSERT INTO raised VALUES(?1, ?2)");
  invested_in_ = Prepare(db_, "INSERT INTO invested_in VALUES(?1, ?2, ?3, ?4, ?5)");
  rival_of_ = Prepare(db_, "INSERT INTO rival_of VALUES(?1, ?2)");
  fx_ = Prepare(db_, "INSERT INTO fx VALUES(?1, ?2, ?3, ?4)");
  std::string text;
  while (std::getline(in, text)) {
    ++line_;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) Fail("not a JSON object");
    Record(j);
  }
  if (in.bad()) Die(fmt::format("reading {} failed", path_));
  for (const PendingRelation& r : pending_) CheckEndpoints(r);
  Exec(db_, kCreateIndexes);
  Exec(db_, "COMMIT");
}

void Loader::Record(const json& j) {
  auto type = j.find("type");
  if (type == j.end()) {
    if (line_ == 1 && j.contains("format") && j["format"] == "landscape/1") return;
    Fail("a line needs a \"type\"");
  }
  if (!type->is_string()) Fail("\"type\" is not a string");
  const std::string& t = type->get_ref<const std::string&>();
  if (t == "entity" || t == "source") {
    Entity(j);
  } else if (t == "relation") {
    Relation(j);
  } else if (t == "fx_rate") {
    FxRate(j);
  } else {
    Fail(fmt::format("type '{}' is not supported by the SQLite loader", t));
  }
}

void Loader::Entity(const json& j) {
  std::string id = Text(j, "id");
  bool source = j["type"] == "source";
  std::string kind = source && !j.contains("kind") ? "source" : Text(j, "kind");
  Kind k;
  if (kind == "company") {
    k = Kind::kCompany;
  } else if (kind == "investor") {
    k = Kind::kInvestor;
  } else if (kind == "funding_round") {
    k = Kind::kRound;
  } else if (kind == "source") {
    k = Kind::kSource;
  } else {
    Fail(fmt::format("kind '{}' is not supported by the SQLite loader", kind));
  }
  auto [it, fresh] = entities_.try_emplace(id, Known{k, line_});
  if (!fresh)
    Fail(fmt::format("entity '{}' is defined twice (first at line {})", id, it->second.line));
  if (k == Kind::kSource) return;  // cited only; no operation reads sources
  std::string name = Text(j, "name");
  static const json kNoAttributes = json::object();
  auto attributes = j.find("attributes");
  const json& attrs = attributes == j.end() ? kNoAttributes : *attributes;
  if (!attrs.is_object()) Fail("\"attributes\" is not an object");
  if (k == Kind::kRound) {
    Round(id, name, attrs);
    return;
  }
  sqlite3_stmt* s = k == Kind::kCompany ? company_ : investor_;
  BindText(s, 1, id);
  BindText(s, 2, name);
  Insert(s, "entity");
}

void Loader::Round(const std::string& id, const std::string& name, const json& attributes) {
  std::optional<std::string> stage, date, date_last, currency;
  std::optional<int64_t> cents;
  if (attributes.contains("stage")) {
    const json& v = Value(attributes["stage"], "stage");
    if (!v.is_string()) Fail("stage is not a string");
    stage = v.get<std::string>();
  }
  if (attributes.contains("announced")) {
    landscape::Date d = ParseDate(attributes["announced"], "announced");
    date = d.ToString();
    date_last = YyyyMmDd(d.LastDay());
  }
  if (attributes.contains("amount")) {
    ParsedMoney m = ParseMoney(attributes["amount"], "amount");
    cents = m.cents;
    currency = m.currency;
  }
  BindText(round_, 1, id);
  BindText(round_, 2, name);
  BindOptionalText(round_, 3, stage);
  BindOptionalText(round_, 4, date);
  BindOptionalText(round_, 5, date_last);
  BindOptionalInt(round_, 6, cents);
  BindOptionalText(round_, 7, currency);
  Insert(round_, "funding round");
}

void Loader::Relation(const json& j) {
  PendingRelation r{line_, Text(j, "relation"), Text(j, "from"), Text(j, "to")};
  if (r.from == r.to) Fail("a relation needs two entities");
  static const json kNoProperties = json::object();
  auto properties = j.find("properties");
  const json& props = properties == j.end() ? kNoProperties : *properties;
  if (!props.is_object()) Fail("\"properties\" is not an object");
  if (r.type == "raised") {
    BindText(raised_, 1, r.from);
    BindText(raised_, 2, r.to);
    Insert(raised_, "raised relation");
  } else if (r.type == "invested_in") {
    std::optional<int64_t> share;
    std::optional<std::string> currency;
    if (props.contains("amount")) {
      ParsedMoney m = ParseMoney(props["amount"], "amount");
      share = m.cents;
      currency = m.currency;
    }
    bool lead = false;
    if (props.contains("lead")) {
      const json& v = Value(props["lead"], "lead");
      if (!v.is_boolean()) Fail("lead is not true or false");
      lead = v.get<bool>();
    }
    BindText(invested_in_, 1, r.to);
    BindText(invested_in_, 2, r.from);
    BindOptionalInt(invested_in_, 3, share);
    BindOptionalText(invested_in_, 4, currency);
    sqlite3_bind_int(invested_in_, 5, lead ? 1 : 0);
    Insert(invested_in_, "invested_in relation");
  } else if (r.type == "rival_of") {
    // Symmetric: stored with a < b, as Landscape stores it, so (b, a) is the same row.
    BindText(rival_of_, 1, std::min(r.from, r.to));
    BindText(rival_of_, 2, std::max(r.from, r.to));
    Insert(rival_of_, "rival_of relation");
  } else {
    Fail(fmt::format("relation '{}' is not supported by the SQLite loader", r.type));
  }
  if (entities_.contains(r.from) && entities_.contains(r.to)) {
    CheckEndpoints(r);
  } else {
    pending_.push_back(std::move(r));
  }
}

// The endpoint kinds the built-in schema allows (core/schema.cpp), for the kinds loaded here.
void Loader::CheckEndpoints(const PendingRelation& r) {
  auto kind_of = [&](const std::string& id) {
    auto it = entities_.find(id);
    if (it == entities_.end()) {
      Die(fmt::format("{}:{}: at /{}: unknown entity '{}'", path_, r.line,
                      id == r.from ? "from" : "to", id));
    }
    return it->second.kind;
  };
  Kind from = kind_of(r.from);
  Kind to = kind_of(r.to);
  bool ok = r.type == "raised" ? from == Kind::kCompany && to == Kind::kRound
            : r.type == "invested_in"
                ? (from == Kind::kCompany || from == Kind::kInvestor) && to == Kind::kRound
                : from == Kind::kCompany && to == Kind::kCompany;
  if (!ok) {
    Die(fmt::format("{}:{}: a {} relation cannot go from '{}' (kind {}) to '{}' (kind {})", path_,
                    r.line, r.type, r.from, KindName(from), r.to, KindName(to)));
  }
}

void Loader::FxRate(const json& j) {
  std::string base = Text(j, "base");
  std::string quote = Text(j, "quote");
  if (!landscape::IsCurrencyCode(base) || !landscape::IsCurrencyCode(quote)) {
    Fail("base or quote is not an ISO 4217 currency code");
  }
  // Landscape would invert a USD→X rate to convert X to USD (12 decimals); this loader keeps
  // only direct rates, so it refuses what it could not answer alike.
  if (base == "USD") Fail("a rate from USD is not supported by the SQLite loader");
  landscape::Date date = ParseDate(Field(j, "date"), "date");
  const json& r = Field(j, "rate");
  // A JSON number is read back through its shortest round-trip text, the literal as written
  // for any rate of up to 15 digits.
  std::string text = r.is_string() ? r.get<std::string>() : r.is_number() ? r.dump() : "";
  auto rate = landscape::Decimal::Parse(text);
  if (!rate.ok() || rate->is_negative() || rate->is_zero()) Fail("rate is not a positive decimal");
  auto micro = rate->ScaledByPowerOfTen(6);
  if (!micro.ok() || !micro->is_integer()) Fail("rate has more than 6 decimals");
  BindText(fx_, 1, base);
  BindText(fx_, 2, quote);
  BindText(fx_, 3, YyyyMmDd(date.FirstDay()));
  sqlite3_bind_int64(fx_, 4, micro->mantissa());
  Insert(fx_, "FX rate");
}

void Loader::Insert(sqlite3_stmt* s, std::string_view what) {
  int rc = sqlite3_step(s);
  if (rc == SQLITE_CONSTRAINT) {
    Fail(fmt::format("this {} is given twice ({})", what, sqlite3_errmsg(db_)));
  }
  if (rc != SQLITE_DONE) DieSqlite(db_, sqlite3_sql(s));
  sqlite3_reset(s);
}

const json& Loader::Field(const json& j, const char* key) const {
  auto it = j.find(key);
  if (it == j.end()) Fail(fmt::format("missing \"{}\"", key));
  return *it;
}

std::string Loader::Text(const json& j, const char* key) const {
  const json& v = Field(j, key);
  if (!v.is_string()) Fail(fmt::format("\"{}\" is not a string", key));
  return v.get<std::string>();
}

// The value of an attribute or property written bare, as one claim object or as an array of
// one claim. Several claims would need Landscape's ranking by confidence, which the generator
// never calls for.
const json& Loader::Value(const json& v, const char* key) const {
  if (v.is_object() && v.contains("value")) return v["value"];
  if (v.is_array() && !v.empty() && v[0].is_object() && v[0].contains("value")) {
    if (v.size() != 1) Fail(fmt::format("{}: several claims are not supported", key));
    return v[0]["value"];
  }
  return v;
}

ParsedMoney Loader::ParseMoney(const json& v, const char* key) const {
  const json& value = Value(v, key);
  if (!value.is_string()) Fail(fmt::format("{} is not an amount of money", key));
  auto money = landscape::Money::Parse(value.get_ref<const std::string&>());
  if (!money.ok()) Fail(fmt::format("{}: {}", key, money.status().message()));
  if (money->amount.is_negative()) Fail(fmt::format("{} is negative", key));
  auto cents = money->amount.ScaledByPowerOfTen(2);
  if (!cents.ok() || !cents->is_integer()) {
    Fail(fmt::format("{} '{}' is not a whole number of cents", key, value.get<std::string>()));
  }
  return {cents->mantissa(), money->currency};
}

landscape::Date Loader::ParseDate(const json& v, const char* key) const {
  const json& value = Value(v, key);
  if (!value.is_string()) Fail(fmt::format("{} is not a date", key));
  auto date = landscape::Date::Parse(value.get_ref<const std::string&>());
  if (!date.ok()) Fail(fmt::format("{}: {}", key, date.status().message()));
  return *date;
}

// ---------------------------------------------------------------------------------------------
// Queries

// Q1: the rows of every invested_in edge into the company's rounds.
constexpr const char* kInvestorsSql = R"sql(
SELECT i.investor, i.round, i.share_cents, i.currency, r.date, i.lead
FROM raised ra
JOIN invested_in i ON i.round = ra.round
JOIN rounds r ON r.id = ra.round
WHERE ra.company = ?1
)sql";

// Q2: the investors of the company's rounds, then every round they invested in, grouped by the
// company that raised it.
constexpr const char* kSharedSql = R"sql(
WITH mine AS (
  SELECT DISTINCT i.investor FROM raised ra JOIN invested_in i ON i.round = ra.round
  WHERE ra.company = ?1)
SELECT ra.company, COUNT(DISTINCT m.investor) AS shared
FROM mine m
JOIN invested_in i ON i.investor = m.investor
JOIN raised ra ON ra.round = i.round
WHERE ra.company <> ?1
GROUP BY ra.company
ORDER BY shared DESC, ra.company
LIMIT 100
)sql";

// Q3: the neighbours of one entity over the three relations, either direction; each branch is
// one index range (the primary key or the second index of its table).
constexpr const char* kNeighboursSql = R"sql(
SELECT round FROM raised WHERE company = ?1
UNION ALL SELECT company FROM raised WHERE round = ?1
UNION ALL SELECT investor FROM invested_in WHERE round = ?1
UNION ALL SELECT round FROM invested_in WHERE investor = ?1
UNION ALL SELECT b FROM rival_of WHERE a = ?1
UNION ALL SELECT a FROM rival_of WHERE b = ?1
)sql";

constexpr const char* kAdjacentSql = R"sql(
SELECT EXISTS(SELECT 1 FROM raised WHERE company = ?1 AND round = ?2)
    OR EXISTS(SELECT 1 FROM raised WHERE company = ?2 AND round = ?1)
    OR EXISTS(SELECT 1 FROM invested_in WHERE investor = ?1 AND round = ?2)
    OR EXISTS(SELECT 1 FROM invested_in WHERE investor = ?2 AND round = ?1)
    OR EXISTS(SELECT 1 FROM rival_of WHERE a = min(?1, ?2) AND b = max(?1, ?2))
)sql";

// Q4. Each amount is converted at the latest rate dated on or before the last day of its
// round's date as Landscape converts (docs/queries.md, "Currency"): the exact product, rounded
// to the rate's significant digits, then to the cent; the total is rounded to the unit of its
// least precise converted part. Those roundings are the UDFs landscape_convert(cents, micro),
// landscape_unit(cents, micro) and landscape_round(cents, unit) (below, in 128-bit integers:
// SQLite would turn an overflowing product into a double). USD amounts need no rate. A company
// with a round that has no rate has no total: HAVING drops it when a converted amount is NULL.
// MATERIALIZED keeps SQLite from inlining the rate subquery.
constexpr const char* kTotalsSql = R"sql(
WITH amounts AS MATERIALIZED (
  SELECT ra.company AS company, r.amount_cents AS cents, r.currency = 'USD' AS in_usd,
         CASE WHEN r.currency = 'USD' THEN NULL ELSE (
           SELECT fx.rate_micro FROM fx
           WHERE fx.base = r.currency AND fx.quote = 'USD' AND fx.first_day <= r.date_last
           ORDER BY fx.first_day DESC LIMIT 1) END AS micro
  FROM raised ra JOIN rounds r ON r.id = ra.round
  WHERE r.amount_cents IS NOT NULL),
converted AS (
  SELECT company, CASE WHEN in_usd THEN cents ELSE landscape_convert(cents, micro) END AS usd,
         CASE WHEN in_usd THEN 0 ELSE landscape_unit(cents, micro) END AS unit
  FROM amounts)
SELECT company, landscape_round(SUM(usd), MAX(unit)) AS total FROM converted
GROUP BY company
HAVING COUNT(usd) = COUNT(*)
ORDER BY total DESC, company
LIMIT ?1
)sql";

__extension__ typedef __int128 Int128;

Int128 PowerOfTen(int n) {
  Int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Rounds half away from zero to a multiple of `unit`.
Int128 RoundToUnit(Int128 v, Int128 unit) {
  Int128 q = v / unit, r = v % unit;
  if (r * 2 >= unit) ++q;
  if (r * 2 <= -unit) --q;
  return q * unit;
}

// The significant digits of a rate given in millionths: its six fraction digits without
// trailing zeros, as a decimal is written.
int RateDigits(int64_t micro) {
  for (int i = 0; i < 6 && micro % 10 == 0; ++i) micro /= 10;
  return static_cast<int>(std::to_string(micro < 0 ? -micro : micro).size());
}

// The digits of cents × micro below the rate's significant digits: the power of ten, in
// 10^-8 of the currency, that the product is rounded at.
int DroppedDigits(Int128 product, int64_t micro) {
  int length = 0;
  for (Int128 m = product < 0 ? -product : product; m > 0; m /= 10) ++length;
  return std::max(length - RateDigits(micro), 0);
}

// cents × (micro / 10^6), to the rate's significant digits, then to the cent.
int64_t ConvertCents(int64_t cents, int64_t micro) {
  Int128 product = static_cast<Int128>(cents) * micro;  // in 10^-8 of the currency
  int drop = DroppedDigits(product, micro);
  if (drop > 0) product = RoundToUnit(product, PowerOfTen(drop));
  return static_cast<int64_t>(RoundToUnit(product, 1'000'000) / 1'000'000);
}

// The power of ten, in cents, of the last significant digit of ConvertCents' result.
int64_t UnitOfCents(int64_t cents, int64_t micro) {
  return std::max(DroppedDigits(static_cast<Int128>(cents) * micro, micro) - 6, 0);
}

// A UDF of two integers that is NULL when either is.
template <int64_t (*kFunction)(int64_t, int64_t)>
void IntegerFunction(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL || sqlite3_value_type(args[1]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  sqlite3_result_int64(context,
                       kFunction(sqlite3_value_int64(args[0]), sqlite3_value_int64(args[1])));
}

// A total in cents rounded to a multiple of 10^unit cents.
int64_t RoundCents(int64_t cents, int64_t unit) {
  return static_cast<int64_t>(RoundToUnit(cents, PowerOfTen(static_cast<int>(unit))));
}

// The companies that raised a round, by their number of Q1 rows.
constexpr const char* kActivitySql = R"sql(
SELECT ra.company, COUNT(i.investor) AS n
FROM raised ra LEFT JOIN invested_in i ON i.round = ra.round
GROUP BY ra.company
ORDER BY n DESC, ra.company
)sql";

sqlite3* OpenDb(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    Die(fmt::format("sqlite: cannot open {}: {}", path, message));
  }
  sqlite3_extended_result_codes(db, 0);  // so SQLITE_CONSTRAINT compares plainly
  return db;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

void SqliteMarket::DbCloser::operator()(sqlite3* db) const { sqlite3_close(db); }
void SqliteMarket::StatementFinalizer::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }

SqliteMarket::SqliteMarket(sqlite3* db) : db_(db) {
  investors_.reset(Prepare(db, kInvestorsSql));
  shared_.reset(Prepare(db, kSharedSql));
  neighbours_.reset(Prepare(db, kNeighboursSql));
  adjacent_.reset(Prepare(db, kAdjacentSql));
  using Udf = void (*)(sqlite3_context*, int, sqlite3_value**);
  for (auto [name, function] :
       {std::pair<const char*, Udf>{"landscape_convert", IntegerFunction<ConvertCents>},
        {"landscape_unit", IntegerFunction<UnitOfCents>},
        {"landscape_round", IntegerFunction<RoundCents>}}) {
    if (sqlite3_create_function(db, name, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                nullptr, function, nullptr, nullptr) != SQLITE_OK) {
      Die(fmt::format("sqlite: cannot define {}: {}", name, sqlite3_errmsg(db)));
    }
  }
  totals_.reset(Prepare(db, kTotalsSql));
  activity_.reset(Prepare(db, kActivitySql));
}

SqliteMarket::~SqliteMarket() = default;

std::unique_ptr<SqliteMarket> SqliteMarket::Load(const std::string& jsonl_path,
                                                 const std::string& db_path) {
  std::error_code ec;
  if (std::filesystem::exists(db_path, ec)) Die(fmt::format("{} already exists", db_path));
  // Opened before the database is created, so that a missing file leaves nothing behind.
  std::ifstream in(jsonl_path, std::ios::binary);
  if (!in) Die(fmt::format("cannot read {}", jsonl_path));
  sqlite3* db = OpenDb(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  // A rollback journal rather than WAL: the file starts empty, so the journal stays tiny and
  // every page is written once (WAL would write each twice, then checkpoint). FULL syncs the
  // commit, so the data is durable when Load returns. The large cache holds the primary-key
  // B-trees while rows arrive in file order, and index sorts run in memory.
  Exec(db,
       "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA cache_size=-524288;"
       "PRAGMA temp_store=MEMORY");
  {
    Loader loader(db, jsonl_path);
    loader.Run(in);
  }
  // Fresh connection settings for the queries; the statements are prepared after the load so
  // that they see the indexes.
  Exec(db, "PRAGMA cache_size=-65536");
  return std::unique_ptr<SqliteMarket>(new SqliteMarket(db));
}

std::unique_ptr<SqliteMarket> SqliteMarket::Open(const std::string& db_path) {
  sqlite3* db = OpenDb(db_path, SQLITE_OPEN_READONLY);
  Exec(db, "PRAGMA cache_size=-65536");
  return std::unique_ptr<SqliteMarket>(new SqliteMarket(db));
}

InvestorsAnswer SqliteMarket::Investors(const std::string& company_id) {
  InvestorsAnswer rows;
  BindText(investors_.get(), 1, company_id);
  ForEachRow(investors_.get(), [&](sqlite3_stmt* s) {
    InvestorRow row;
    row.investor_id = ColumnText(s, 0);
    row.round_id = ColumnText(s, 1);
    if (sqlite3_column_type(s, 2) != SQLITE_NULL) row.share_cents = sqlite3_column_int64(s, 2);
    row.currency = ColumnText(s, 3);
    row.date = ColumnText(s, 4);
    row.lead = sqlite3_column_int(s, 5) != 0;
    rows.push_back(std::move(row));
  });
  std::sort(rows.begin(), rows.end());
  return rows;
}

SharedAnswer SqliteMarket::SharedInvestorCompanies(const std::string& company_id) {
  SharedAnswer companies;
  BindText(shared_.get(), 1, company_id);
  ForEachRow(shared_.get(), [&](sqlite3_stmt* s) {
    companies.push_back({ColumnText(s, 0), sqlite3_column_int64(s, 1)});
  });
  return companies;
}

// Breadth first from `from`, one level at a time, each entity's neighbours read with one
// prepared statement over the indexes; stops as soon as `to` is reached, which is on the
// first level that reaches it, so the path is a shortest one.
PathAnswer SqliteMarket::ShortestPath(const std::string& from, const std::string& to,
                                      int max_hops) {
  PathAnswer answer;
  std::unordered_map<std::string, std::string> parent{{from, ""}};
  std::vector<std::string> frontier{from};
  bool reached = from == to;
  for (int hop = 1; hop <= max_hops && !reached && !frontier.empty(); ++hop) {
    std::vector<std::string> next;
    for (const std::string& node : frontier) {
      BindText(neighbours_.get(), 1, node);
      ForEachRow(neighbours_.get(), [&](sqlite3_stmt* s) {
        if (reached) return;  // drain the rest of the rows
        std::string id = ColumnText(s, 0);
        if (!parent.try_emplace(id, node).second) return;
        reached = id == to;
        next.push_back(std::move(id));
      });
      if (reached) break;
    }
    frontier = std::move(next);
  }
  if (!reached) return answer;
  answer.found = true;
  for (std::string id = to; id != from; id = parent[id]) answer.ids.push_back(id);
  answer.ids.push_back(from);
  std::reverse(answer.ids.begin(), answer.ids.end());
  return answer;
}

bool SqliteMarket::Adjacent(const std::string& a, const std::string& b) {
  bool adjacent = false;
  BindText(adjacent_.get(), 1, a);
  BindText(adjacent_.get(), 2, b);
  ForEachRow(adjacent_.get(), [&](sqlite3_stmt* s) { adjacent = sqlite3_column_int(s, 0) != 0; });
  return adjacent;
}

TotalsAnswer SqliteMarket::TopTotalRaisedUsd(size_t limit) {
  TotalsAnswer totals;
  sqlite3_bind_int64(totals_.get(), 1, static_cast<int64_t>(limit));
  ForEachRow(totals_.get(), [&](sqlite3_stmt* s) {
    // SUM stops with an error on integer overflow; a REAL here would mean a product overflowed.
    if (sqlite3_column_type(s, 1) != SQLITE_INTEGER) Die("sqlite: a USD total is not an integer");
    totals.push_back({ColumnText(s, 0), sqlite3_column_int64(s, 1)});
  });
  return totals;
}

MarketParameters SqliteMarket::ChooseParameters() {
  std::vector<std::string> busiest_first;
  ForEachRow(activity_.get(), [&](sqlite3_stmt* s) { busiest_first.push_back(ColumnText(s, 0)); });
  MarketParameters p;
  size_t m = busiest_first.size();
  if (m <= 20) {
    p.companies = busiest_first;
  } else {
    for (size_t k = 0; k < 5; ++k) p.companies.push_back(busiest_first[k]);
    for (size_t k = 0; k < 15; ++k) p.companies.push_back(busiest_first[5 + k * (m - 5) / 15]);
  }
  // Pairs of a busy company with a quiet one of the chosen list, from both ends inwards.
  size_t n = p.companies.size();
  size_t pairs = std::min<size_t>(10, n / 2);  // k = 0 .. min(9, n/2 - 1)
  for (size_t k = 0; k < pairs; ++k) {
    p.path_pairs.emplace_back(p.companies[k], p.companies[n - 1 - k]);
  }
  return p;
}

}  // namespace landscape_bench
