// buyergraph-mock: the provider mock servers as a standalone process (docs/mock-providers.md).
#include <CLI/CLI.hpp>

#include "buyergraph/mock/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Loopback mock servers for CoreSignal, People Data Labs and Perplexity"};
  buyergraph::mock::add_mock_options(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
