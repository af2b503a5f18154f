#include "data_files.hpp"

#include "buyergraph/common/data_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace buyergraph::resolve::detail {

std::string data_dir() { return common::data_dir(); }

sdk::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return sdk::Error{"not_found", "cannot read " + path};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

sdk::Result<std::vector<std::string>> read_list(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  std::vector<std::string> lines;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    auto last = line.find_last_not_of(" \t\r");
    lines.push_back(line.substr(first, last - first + 1));
  }
  return lines;
}

}  // namespace buyergraph::resolve::detail
