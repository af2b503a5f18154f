// Stand-alone driver for `demo-data` (the main buyergraph CLI adds the same subcommand); used to
// time the generator in Release builds without building the whole application.
#include <CLI/CLI.hpp>

#include "buyergraph/demo/cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"demo_data_tool"};
  app.require_subcommand(1);
  buyergraph::demo::add_demo_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
