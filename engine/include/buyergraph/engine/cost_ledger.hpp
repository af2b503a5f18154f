#pragma once
// The run's cost ledger and budgets: every HTTP call the host makes is recorded here, per
// account and per resource, and paid calls reserve their price against the budgets first.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/budget.hpp"
#include "buyergraph/sdk/host.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::engine {

/// `resources.budget` of a pipeline file. A limit of 0 means "no limit".
///
///   auto b = parse_budget(json{{"max_credits_per_account", 200}});
struct Budget {
  double max_credits_per_account = 0;
  double max_credits_per_run = 0;
  double max_usd_per_account = 0;
  double max_usd_per_run = 0;
  bool limited() const {
    return max_credits_per_account > 0 || max_credits_per_run > 0 || max_usd_per_account > 0 ||
           max_usd_per_run > 0;
  }
};

/// Reads `resources.budget`; null gives no limits. Errors name the field.
sdk::Result<Budget> parse_budget(const nlohmann::json& budget);

/// Thread-safe ledger with budget reservations. A paid call first `reserve`s its expected
/// credits (refused when a budget would be exceeded), then `settle`s the real charge when it is
/// answered (or `release`s the reservation when it is not billed).
///
///   CostLedger ledger(budget);
///   auto denied = ledger.reserve("acct-1", "coresignal", 20, 0.0);
///   if (!denied) ...send...; ledger.settle("acct-1", "coresignal", 20, {20, 0.02});
class CostLedger final : public sdk::Ledger, public sdk::BudgetView {
 public:
  explicit CostLedger(Budget budget = {}, bool dry_run = false);

  std::vector<sdk::LedgerLine> account(std::string_view key) const override;
  std::vector<sdk::LedgerLine> run() const override;
  bool dry_run() const override { return dry_run_; }
  void estimate(std::string_view account, std::string_view resource, std::uint64_t calls,
                double credits) override;
  std::optional<double> credits_left(std::string_view account) const override;

  /// Reserves `credits` (and `usd`) for a paid call; returns why it is refused (and counts the
  /// refusal), or nullopt.
  std::optional<std::string> reserve(std::string_view account, std::string_view resource,
                                     double credits, double usd);
  /// Replaces a reservation by the real charge of a billed answer.
  void settle(std::string_view account, std::string_view resource, double reserved_credits,
              double reserved_usd, const sdk::Charge& charge);
  /// Drops a reservation: the call was not billed (error, not 2xx, cancelled).
  void release(std::string_view account, double reserved_credits, double reserved_usd);
  /// Counts an answered call (sent or from the cache).
  void count_call(std::string_view account, std::string_view resource, bool cache_hit);
  /// Adds a dry-run estimate in money (an LLM call) next to credits.
  void estimate_usd(std::string_view account, std::string_view resource, double usd);

  const Budget& budget() const { return budget_; }
  /// Credits charged so far (settled), for the whole run.
  double run_credits() const;

 private:
  struct Spend {
    double credits = 0, usd = 0;                    // settled
    double reserved_credits = 0, reserved_usd = 0;  // in flight
  };
  sdk::LedgerLine& line(std::string_view account, std::string_view resource);  // under mu_
  Spend& unreserve(std::string_view account, double credits, double usd);      // under mu_
  static std::vector<sdk::LedgerLine> lines(const std::map<std::string, sdk::LedgerLine>& m);

  mutable std::mutex mu_;
  Budget budget_;
  bool dry_run_;
  Spend run_spend_;
  std::map<std::string, Spend, std::less<>> account_spend_;
  std::map<std::string, std::map<std::string, sdk::LedgerLine>, std::less<>> accounts_;
  std::map<std::string, sdk::LedgerLine> run_;
};

}  // namespace buyergraph::engine
