#include "build_paths.hpp"

namespace buyergraph::test {
const char* source_dir() { return SOURCE_DIR; }
const char* plugin_dir() { return PLUGIN_DIR; }
const char* bin_dir() { return BIN_DIR; }
}  // namespace buyergraph::test
