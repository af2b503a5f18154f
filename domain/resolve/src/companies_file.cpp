#include "buyergraph/resolve/companies_file.hpp"

#include <fstream>

namespace buyergraph::resolve {

sdk::Result<std::vector<sdk::Company>> load_companies_jsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) return sdk::Error{"not_found", "cannot read companies file " + path};
  std::vector<sdk::Company> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    try {
      auto j = nlohmann::json::parse(line);
      if (!j.is_object()) {
        return sdk::Error{"invalid_input",
                          path + ":" + std::to_string(number) + ": not a JSON object"};
      }
      out.push_back(j.get<sdk::Company>());
    } catch (const nlohmann::json::exception& e) {
      return sdk::Error{"invalid_input", path + ":" + std::to_string(number) + ": " + e.what()};
    }
  }
  return out;
}

}  // namespace buyergraph::resolve
