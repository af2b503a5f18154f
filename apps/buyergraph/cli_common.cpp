#include "cli_common.hpp"

#include <unistd.h>

#include <iostream>

namespace buyergraph::cli {

std::filesystem::path exe_dir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : p.parent_path();
}

void load_plugins(engine::PluginRegistry& registry, const std::vector<std::string>& extra,
                  bool report_failures) {
  std::vector<std::filesystem::path> paths(extra.begin(), extra.end());
  registry.load_search_path(exe_dir(), paths);
  if (report_failures)
    for (const auto& f : registry.failures())
      std::cerr << "warning: plugin " << f.path << ": " << f.reason << "\n";
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace buyergraph::cli
