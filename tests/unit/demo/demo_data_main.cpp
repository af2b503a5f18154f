// Stand-alone driver for `demo-data` (the main buyergraph CLI adds the same subcommand); used to
// time the generator in Release builds without linking the whole application.
#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"demo_data_tool"};
  app.require_subcommand(1);
  buyergraph::cli::add_demo_command(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
