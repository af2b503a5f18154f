#pragma once
// Plugin descriptor, stage registration and the export macro.
#include <concepts>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/config.hpp>
#include <nlohmann/json.hpp>

#include "buyergraph/sdk/abi.hpp"
#include "buyergraph/sdk/host.hpp"
#include "buyergraph/sdk/options.hpp"
#include "buyergraph/sdk/stage.hpp"

namespace buyergraph::sdk {

/// What a factory gets to build one stage instance.
struct StageInit {
  std::string stage_id;   ///< the pipeline's id for this stage
  nlohmann::json config;  ///< the stage's `with:`, validated against its schema, defaults filled
  Host* host = nullptr;
  std::string pipeline_dir;  ///< folder of the pipeline file, to resolve relative paths
};

/// Builds a stage or reports why it cannot. Must not throw (use `make_factory`).
using StageFactory = std::unique_ptr<Stage> (*)(const StageInit&, Error&) noexcept;

/// Everything the host needs to check, document and build a stage. One spec drives lint,
/// `buyergraph plugins inspect`, the docs and the factory's configuration.
struct StageSpec {
  std::string name;  ///< dotted, family first: "provider.local.search_people"
  StageKind kind = StageKind::map;
  Execution execution = Execution::cpu;
  std::string input_type;   ///< record type consumed ("account", "company", ...; "*" = any)
  std::string output_type;  ///< record type produced ("" for sinks; "*" = same as input)
  std::string summary;      ///< one line
  std::string docs;         ///< longer Markdown
  std::string config_schema = R"({"type":"object","additionalProperties":false})";  ///< JSON Schema
  StageFactory factory = nullptr;
};

/// A stage type that declares its options: `using Options = ...;` and a static `options()`
/// returning their OptionsSpec. Its constructor takes `(const StageInit&, Options)`.
template <class T>
concept StageWithOptions = requires {
  typename T::Options;
  { T::options() } -> std::convertible_to<OptionsSpec<typename T::Options>>;
};

/// The options spec of stage type T, built once.
template <StageWithOptions T>
const OptionsSpec<typename T::Options>& options_of() {
  static const OptionsSpec<typename T::Options> spec = T::options();
  return spec;
}

/// Wraps T's constructor into a StageFactory whose exceptions stay in the plugin. T is built
/// from `(init, options)` when it declares options (StageWithOptions), else from `(init)`.
template <class T>
StageFactory make_factory() {
  return [](const StageInit& init, Error& err) noexcept -> std::unique_ptr<Stage> {
    try {
      if constexpr (StageWithOptions<T>)
        return std::make_unique<T>(init, options_of<T>().read(init.config));
      else
        return std::make_unique<T>(init);
    } catch (const std::exception& e) {
      err = Error{"config", e.what()};
    } catch (...) {
      err = Error{"config", "unknown exception while building the stage"};
    }
    return nullptr;
  };
}

/// Completes a stage's spec from its type: the factory, and the options schema when T declares
/// options, so the options are written once.
///
///   r.add(make_stage<FilterCandidates>({.name = "filter.candidates", ...}));
template <class T>
StageSpec make_stage(StageSpec spec) {
  if constexpr (StageWithOptions<T>) spec.config_schema = options_of<T>().schema_text();
  // A typed stage (MapOf, UpdateOf, FilterOf, SinkOf) names its record types once, in its base.
  if constexpr (requires { typename T::InputRecord; })
    if (spec.input_type.empty()) spec.input_type = T::InputRecord::kType;
  if constexpr (requires { typename T::OutputRecord; })
    if (spec.output_type.empty()) spec.output_type = T::OutputRecord::kType;
  spec.factory = make_factory<T>();
  return spec;
}

/// Implemented by the host; a plugin's register function adds its stages here.
class BOOST_SYMBOL_VISIBLE Registrar {
 public:
  virtual ~Registrar();
  virtual void add(StageSpec spec) = 0;
  /// Reports that registration failed; the host shows the plugin as failed with this reason.
  virtual void fail(std::string reason) = 0;
};

/// The plain-data descriptor every plugin exports under the name `buyergraph_plugin_descriptor`.
/// The host reads `abi_major`/`abi_minor` and the build tag before calling anything.
struct PluginDescriptor {
  std::uint32_t abi_major;
  std::uint32_t abi_minor;
  const char* name;
  const char* version;
  const char* build_tag;
  const char* summary;
  void (*register_stages)(Registrar&) noexcept;
};

}  // namespace buyergraph::sdk

/// Declares the plugin. REGISTER is `void fn(buyergraph::sdk::Registrar&)`; it may throw:
/// the generated entry point catches everything.
///
///   static void register_stages(buyergraph::sdk::Registrar& r) {
///     r.add({.name = "example.upper", .kind = StageKind::map, .input_type = "text",
///            .output_type = "text", .summary = "Upper-cases text",
///            .factory = make_factory<Upper>()});
///   }
///   BUYERGRAPH_PLUGIN("example", "1.0.0", "Example stages", register_stages)
#define BUYERGRAPH_PLUGIN(NAME, VERSION, SUMMARY, REGISTER)                         \
  static void buyergraph_register_entry(::buyergraph::sdk::Registrar& r) noexcept { \
    try {                                                                           \
      REGISTER(r);                                                                  \
    } catch (const std::exception& e) {                                             \
      r.fail(e.what());                                                             \
    } catch (...) {                                                                 \
      r.fail("unknown exception during registration");                              \
    }                                                                               \
  }                                                                                 \
  extern "C" BOOST_SYMBOL_EXPORT const ::buyergraph::sdk::PluginDescriptor          \
      buyergraph_plugin_descriptor{::buyergraph::sdk::kAbiMajor,                    \
                                   ::buyergraph::sdk::kAbiMinor,                    \
                                   NAME,                                            \
                                   VERSION,                                         \
                                   BUYERGRAPH_BUILD_TAG,                            \
                                   SUMMARY,                                         \
                                   &buyergraph_register_entry};
