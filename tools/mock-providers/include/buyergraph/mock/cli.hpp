#pragma once
// The `mock` command: runs the loopback provider mocks until SIGINT/SIGTERM.
#include <CLI/CLI.hpp>

namespace buyergraph::mock {

/// Adds `mock` (options --store, --port, --latency-ms, --jitter-ms, --rate, --credits,
/// --fault, --fault-endpoint, --key, --providers, --retry-after) to the CLI.
///
///   CLI::App app{"buyergraph"};
///   buyergraph::mock::add_mock_command(app);   // buyergraph mock --store s.db --port 0
void add_mock_command(CLI::App& app);

/// Adds the same options to `app` itself and runs the server from its callback; what the
/// standalone `buyergraph-mock` binary does.
///
///   CLI::App app{"buyergraph-mock"};
///   buyergraph::mock::add_mock_options(app);
///   CLI11_PARSE(app, argc, argv);
void add_mock_options(CLI::App& app);

}  // namespace buyergraph::mock
