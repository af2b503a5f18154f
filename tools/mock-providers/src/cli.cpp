// The `mock` command and the buyergraph-mock binary's options.
#include "buyergraph/mock/cli.hpp"

#include <csignal>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "buyergraph/mock/server.hpp"

namespace buyergraph::mock {

namespace {

struct CliOptions {
  MockConfig config;
  int port = 0;
  std::string fault;
  std::string fault_endpoint;
  std::vector<std::string> keys;
  std::vector<std::string> providers;
  bool counters_json = false;
};

/// "KIND[:every=N][:p=X][:seed=S][:delay=MS]", e.g. "503:every=3" or "malformed:p=0.1:seed=7".
bool parse_fault(const std::string& spec, FaultConfig& out, std::string& problem) {
  std::stringstream in(spec);
  std::string part;
  std::getline(in, part, ':');
  out.kind = parse_fault_kind(part);
  if (out.kind == FaultKind::none) {
    problem = "unknown fault kind '" + part +
              "' (expected 500, 502, 503, truncated, malformed, timeout, failed, no-usage, "
              "no-message, bad-json, echo-key)";
    return false;
  }
  while (std::getline(in, part, ':')) {
    auto eq = part.find('=');
    std::string key = part.substr(0, eq),
                value = eq == std::string::npos ? "" : part.substr(eq + 1);
    try {
      std::size_t used = 0;
      if (key == "every")
        out.every_nth = std::stoi(value, &used);
      else if (key == "p")
        out.probability = std::stod(value, &used);
      else if (key == "seed")
        out.seed = std::stoull(value, &used);
      else if (key == "delay")
        out.delay_ms = std::stoi(value, &used);
      else {
        problem = "unknown fault option '" + key + "' (expected every, p, seed, delay)";
        return false;
      }
      if (used != value.size()) throw std::invalid_argument(value);
    } catch (const std::exception&) {
      problem = "bad value '";
      problem += value;
      problem += "' for fault option '";
      problem += key;
      problem += '\'';
      return false;
    }
  }
  if (out.every_nth <= 0 && out.probability <= 0) {
    problem = "fault '" + spec + "' never fires: give every=N or p=X";
    return false;
  }
  return true;
}

void run(CliOptions& o) {
  std::string problem;
  if (!o.fault.empty() && !parse_fault(o.fault, o.config.faults, problem)) {
    std::cerr << "mock: " << problem << "\n";
    throw CLI::RuntimeError(1);
  }
  o.config.faults.endpoint_prefix = o.fault_endpoint;
  o.config.api_keys = {o.keys.begin(), o.keys.end()};
  if (!o.providers.empty()) {
    o.config.serve_coresignal = o.config.serve_pdl = o.config.serve_perplexity =
        o.config.serve_apollo = false;
    for (const auto& p : o.providers) {
      if (p == "coresignal")
        o.config.serve_coresignal = true;
      else if (p == "pdl")
        o.config.serve_pdl = true;
      else if (p == "apollo")
        o.config.serve_apollo = true;
      else if (p == "perplexity")
        o.config.serve_perplexity = true;
      else {
        std::cerr << "mock: unknown provider '" << p
                  << "' (expected coresignal, pdl, perplexity, apollo)\n";
        throw CLI::RuntimeError(1);
      }
    }
  }
  // Block the stop signals before the server threads start, so they inherit the mask and
  // sigwait() below is the only place that receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  MockServer server(o.config);
  auto port = server.start(static_cast<std::uint16_t>(o.port));
  if (port == 0) {
    std::cerr << "mock: " << server.last_error() << "\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << "listening on http://127.0.0.1:" << port << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  server.stop();
  auto c = server.counters();
  std::cerr << "mock: stopped; " << c.requests << " requests, " << c.credits_spent
            << " credits spent, " << c.rate_limited << " rate-limited, " << c.faults
            << " faults, peak concurrency " << c.peak_concurrent << "\n";
  if (o.counters_json)  // for a parent process (`buyergraph bench`) to read
    std::cout << nlohmann::json{{"requests", c.requests},
                                {"credits_spent", c.credits_spent},
                                {"rate_limited", c.rate_limited},
                                {"faults", c.faults},
                                {"peak_concurrent", c.peak_concurrent},
                                {"calls", c.calls}}
                     .dump()
              << std::endl;
}

void add_options(CLI::App& app, const std::shared_ptr<CliOptions>& o) {
  app.add_option("--store", o->config.store_path, "SQLite store to serve (buyergraph import)")
      ->required();
  app.add_option("--port", o->port, "Port on 127.0.0.1; 0 picks a free one")
      ->check(CLI::Range(0, 65535));
  app.add_option("--latency-ms", o->config.latency_ms, "Added latency per request")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--jitter-ms", o->config.jitter_ms, "Plus uniform 0..N ms")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--rate", o->config.rate_per_second,
                 "Requests per second per key and provider (429 beyond); 0 = unlimited")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--credits", o->config.credits, "Credit balance; negative = unlimited");
  app.add_option("--fault", o->fault,
                 "KIND[:every=N][:p=X][:seed=S][:delay=MS]; kinds 500, 502, 503, truncated, "
                 "malformed, timeout, failed, no-usage, no-message, bad-json, echo-key");
  app.add_option("--fault-endpoint", o->fault_endpoint,
                 "Only endpoints starting with this name (e.g. coresignal.employee)");
  app.add_option("--key", o->keys, "Accepted API key (repeatable); none = any non-empty key");
  app.add_option("--providers", o->providers, "coresignal, pdl, perplexity (default: all)")
      ->delimiter(',');
  app.add_option("--retry-after", o->config.perplexity_retry_after_s,
                 "Retry-After seconds on Perplexity 429s (0 = none)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--legacy-status", o->config.perplexity_legacy_status,
                 "Status for retired Perplexity chat completions (0 = answer them)");
  app.add_flag("--counters-json", o->counters_json,
               "When stopped, also print the counters as one JSON line on stdout");
  app.callback([o] { run(*o); });
}

}  // namespace

void add_mock_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("mock", "Run mock CoreSignal, PDL and Perplexity servers");
  add_options(*cmd, std::make_shared<CliOptions>());
}

void add_mock_options(CLI::App& app) { add_options(app, std::make_shared<CliOptions>()); }

}  // namespace buyergraph::mock
