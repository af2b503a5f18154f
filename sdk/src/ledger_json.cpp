#include "buyergraph/sdk/ledger_json.hpp"

namespace buyergraph::sdk {

void apply_ledger(nlohmann::json& ledger, const std::vector<LedgerLine>& lines) {
  if (!ledger.is_object()) ledger = nlohmann::json::object();
  nlohmann::json& by = ledger["by_provider"];
  if (!by.is_object()) by = nlohmann::json::object();
  double credits = 0, usd = 0;
  for (const auto& l : lines) {
    nlohmann::json& p = by[l.resource];
    if (!p.is_object()) p = nlohmann::json::object();
    p["calls"] = l.calls;
    p["paid_calls"] = l.paid_calls;
    p["cache_hits"] = l.cache_hits;
    p["denied"] = l.denied;
    p["credits"] = l.credits;
    p["cost"] = l.usd;
    if (l.estimated_calls > 0 || l.estimated_credits > 0 || l.estimated_usd > 0) {
      p["estimated_calls"] = l.estimated_calls;
      p["estimated_credits"] = l.estimated_credits;
      p["estimated_cost"] = l.estimated_usd;
    }
    credits += l.credits;
    usd += l.usd;
  }
  // Providers not in the host ledger (the local store) keep their per-person credits.
  for (const auto& item : by.items()) {
    const std::string& name = item.key();
    if (std::none_of(lines.begin(), lines.end(),
                     [&name](const LedgerLine& l) { return l.resource == name; }))
      credits += item.value().value("credits", 0.0);
  }
  ledger["currency"] = "USD";
  ledger["total_credits"] = credits;
  ledger["total_cost"] = usd;
}

}  // namespace buyergraph::sdk
