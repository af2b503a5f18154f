#pragma once
// The runtime: builds a oneTBB flow graph from a Plan and streams accounts through it.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "buyergraph/engine/host_services.hpp"
#include "buyergraph/engine/metrics.hpp"
#include "buyergraph/engine/pipeline.hpp"
#include "buyergraph/sdk/record.hpp"

namespace buyergraph::engine {

/// Where accounts come from. `next()` is called from one thread at a time.
class AccountSource {
 public:
  virtual ~AccountSource() = default;
  virtual std::optional<sdk::Account> next() = 0;
};

/// Accounts from a vector.
class VectorAccountSource final : public AccountSource {
 public:
  explicit VectorAccountSource(std::vector<sdk::Account> accounts)
      : accounts_(std::move(accounts)) {}
  std::optional<sdk::Account> next() override {
    if (pos_ >= accounts_.size()) return std::nullopt;
    return accounts_[pos_++];
  }

 private:
  std::vector<sdk::Account> accounts_;
  std::size_t pos_ = 0;
};

enum class AccountStatus { ok, partial, failed, cancelled };
std::string_view to_string(AccountStatus s) noexcept;

/// An error attached to one item of an account.
struct ItemError {
  std::string stage;
  std::string code;
  std::string message;
};

/// What happened to one account.
struct AccountResult {
  sdk::Account account;
  AccountStatus status = AccountStatus::ok;
  std::string error_code;  ///< why the account failed ("ambiguous", "not_found", ...)
  std::string error_message;
  std::vector<sdk::Item> outputs;  ///< items that reached a sink or the end of the pipeline
  std::vector<ItemError> errors;
  std::uint64_t dropped = 0;  ///< items filtered out on purpose
  double seconds = 0;         ///< admission to completion
};

/// Called as accounts finish (from worker threads, one call at a time).
using AccountCallback = std::function<void(const AccountResult&)>;

struct RunOptions {
  int max_accounts_in_flight = 0;  ///< 0 = the plan's runtime setting
  double timeout_s = -1;           ///< <0 = the plan's; 0 = none
  int threads = 0;                 ///< TBB worker threads; 0 = all cores
  bool keep_outputs = true;        ///< false: count outputs only (benchmarks, huge runs)
  /// false: each account's outputs reach `on_account` and are then dropped from the run
  /// report, so a long run (batch) holds one account's outputs at a time, not all of them.
  bool keep_results_outputs = true;
  /// false: finished accounts reach `on_account` only and the run report lists none, so an
  /// endless run (a server) does not grow with every account it has seen.
  bool keep_results = true;
  AccountCallback on_account;  ///< progress, incremental writing
  /// true: the runner keeps the accounts in flight by key (keys must be unique), for
  /// Runner::cancel_account and Runner::account_progress (a server watching each request).
  bool track_accounts = false;
};

struct RunReport {
  std::vector<AccountResult> accounts;  ///< in completion order
  std::vector<StageMetrics> stages;     ///< in plan order
  double seconds = 0;
  std::int64_t peak_live_items = 0;  ///< most items alive in the graph at once
  std::uint64_t outputs = 0;
  bool cancelled = false;
  bool timed_out = false;
  std::string failure;  ///< non-empty when the run could not start (a stage failed to build)
};

/// One run of a plan. Build, then `run()`; `cancel()` may be called from any thread.
///
///   Runner runner(plan, host);
///   VectorAccountSource src(accounts);   // std::vector<sdk::Account>
///   RunReport report = runner.run(src, {});
///
/// Soft cancel stops admitting accounts and lets those in flight finish; hard cancel also
/// drops queued items and fires pending timers as cancelled, so the run returns promptly.
/// Accounts that finished keep their results either way.
class Runner {
 public:
  Runner(const Plan& plan, HostServices& host);
  ~Runner();
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  RunReport run(AccountSource& source, const RunOptions& options);
  void cancel(bool hard) noexcept;
  /// The stages' counters so far, for watching a long run (a server). Call only while run() is
  /// running and its source has been asked for an account (the stages exist from then on).
  std::vector<StageMetrics> metrics_so_far() const;
  /// With RunOptions::track_accounts: stops one account in flight. Its items skip the stages
  /// they have not reached, calls in flight see `ctx.cancelled()`, and it finishes as
  /// `cancelled`; the other accounts go on. False when no account with `key` is in flight.
  bool cancel_account(const std::string& key);
  /// With RunOptions::track_accounts: the furthest stage (index in the plan, in file order) an
  /// item of the account has entered, -1 before the first; nullopt when it is not in flight.
  std::optional<int> account_progress(const std::string& key) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace buyergraph::engine
