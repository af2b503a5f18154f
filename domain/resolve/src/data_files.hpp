#pragma once
// Locating and reading the resolver's data files (internal).
#include <string>
#include <vector>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::resolve::detail {

/// $BUYERGRAPH_DATA_DIR when set, else the compiled-in BUYERGRAPH_DEFAULT_DATA_DIR.
std::string data_dir();

/// Non-empty lines with '#' comments and surrounding whitespace removed.
sdk::Result<std::vector<std::string>> read_list(const std::string& path);

/// The whole file.
sdk::Result<std::string> read_file(const std::string& path);

}  // namespace buyergraph::resolve::detail
