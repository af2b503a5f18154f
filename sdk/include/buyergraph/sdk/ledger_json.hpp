#pragma once
// The host ledger's lines as the report's `ledger` fields.
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/host.hpp"

namespace buyergraph::sdk {

/// Writes `lines` into a report ledger object: `by_provider.<resource>` gets calls, paid_calls,
/// cache_hits, denied, credits, cost (USD) and, in a dry run, estimated_calls /
/// estimated_credits / estimated_cost; `total_credits` and `total_cost` become the sums, and
/// `currency` is "USD". Other fields (`per_member`) are kept.
///
///   if (auto* l = ctx.host().ledger()) apply_ledger(group.ledger, l->account(ctx.account().key));
void apply_ledger(nlohmann::json& ledger, const std::vector<LedgerLine>& lines);

}  // namespace buyergraph::sdk
