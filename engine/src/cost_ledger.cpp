#include "buyergraph/engine/cost_ledger.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace buyergraph::engine {

sdk::Result<Budget> parse_budget(const nlohmann::json& j) {
  Budget b;
  if (j.is_null()) return b;
  if (!j.is_object()) return sdk::Error{"invalid_config", "resources.budget must be an object"};
  for (const auto& [key, value] : j.items()) {
    double* field = key == "max_credits_per_account" ? &b.max_credits_per_account
                    : key == "max_credits_per_run"   ? &b.max_credits_per_run
                    : key == "max_usd_per_account"   ? &b.max_usd_per_account
                    : key == "max_usd_per_run"       ? &b.max_usd_per_run
                                                     : nullptr;
    if (field == nullptr)
      return sdk::Error{"invalid_config",
                        "resources.budget." + key +
                            ": unknown field (max_credits_per_account, max_credits_per_run, "
                            "max_usd_per_account, max_usd_per_run)"};
    if (!value.is_number() || value.get<double>() < 0)
      return sdk::Error{"invalid_config",
                        "resources.budget." + key + ": expected a number >= 0 (0 = no limit)"};
    *field = value.get<double>();
  }
  return b;
}

CostLedger::CostLedger(Budget budget, bool dry_run) : budget_(budget), dry_run_(dry_run) {}

sdk::LedgerLine& CostLedger::line(std::string_view account, std::string_view resource) {
  auto it = accounts_.find(account);
  if (it == accounts_.end())
    it = accounts_.emplace(std::string(account), decltype(it->second){}).first;
  auto& l = it->second[std::string(resource)];
  l.resource = resource;
  return l;
}

std::optional<std::string> CostLedger::reserve(std::string_view account, std::string_view resource,
                                               double credits, double usd) {
  std::lock_guard lk(mu_);
  Spend& a = account_spend_[std::string(account)];
  // A credit limit is passed when the spend plus what is in flight plus this call would pass
  // it. A money limit likewise, except for a call priced only after its answer (no money known
  // up front, an LLM's tokens): that one is refused once the spend has reached the limit.
  auto over_credits = [&](double limit, double spent) {
    return limit > 0 && credits > 0 && spent + credits > limit + 1e-9;
  };
  auto over_usd = [&](double limit, double spent) {
    return limit > 0 && (usd > 0 ? spent + usd > limit + 1e-12 : spent >= limit - 1e-12);
  };
  std::optional<std::string> why;
  if (over_credits(budget_.max_credits_per_account, a.credits + a.reserved_credits))
    why = fmt::format("per-account budget of {:g} credits reached ({:g} spent or in flight)",
                      budget_.max_credits_per_account, a.credits + a.reserved_credits);
  else if (over_credits(budget_.max_credits_per_run,
                        run_spend_.credits + run_spend_.reserved_credits))
    why =
        fmt::format("per-run budget of {:g} credits reached ({:g} spent or in flight)",
                    budget_.max_credits_per_run, run_spend_.credits + run_spend_.reserved_credits);
  else if (over_usd(budget_.max_usd_per_account, a.usd + a.reserved_usd))
    why = fmt::format("per-account budget of ${:g} reached", budget_.max_usd_per_account);
  else if (over_usd(budget_.max_usd_per_run, run_spend_.usd + run_spend_.reserved_usd))
    why = fmt::format("per-run budget of ${:g} reached", budget_.max_usd_per_run);
  if (why) {
    for (sdk::LedgerLine* l : {&line(account, resource), &run_[std::string(resource)]}) {
      l->resource = resource;
      ++l->denied;
    }
    return why;
  }
  a.reserved_credits += credits;
  a.reserved_usd += usd;
  run_spend_.reserved_credits += credits;
  run_spend_.reserved_usd += usd;
  return std::nullopt;
}

void CostLedger::settle(std::string_view account, std::string_view resource,
                        double reserved_credits, double reserved_usd, const sdk::Charge& charge) {
  std::lock_guard lk(mu_);
  Spend& a = unreserve(account, reserved_credits, reserved_usd);
  a.credits += charge.credits;
  a.usd += charge.usd;
  run_spend_.credits += charge.credits;
  run_spend_.usd += charge.usd;
  if (charge.credits <= 0 && charge.usd <= 0) return;
  for (sdk::LedgerLine* l : {&line(account, resource), &run_[std::string(resource)]}) {
    l->resource = resource;
    ++l->paid_calls;
    l->credits += charge.credits;
    l->usd += charge.usd;
  }
}

void CostLedger::release(std::string_view account, double reserved_credits, double reserved_usd) {
  std::lock_guard lk(mu_);
  unreserve(account, reserved_credits, reserved_usd);
}

CostLedger::Spend& CostLedger::unreserve(std::string_view account, double credits, double usd) {
  Spend& a = account_spend_[std::string(account)];
  for (Spend* s : {&a, &run_spend_}) {
    s->reserved_credits -= credits;
    s->reserved_usd -= usd;
  }
  return a;
}

void CostLedger::count_call(std::string_view account, std::string_view resource, bool cache_hit) {
  std::lock_guard lk(mu_);
  for (sdk::LedgerLine* l : {&line(account, resource), &run_[std::string(resource)]}) {
    l->resource = resource;
    ++l->calls;
    if (cache_hit) ++l->cache_hits;
  }
}

void CostLedger::estimate(std::string_view account, std::string_view resource, std::uint64_t calls,
                          double credits) {
  std::lock_guard lk(mu_);
  for (sdk::LedgerLine* l : {&line(account, resource), &run_[std::string(resource)]}) {
    l->resource = resource;
    l->estimated_calls += calls;
    l->estimated_credits += credits;
  }
}

void CostLedger::estimate_usd(std::string_view account, std::string_view resource, double usd) {
  std::lock_guard lk(mu_);
  for (sdk::LedgerLine* l : {&line(account, resource), &run_[std::string(resource)]}) {
    l->resource = resource;
    l->estimated_usd += usd;
  }
}

std::vector<sdk::LedgerLine> CostLedger::lines(const std::map<std::string, sdk::LedgerLine>& m) {
  std::vector<sdk::LedgerLine> out;
  out.reserve(m.size());
  for (const auto& [name, l] : m) out.push_back(l);
  return out;
}

std::vector<sdk::LedgerLine> CostLedger::account(std::string_view key) const {
  std::lock_guard lk(mu_);
  auto it = accounts_.find(key);
  return it == accounts_.end() ? std::vector<sdk::LedgerLine>{} : lines(it->second);
}

std::vector<sdk::LedgerLine> CostLedger::run() const {
  std::lock_guard lk(mu_);
  return lines(run_);
}

std::optional<double> CostLedger::credits_left(std::string_view account) const {
  std::lock_guard lk(mu_);
  std::optional<double> left;
  auto limit = [&](double max, double spent) {
    if (max <= 0) return;
    const double l = std::max(0.0, max - spent);
    left = left ? std::min(*left, l) : l;
  };
  double spent = 0;
  if (auto it = account_spend_.find(account); it != account_spend_.end())
    spent = it->second.credits + it->second.reserved_credits;
  limit(budget_.max_credits_per_account, spent);
  limit(budget_.max_credits_per_run, run_spend_.credits + run_spend_.reserved_credits);
  return left;
}

double CostLedger::run_credits() const {
  std::lock_guard lk(mu_);
  return run_spend_.credits;
}

}  // namespace buyergraph::engine
