#pragma once
// Where the data files (rules, lists, tables) live: one answer for every library and plugin.
#include <cstdlib>
#include <string>

namespace buyergraph::common {

/// $BUYERGRAPH_DATA_DIR when set, else the build's data folder (BUYERGRAPH_DEFAULT_DATA_DIR).
///
///   auto path = common::data_dir() + "/tiers/tiers.yaml";
inline std::string data_dir() {
  if (const char* env = std::getenv("BUYERGRAPH_DATA_DIR"); env != nullptr && *env != '\0')
    return env;
  return BUYERGRAPH_DEFAULT_DATA_DIR;
}

}  // namespace buyergraph::common
