#include "fixtures.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace buyergraph::report::testing {

nlohmann::json fixture_json(const std::string& name) {
  std::string path =
      std::string(BUYERGRAPH_SOURCE_DIR) + "/tests/fixtures/reports/" + name + ".json";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing fixture " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  return nlohmann::json::parse(buf.str());
}

sdk::BuyerGroup fixture(const std::string& name) {
  return fixture_json(name).get<sdk::BuyerGroup>();
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + needle.size()))
    ++n;
  return n;
}

}  // namespace buyergraph::report::testing
