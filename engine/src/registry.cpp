#include "buyergraph/engine/registry.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <dlfcn.h>

#include <fmt/format.h>
#include <boost/dll/shared_library.hpp>

#include "buyergraph/engine/diagnostics.hpp"
#include "buyergraph/engine/schema_check.hpp"

namespace buyergraph::engine {
namespace fs = std::filesystem;

namespace {

constexpr const char* kDescriptorSymbol = "buyergraph_plugin_descriptor";

// Collects what a plugin's register function adds, so a plugin is accepted or refused whole.
class CollectingRegistrar final : public sdk::Registrar {
 public:
  void add(sdk::StageSpec spec) override { specs.push_back(std::move(spec)); }
  void fail(std::string reason) override { failure = std::move(reason); }
  std::vector<sdk::StageSpec> specs;
  std::string failure;
};

std::string str_or(const char* s, const char* fallback) { return s ? std::string(s) : fallback; }

}  // namespace

PluginRegistry::PluginRegistry() = default;

PluginRegistry::~PluginRegistry() {
  // Specs hold function pointers and strings copied from plugins; drop them before the libraries.
  stages_.clear();
}

sdk::Status PluginRegistry::fail(const fs::path& file, std::string reason) {
  failures_.push_back({file.string(), reason});  // reason is also returned below
  return sdk::Status::error("plugin", file.string() + ": " + std::move(reason));
}

sdk::Status PluginRegistry::load_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return fail(file, "plugin file not found");
  std::string canonical = fs::canonical(file, ec).string();
  if (std::find(loaded_paths_.begin(), loaded_paths_.end(), canonical) != loaded_paths_.end())
    return sdk::Status::ok();

  auto lib = std::make_shared<boost::dll::shared_library>();
  boost::dll::fs::error_code load_ec;
  lib->load(file, load_ec, boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
  if (load_ec || !lib->is_loaded()) {
    const char* why = dlerror();
    return fail(file, "cannot load: " + (why ? std::string(why) : load_ec.message()));
  }
  if (!lib->has(kDescriptorSymbol))
    return fail(file,
                fmt::format("not a buyergraph plugin: missing symbol '{}' (declare the plugin "
                            "with BUYERGRAPH_PLUGIN)",
                            kDescriptorSymbol));

  // Read only the version fields before anything else: the rest of the layout may differ.
  const auto& desc = lib->get<const sdk::PluginDescriptor>(kDescriptorSymbol);
  if (desc.abi_major != sdk::kAbiMajor || desc.abi_minor > sdk::kAbiMinor)
    return fail(file,
                fmt::format("ABI mismatch: plugin built for SDK ABI {}.{}, this host provides "
                            "{}.{}; rebuild the plugin against this SDK",
                            desc.abi_major, desc.abi_minor, sdk::kAbiMajor, sdk::kAbiMinor));
  std::string tag = str_or(desc.build_tag, "");
  if (tag != BUYERGRAPH_BUILD_TAG)
    return fail(file, fmt::format("build mismatch: plugin built with '{}', this host with '{}'; "
                                  "rebuild the plugin with the same compiler and libraries",
                                  tag, BUYERGRAPH_BUILD_TAG));
  if (desc.register_stages == nullptr) return fail(file, "descriptor has no register function");

  PluginInfo info{str_or(desc.name, "?"),
                  str_or(desc.version, "?"),
                  str_or(desc.summary, ""),
                  file.string(),
                  {}};
  CollectingRegistrar reg;
  desc.register_stages(reg);
  if (!reg.failure.empty()) return fail(file, "registration failed: " + reg.failure);

  std::vector<StageDef> defs;
  for (auto& spec : reg.specs) {
    if (spec.name.empty()) return fail(file, "a stage has no name");
    if (spec.factory == nullptr) return fail(file, "stage '" + spec.name + "' has no factory");
    if (const StageDef* existing = find(spec.name))
      return fail(file,
                  fmt::format("duplicate stage name '{}': already provided by plugin '{}' ({})",
                              spec.name, existing->plugin, existing->plugin_path));
    for (const auto& d : defs)
      if (d.spec.name == spec.name)
        return fail(file, fmt::format("duplicate stage name '{}' within the plugin", spec.name));
    if (auto s = check_schema_text(spec.config_schema); !s)
      return fail(file, "stage '" + spec.name + "': " + s.error().message);
    StageDef def;
    def.schema = nlohmann::json::parse(spec.config_schema);
    def.plugin = info.name;
    def.plugin_path = file.string();
    def.library = lib;
    def.spec = std::move(spec);
    info.stages.push_back(def.spec.name);
    defs.push_back(std::move(def));
  }
  for (auto& d : defs) stages_.push_back(std::move(d));
  plugins_.push_back(std::move(info));
  loaded_paths_.push_back(canonical);
  return sdk::Status::ok();
}

void PluginRegistry::load_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    fail(dir, "plugin folder not found");
    return;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".so") files.push_back(e.path());
  std::sort(files.begin(), files.end());  // deterministic order, so duplicate errors are stable
  for (const auto& f : files) (void)load_file(f);
}

void PluginRegistry::load_search_path(const fs::path& exe_dir, const std::vector<fs::path>& extra) {
  std::error_code ec;
  if (fs::is_directory(exe_dir / "plugins", ec)) load_dir(exe_dir / "plugins");
  auto load_entry = [&](const fs::path& p) {
    if (fs::is_directory(p, ec))
      load_dir(p);
    else
      (void)load_file(p);
  };
  if (const char* env = std::getenv("BUYERGRAPH_PLUGIN_PATH")) {
    std::string s = env;
    std::size_t start = 0;
    while (start <= s.size()) {
      std::size_t end = s.find(':', start);
      std::string entry =
          s.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!entry.empty()) load_entry(entry);
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  for (const auto& p : extra) load_entry(p);
}

const StageDef* PluginRegistry::find(std::string_view name) const {
  for (const auto& s : stages_)
    if (s.spec.name == name) return &s;
  return nullptr;
}

std::string PluginRegistry::suggest(const std::string& name) const {
  std::vector<std::string> names;
  for (const auto& s : stages_) names.push_back(s.spec.name);
  return closest_match(name, names);
}

}  // namespace buyergraph::engine
