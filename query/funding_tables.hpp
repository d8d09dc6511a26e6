#pragma once
// Funding verbs, answered locally (docs/queries.md): who funded a company, what an investor
// funded, which investors several companies share.

#include <optional>
#include <string>
#include <vector>

#include "landscape/request.hpp"
#include "landscape/result_table.hpp"
#include "landscape/status.hpp"
#include "storage/store.hpp"

namespace landscape {

// `landscape investors NAME`: for a company, everyone invested in the rounds it raised; for a
// funding round, its participants. Columns: investor_id, investor, round, stage, date, amount
// (the round's), share (the investor's, when stated), lead, sources (of the invested_in fact).
Result<ResultTable> InvestorsTable(const Store& store, const InvestorsRequest& request,
                                   const ReadContext& context = {});

// `landscape portfolio NAME`: the rounds an investor (or investing company) took part in.
// Columns: company_id, company, round, stage, date, amount, share, lead, sources.
Result<ResultTable> PortfolioTable(const Store& store, const PortfolioRequest& request,
                                   const ReadContext& context = {});

// `landscape shared-investors NAME NAME... [--min K]`: investors in rounds of at least
// `min_companies` of the named companies (default: all of them). Columns: investor_id,
// investor, companies (how many of the named), backs (their names), rounds (round ids).
// Most shared first, then by name. With one name and no `min_companies`, the neighbourhood
// form below.
Result<ResultTable> SharedInvestorsTable(const Store& store, const SharedInvestorsRequest& request,
                                         const ReadContext& context = {});

// `landscape shared-investors NAME` (one name, the neighbourhood form): the companies that share
// at least one investor with the company, most shared first, then by id; the first `limit`.
// Columns: company_id, company, shared (how many investors in common), investors (their
// names, sorted). Read locally: the company's rounds, their investors, the other rounds of those
// investors and who raised them, reading keys only (entities are decoded for the rows shown,
// and for the rounds' dates with --as-of).
Result<ResultTable> CoInvestedCompaniesTable(const Store& store, const std::string& name,
                                             size_t limit = 100, const ReadContext& context = {});

}  // namespace landscape
