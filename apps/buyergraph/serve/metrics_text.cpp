#include "metrics_text.hpp"

#include <fmt/format.h>

namespace buyergraph::serve {
namespace {

// Label values are quoted; a backslash, quote or newline in one is escaped (text format 0.0.4).
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string prometheus_text(const MetricsInput& in) {
  std::string o;
  family(o, "buyergraph_jobs", "gauge", "Groups waiting for the graph or in it.");
  o += fmt::format("buyergraph_jobs{{state=\"queued\"}} {}\n", in.jobs.queued);
  o += fmt::format("buyergraph_jobs{{state=\"running\"}} {}\n", in.jobs.running);
  family(o, "buyergraph_jobs_total", "counter", "Groups by how they ended (submitted: all).");
  for (auto [state, n] : {std::pair{"submitted", in.jobs.submitted},
                          {"done", in.jobs.done},
                          {"failed", in.jobs.failed},
                          {"cancelled", in.jobs.cancelled},
                          {"refused", in.jobs.refused}})
    o += fmt::format("buyergraph_jobs_total{{state=\"{}\"}} {}\n", state, n);

  family(o, "buyergraph_stage_items_total", "counter", "Items per stage of the shared graph.");
  for (const auto& s : in.stages)
    for (auto [kind, n] : {std::pair{"in", s.in},
                           {"out", s.out},
                           {"dropped", s.dropped},
                           {"errors", s.errors},
                           {"skipped", s.skipped}})
      o += fmt::format("buyergraph_stage_items_total{{stage=\"{}\",kind=\"{}\"}} {}\n", label(s.id),
                       kind, n);
  family(o, "buyergraph_stage_latency_seconds", "summary", "Time per stage call.");
  for (const auto& s : in.stages) {
    for (auto [q, ms] : {std::pair{"0.5", s.p50_ms}, {"0.95", s.p95_ms}, {"0.99", s.p99_ms}})
      o += fmt::format("buyergraph_stage_latency_seconds{{stage=\"{}\",quantile=\"{}\"}} {:.6f}\n",
                       label(s.id), q, ms / 1000);
    o += fmt::format("buyergraph_stage_latency_seconds_sum{{stage=\"{}\"}} {:.6f}\n", label(s.id),
                     s.busy_s);
    o += fmt::format("buyergraph_stage_latency_seconds_count{{stage=\"{}\"}} {}\n", label(s.id),
                     s.in);
  }

  family(o, "buyergraph_provider_calls_total", "counter", "Provider calls per resource.");
  for (const auto& l : in.ledger) {
    o += fmt::format("buyergraph_provider_calls_total{{resource=\"{}\",kind=\"all\"}} {}\n",
                     label(l.resource), l.calls);
    o += fmt::format("buyergraph_provider_calls_total{{resource=\"{}\",kind=\"paid\"}} {}\n",
                     label(l.resource), l.paid_calls);
    o += fmt::format("buyergraph_provider_calls_total{{resource=\"{}\",kind=\"denied\"}} {}\n",
                     label(l.resource), l.denied);
  }
  family(o, "buyergraph_cache_hits_total", "counter", "Provider answers served from the cache.");
  for (const auto& l : in.ledger)
    o += fmt::format("buyergraph_cache_hits_total{{resource=\"{}\"}} {}\n", label(l.resource),
                     l.cache_hits);
  family(o, "buyergraph_credits_total", "counter", "Provider credits spent.");
  for (const auto& l : in.ledger)
    o += fmt::format("buyergraph_credits_total{{resource=\"{}\"}} {:g}\n", label(l.resource),
                     l.credits);

  family(o, "buyergraph_http_requests_total", "counter", "API requests by route and status.");
  for (const auto& [key, n] : in.requests)
    o += fmt::format("buyergraph_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                     label(key.first), key.second, n);
  family(o, "buyergraph_http_request_seconds_total", "counter", "Time spent answering, by route.");
  for (const auto& [route, s] : in.request_seconds)
    o += fmt::format("buyergraph_http_request_seconds_total{{route=\"{}\"}} {:.6f}\n", label(route),
                     s);
  family(o, "buyergraph_event_streams", "gauge", "Open event streams.");
  o += fmt::format("buyergraph_event_streams {}\n", in.streams);
  return o;
}

}  // namespace buyergraph::serve
