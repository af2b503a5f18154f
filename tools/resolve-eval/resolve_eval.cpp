// resolve-eval COMPANIES.csv QUERIES.tsv SPLIT: resolves the split's queries against the
// directory in memory (VectorCandidateSource) and prints one `to_json` answer per query, for
// score.py. The directory CSV is read with the importer's CSV reader and its column meaning
// (ID, Name, Ticker, Former Names; lists separated by ';').
#include <fstream>
#include <iostream>

#include "buyergraph/resolve/candidate_source.hpp"
#include "buyergraph/store/csv.hpp"

using namespace buyergraph;

namespace {

std::vector<std::string> list(const std::string& cell) {
  std::vector<std::string> v;
  std::size_t start = 0;
  while (start < cell.size()) {
    auto end = cell.find(';', start);
    if (end == std::string::npos) end = cell.size();
    if (end > start) v.push_back(cell.substr(start, end - start));
    start = end + 1;
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: resolve-eval COMPANIES.csv QUERIES.tsv SPLIT\n";
    return 2;
  }
  auto resolver = resolve::Resolver::load_default();
  if (!resolver) {
    std::cerr << resolver.error().message << "\n";
    return 1;
  }
  auto csv = store::CsvReader::open(argv[1]);
  if (!csv) {
    std::cerr << csv.error().message << "\n";
    return 1;
  }
  std::vector<sdk::Company> companies;
  store::CsvRecord row;
  (*csv)->next(row);  // header: ID, Name, Ticker, Former Names
  while ((*csv)->next(row)) {
    if (!row.error.empty() || row.fields.size() < 4) continue;
    sdk::Company c;
    c.id = row.fields[0];
    c.name = row.fields[1];
    c.tickers = list(row.fields[2]);
    c.former_names = list(row.fields[3]);
    companies.push_back(std::move(c));
  }
  resolve::VectorCandidateSource source(*resolver, std::move(companies));
  std::ifstream in(argv[2]);
  const std::string split = argv[3];
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto a = line.find('\t'), b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos || line.substr(0, a) != split) continue;
    auto r = resolve::resolve(*resolver, line.substr(a + 1, b - a - 1), source, 50);
    std::cout << resolve::to_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  }
  return 0;
}
