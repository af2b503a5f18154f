#include "cli_common.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
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

CLI::Option* add_store_option(CLI::App& cmd, std::string& path) {
  return cmd.add_option("--store", path,
                        "Store file (default: $BUYERGRAPH_STORE, else "
                        "~/.local/share/buyergraph/store.db)");
}

void select_store(const std::string& path) {
  if (!path.empty()) ::setenv("BUYERGRAPH_STORE", path.c_str(), 1);
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) == 1; }

std::string utc_text(std::chrono::system_clock::time_point now, const char* format) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace buyergraph::cli
