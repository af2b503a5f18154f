#pragma once
// Where the build put things, for tests: BUYERGRAPH_SOURCE_DIR, BUYERGRAPH_PLUGIN_DIR and
// BUYERGRAPH_BIN_DIR expand to these calls. The paths live in one compiled file so that no test
// compile carries an absolute path on its command line (which would defeat ccache).

namespace buyergraph::test {
const char* source_dir();
const char* plugin_dir();
const char* bin_dir();
}  // namespace buyergraph::test
