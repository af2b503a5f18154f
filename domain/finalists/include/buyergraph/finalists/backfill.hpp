#pragma once
// Verify and backfill: a group ranked on cheap previews buys the full records of its members
// only. A full record can contradict its preview (the person left, changed title, was deleted,
// is a duplicate): such a member is re-screened out and replaced by the assembly's next spare
// for the same role, in rank order, in bounded rounds. Every swap is recorded with its reason.
// Provider-independent: a provider stage buys the records, this decides (docs/providers.md).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/screening/screen.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::finalists {

/// What buying one member's full record gave: the record, or why there is none.
struct Collected {
  std::optional<sdk::Person> person;  ///< the full record as the provider returned it
  std::string dropped;  ///< the provider's own "no record" reason (404, deleted, ...): a failure
  std::string error;    ///< the call failed (budget, dry run, transport): not a verdict
};

struct Options {
  int max_rounds = 3;        ///< collect rounds: the members, then at most max_rounds - 1 refills
  int max_replacements = 5;  ///< most members replaced per group (bounds a dry-run estimate)
  screening::ScreenOptions screen;
};

/// One group's verification, driven round by round by the stage that buys the records:
///
///   Backfill b(std::move(group), options);
///   while (!b.done()) {
///     std::map<std::string, Collected> answers;
///     for (const sdk::Person& p : b.to_collect()) answers[p.id] = buy(p);
///     b.settle(answers);
///   }
///   sdk::BuyerGroup verified = b.take();
class Backfill {
 public:
  Backfill(sdk::BuyerGroup group, Options options);

  /// The (preview) people whose full records this round needs; empty when done.
  std::vector<sdk::Person> to_collect() const;
  bool done() const;

  /// The most full records this verification can buy: the members still to buy plus the
  /// replacements it may take (bounded by max_replacements and by the spares there are).
  std::size_t most_to_buy() const;

  /// Buys nothing more: every member still to buy is kept as ranked from the preview, marked
  /// unverified with `reason` (e.g. the budget cannot cover the group).
  void stop(const std::string& reason);

  /// Takes the answers for this round's people (a missing answer counts as an error), verifies
  /// each member on its full record, replaces failures from the spares, starts the next round.
  void settle(const std::map<std::string, Collected>& answers);

  /// The group: verified members (full records), failures first in `excluded` with the reason,
  /// `coverage.verification` and `ledger.verification` (the swaps), call order recomputed.
  sdk::BuyerGroup take();

 private:
  struct Seat {
    sdk::Candidate candidate;
    enum class State { pending, verified, unverified, vacant } state = State::pending;
    std::string note;  ///< why unverified or vacant
  };

  std::optional<std::string> failure(Seat& seat, const sdk::Person& full) const;
  void replace(std::size_t seat, const std::string& reason);

  sdk::BuyerGroup group_;
  Options options_;
  std::vector<Seat> seats_;
  std::map<std::string, std::vector<sdk::Candidate>> spares_;  ///< per role, best last
  nlohmann::json swaps_ = nlohmann::json::array();
  int round_ = 1;
  int collected_ = 0;
  int replaced_ = 0;
};

}  // namespace buyergraph::finalists
