#pragma once
// Where the data files (rules, lists, tables) live: one answer for every library and plugin.
#include <string>

namespace buyergraph::common {

/// $BUYERGRAPH_DATA_DIR when set, else the build's data folder (default_data_dir()).
///
///   auto path = common::data_dir() + "/tiers/tiers.yaml";
std::string data_dir();

/// The data folder of the build (the source tree's data/), ignoring the environment.
std::string default_data_dir();

}  // namespace buyergraph::common
