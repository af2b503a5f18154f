#pragma once
// What the run's budgets still allow. The host's ledger offers it as a second interface, so a
// stage that must buy several records or none can check before the first call:
//
//   if (const sdk::BudgetView* b = sdk::budget_of(ctx.host().ledger()))
//     if (auto left = b->credits_left(ctx.account().key); left && *left < needed) ...stop...
//
// A host without it (an older host, a test host) gives nullptr: no limit is known.
#include <optional>
#include <string_view>

#include <boost/config.hpp>

#include "buyergraph/sdk/host.hpp"

namespace buyergraph::sdk {

class BOOST_SYMBOL_VISIBLE BudgetView {
 public:
  virtual ~BudgetView();
  /// Credits `account` may still spend: the tighter of the per-account and per-run credit
  /// limits, less what is spent or in flight; nullopt when no credit limit applies.
  virtual std::optional<double> credits_left(std::string_view account) const = 0;
};

/// The budgets behind a ledger, or nullptr when the host does not offer them.
inline const BudgetView* budget_of(const Ledger* ledger) {
  return dynamic_cast<const BudgetView*>(ledger);
}

}  // namespace buyergraph::sdk
