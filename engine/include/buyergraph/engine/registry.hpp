#pragma once
// Plugin loading (Boost.DLL) and the registry of every stage the loaded plugins provide.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/plugin.hpp"

namespace boost::dll {
class shared_library;
}

namespace buyergraph::engine {

/// A stage offered by a loaded plugin. `library` keeps the plugin loaded while anything built
/// from this stage is alive.
struct StageDef {
  sdk::StageSpec spec;
  nlohmann::json schema;  ///< spec.config_schema, parsed
  std::string plugin;
  std::string plugin_path;
  std::shared_ptr<boost::dll::shared_library> library;
};

struct PluginInfo {
  std::string name, version, summary, path;
  std::vector<std::string> stages;
};

/// A file that could not be used, and why.
struct PluginFailure {
  std::string path;
  std::string reason;
};

/// Loads plugins and finds stages by name.
///
///   PluginRegistry reg;
///   reg.load_search_path(exe_dir, {});            // next to the binary + BUYERGRAPH_PLUGIN_PATH
///   if (auto* def = reg.find("test.generate")) ...
///   for (auto& f : reg.failures()) std::cerr << f.path << ": " << f.reason << "\n";
///
/// Libraries are never unloaded before the registry is destroyed, and objects built by a
/// plugin hold a reference to its library. Not thread-safe while loading; lookups are.
class PluginRegistry {
 public:
  PluginRegistry();
  ~PluginRegistry();
  PluginRegistry(const PluginRegistry&) = delete;
  PluginRegistry& operator=(const PluginRegistry&) = delete;

  /// Loads one plugin file. On failure returns the reason and also records it in failures().
  sdk::Status load_file(const std::filesystem::path& file);
  /// Loads every `*.so` in a folder (not recursive); failures are recorded and loading goes on.
  /// A missing folder is recorded as a failure too.
  void load_dir(const std::filesystem::path& dir);
  /// Loads `<exe_dir>/plugins`, then each entry of BUYERGRAPH_PLUGIN_PATH (':'-separated files
  /// or folders), then `extra` (files or folders, e.g. from a pipeline's `plugins.paths`).
  void load_search_path(const std::filesystem::path& exe_dir,
                        const std::vector<std::filesystem::path>& extra);

  const StageDef* find(std::string_view stage_name) const;
  /// Stage names close to `name`, best first (for "did you mean").
  std::string suggest(const std::string& name) const;
  const std::vector<StageDef>& stages() const { return stages_; }
  const std::vector<PluginInfo>& plugins() const { return plugins_; }
  const std::vector<PluginFailure>& failures() const { return failures_; }

 private:
  sdk::Status fail(const std::filesystem::path& file, std::string reason);
  std::vector<StageDef> stages_;
  std::vector<PluginInfo> plugins_;
  std::vector<PluginFailure> failures_;
  std::vector<std::string> loaded_paths_;  // canonical, to load each file once
};

}  // namespace buyergraph::engine
