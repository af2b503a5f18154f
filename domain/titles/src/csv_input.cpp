#include "csv_input.hpp"

#include <algorithm>
#include <istream>

namespace buyergraph::titles::detail {

// Reads one RFC 4180 record (quoted fields may hold the delimiter, doubled quotes and newlines).
// Returns false at end of input.
bool read_csv_record(std::istream& in, char delim, std::vector<std::string>& fields) {
  fields.clear();
  std::string line;
  if (!std::getline(in, line)) return false;
  std::string field;
  bool quoted = false;
  for (;;) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.push_back(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delim) {
        fields.push_back(std::move(field));
        field.clear();
      } else if (c != '\r' || i + 1 != line.size()) {
        field.push_back(c);
      }
    }
    if (!quoted || !std::getline(in, line)) break;  // an unterminated quote ends at end of input
    field.push_back('\n');
  }
  fields.push_back(std::move(field));
  return true;
}

char guess_csv_delimiter(const std::string& header) {
  const auto count = [&](char c) { return std::count(header.begin(), header.end(), c); };
  if (count('\t') > count(',') && count('\t') >= count(';')) return '\t';
  if (count(';') > count(',')) return ';';
  return ',';
}

}  // namespace buyergraph::titles::detail
