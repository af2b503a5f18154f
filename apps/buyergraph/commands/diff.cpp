// `buyergraph diff RUN_A RUN_B`: who joined, left, changed role, title or contact status
// between two saved runs (the API's /v1/runs/{a}/diff/{b} says the same).
#include <iostream>

#include <fmt/format.h>

#include "buyergraph/store/store.hpp"
#include "buyergraph/text/terminal.hpp"
#include "cli_common.hpp"
#include "commands.hpp"
#include "run_diff.hpp"

namespace buyergraph::cli {

void add_diff_command(CLI::App& app) {
  static std::string run_a, run_b, store_opt;
  static bool json_out = false;
  auto* cmd =
      app.add_subcommand("diff", "What changed in a company's buyer group between two runs");
  cmd->add_option("RUN_A", run_a, "The earlier run id (from `buyergraph history`)")->required();
  cmd->add_option("RUN_B", run_b, "The later run id")->required();
  cmd->add_flag("--json", json_out, "Print the changes as JSON");
  add_store_option(*cmd, store_opt);
  cmd->callback([] {
    auto s = store::Store::open(store::store_path(store_opt));
    if (!s) {
      std::cerr << "error: " << s.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    auto a = (*s)->run_group(run_a);
    auto b = (*s)->run_group(run_b);
    for (const auto* missing : {a ? nullptr : &run_a, b ? nullptr : &run_b})
      if (missing) {
        std::cerr << fmt::format(
            "error: no run \"{}\" in {} (list runs with `buyergraph history COMPANY`)\n",
            text::terminal_safe(*missing), (*s)->path());
        throw CLI::RuntimeError(1);
      }
    const nlohmann::json d = diff_groups(*a, *b);
    if (json_out) {
      std::cout << d.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
    if (a->company.id != b->company.id)
      std::cerr << "note: the two runs are of different companies\n";
    std::cout << text::terminal_safe_lines(
        fmt::format("{} ({}) -> {}\n", run_a, a->company.name, run_b) + render_diff_text(d));
  });
}

}  // namespace buyergraph::cli
