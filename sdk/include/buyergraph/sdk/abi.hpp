#pragma once
// ABI version of the plugin boundary and the build tag both sides must agree on.
#include <cstdint>

#include <nlohmann/json.hpp>

namespace buyergraph::sdk {

/// Bump the major on any incompatible change of an SDK type that crosses the plugin boundary;
/// bump the minor on additions. A plugin loads when its major equals the host's and its minor is
/// not newer.
inline constexpr std::uint32_t kAbiMajor = 6;
inline constexpr std::uint32_t kAbiMinor = 0;

#define BUYERGRAPH_STR2(x) #x
#define BUYERGRAPH_STR(x) BUYERGRAPH_STR2(x)

/// Compiler, standard-library ABI and JSON library version: C++ objects (std::string,
/// nlohmann::json, shared_ptr) cross the boundary, so host and plugin must agree on all three.
#define BUYERGRAPH_BUILD_TAG \
  "gcc-" BUYERGRAPH_STR(__GNUC__) "." BUYERGRAPH_STR(__GNUC_MINOR__) ";cxx11abi=" BUYERGRAPH_STR( \
      _GLIBCXX_USE_CXX11_ABI) ";json=" BUYERGRAPH_STR(NLOHMANN_JSON_VERSION_MAJOR) "." BUYERGRAPH_STR(NLOHMANN_JSON_VERSION_MINOR)

}  // namespace buyergraph::sdk
