// Resolution -> JSON for the CLI and reports.
#include "buyergraph/resolve/resolver.hpp"

#include <cmath>

namespace buyergraph::resolve {
namespace {
nlohmann::json brief(const sdk::Company& c) {
  return {{"id", c.id}, {"name", c.name}, {"domain", c.domains.empty() ? "" : c.domains.front()}};
}
}  // namespace

nlohmann::json to_json(const Resolution& r) {
  nlohmann::json j;
  j["query"] = r.query;
  j["kind"] = r.kind;
  j["status"] = r.status;
  j["company"] = r.company ? brief(*r.company) : nlohmann::json(nullptr);
  j["confidence"] = std::round(r.confidence * 1000.0) / 1000.0;
  if (r.company) {
    const Evidence& e = r.evidence;
    j["evidence"] = {{"rule", e.rule},
                     {"field", e.field},
                     {"matched", e.matched},
                     {"tokens", e.tokens},
                     {"ignored", e.ignored}};
  } else {
    j["evidence"] = nullptr;
  }
  j["candidates"] = nlohmann::json::array();
  for (const auto& c : r.candidates) {
    auto cj = brief(c.company);
    cj["score"] = std::round(c.score * 1000.0) / 1000.0;
    cj["reasons"] = c.reasons;
    j["candidates"].push_back(std::move(cj));
  }
  j["reason"] = r.reason;
  j["warnings"] = r.warnings;
  return j;
}

}  // namespace buyergraph::resolve
