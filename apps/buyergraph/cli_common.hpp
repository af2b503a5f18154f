#pragma once
// Helpers shared by the CLI commands.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "buyergraph/engine/registry.hpp"

namespace buyergraph::cli {

/// Folder of the running executable (plugins are looked up next to it).
std::filesystem::path exe_dir();

/// Loads plugins from the standard search path plus `extra`; prints failures to stderr when
/// `report_failures` is set.
void load_plugins(engine::PluginRegistry& registry, const std::vector<std::string>& extra,
                  bool report_failures);

/// Adds `--store PATH` with the wording every command shares. The store is then
/// `store::store_path(path)`: the option, else $BUYERGRAPH_STORE, else the user's store.
CLI::Option* add_store_option(CLI::App& cmd, std::string& path);

/// For commands that run pipelines: makes `--store` the store of every stage too (stages read
/// $BUYERGRAPH_STORE). Does nothing when `path` is empty.
void select_store(const std::string& path);

/// `now` in UTC, written with strftime's `format` (default ISO 8601 to the second:
/// "2026-12-07T00:50:00Z"), for run ids and stored timestamps.
std::string utc_text(std::chrono::system_clock::time_point now = std::chrono::system_clock::now(),
                     const char* format = "%Y-%m-%dT%H:%M:%SZ");

/// True when stderr is a terminal (progress bars) — false under CI and pipes.
bool stderr_is_tty();

}  // namespace buyergraph::cli
