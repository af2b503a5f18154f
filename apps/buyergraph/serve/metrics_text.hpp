#pragma once
// /metrics in the Prometheus text format: jobs, per-stage counts and latencies of the shared
// graph, provider calls and credits, cache hits, HTTP requests.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "buyergraph/engine/metrics.hpp"
#include "buyergraph/sdk/host.hpp"
#include "jobs.hpp"

namespace buyergraph::serve {

struct MetricsInput {
  JobQueue::Counts jobs;
  std::vector<engine::StageMetrics> stages;
  std::vector<sdk::LedgerLine> ledger;
  int streams = 0;
  std::map<std::pair<std::string, int>, std::uint64_t> requests;  ///< (route, status) -> count
  std::map<std::string, double> request_seconds;                  ///< route -> total seconds
};

std::string prometheus_text(const MetricsInput& in);

}  // namespace buyergraph::serve
