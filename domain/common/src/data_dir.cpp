#include "buyergraph/common/data_dir.hpp"

#include <cstdlib>

namespace buyergraph::common {

std::string default_data_dir() { return BUYERGRAPH_DEFAULT_DATA_DIR; }

std::string data_dir() {
  if (const char* env = std::getenv("BUYERGRAPH_DATA_DIR"); env != nullptr && *env != '\0')
    return env;
  return default_data_dir();
}

}  // namespace buyergraph::common
