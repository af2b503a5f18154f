#pragma once
// Helpers shared by the CLI commands.
#include <filesystem>
#include <string>
#include <vector>

#include "buyergraph/engine/registry.hpp"

namespace buyergraph::cli {

/// Folder of the running executable (plugins are looked up next to it).
std::filesystem::path exe_dir();

/// Loads plugins from the standard search path plus `extra`; prints failures to stderr when
/// `report_failures` is set.
void load_plugins(engine::PluginRegistry& registry, const std::vector<std::string>& extra,
                  bool report_failures);

/// True when stderr is a terminal (progress bars) — false under CI and pipes.
bool stderr_is_tty();

}  // namespace buyergraph::cli
