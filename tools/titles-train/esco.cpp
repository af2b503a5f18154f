#include "esco.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "buyergraph/titles/classifier.hpp"
#include "csv_input.hpp"
#include "function_model.hpp"

namespace buyergraph::titles::train {
namespace {

std::vector<std::string> split_on(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep))
    if (!cur.empty()) out.push_back(cur);
  return out;
}

// Calls `row(fields, line_number)` for every line of the tab-separated file at `path` that is
// neither empty nor a # comment.
template <typename Row>
void for_each_tsv_row(const std::string& path, Row row) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot be opened");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    row(split_on(line, '\t'), n);
  }
}

}  // namespace

std::map<std::string, std::string> read_isco_table(const std::string& path) {
  std::map<std::string, std::string> out;
  for_each_tsv_row(path, [&](const std::vector<std::string>& f, int n) {
    if (f.size() < 2 || f[0].size() != 4 || (f[1] != "skip" && !is_function(f[1])))
      throw std::runtime_error(path + ":" + std::to_string(n) + ": expected code<TAB>function");
    out[f[0]] = f[1];
  });
  return out;
}

std::map<std::string, std::string> read_overrides(const std::string& path,
                                                  const std::map<std::string, std::string>& isco) {
  std::map<std::string, std::string> out;
  for_each_tsv_row(path, [&](const std::vector<std::string>& f, int n) {
    const std::string where = path + ":" + std::to_string(n) + ": ";
    if (f.size() < 5 || f[0].rfind("http://data.europa.eu/esco/occupation/", 0) != 0 ||
        !is_function(f[1]))
      throw std::runtime_error(where + "expected concept URI, function, ISCO group, label, reason");
    const auto g = isco.find(f[2]);
    if (g == isco.end() || g->second != "skip")
      throw std::runtime_error(where + "ISCO group " + f[2] +
                               " is labelled per code; overrides are for mixed groups only");
    if (!out.emplace(f[0], f[1]).second)
      throw std::runtime_error(where + "occupation listed twice");
  });
  return out;
}

unsigned bucket_of(const std::string& concept_uri) {
  const std::string h = detail::text_checksum(concept_uri);
  return static_cast<unsigned>(std::stoull(h.substr(8), nullptr, 16) % 10);
}

Split split_of(const std::string& concept_uri) {
  const unsigned bucket = bucket_of(concept_uri);
  if (bucket < 2) return Split::test;
  if (bucket == 2) return Split::dev;
  return Split::train;
}

std::vector<Example> read_esco(const std::string& esco_dir, const std::vector<std::string>& langs,
                               const std::map<std::string, std::string>& isco,
                               const std::map<std::string, std::string>& overrides,
                               const TitleClassifier& c) {
  std::vector<Example> out;
  std::set<std::string> overridden;  // overrides whose occupation was found
  std::set<std::tuple<std::string, int, std::string, std::string>> seen;
  for (const auto& lang : langs) {
    const std::string path = esco_dir + "/occupations_" + lang + ".csv";
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot be opened");
    std::vector<std::string> row;
    detail::read_csv_record(in, ',', row);
    if (row.size() != 5 || row[0] != "conceptUri" || row[1] != "iscoGroup")
      throw std::runtime_error(path + ": unexpected header");
    while (detail::read_csv_record(in, ',', row)) {
      if (row.size() != 5) throw std::runtime_error(path + ": a row without 5 fields");
      const auto it = isco.find(row[1]);
      if (it == isco.end())
        throw std::runtime_error(path + ": ISCO group " + row[1] + " not mapped");
      std::string function = it->second;
      if (const auto o = overrides.find(row[0]); o != overrides.end()) {
        function = o->second;
        overridden.insert(row[0]);
      }
      if (function == "skip") continue;
      const Split split = split_of(row[0]);
      std::vector<std::string> labels = split_on(row[2], '/');  // "directeur/directrice"
      for (int col : {3, 4})
        for (auto& l : split_on(row[static_cast<std::size_t>(col)], '\n')) labels.push_back(l);
      for (const auto& label : labels) {
        std::string text = c.normalize(label);
        if (text.empty()) continue;
        if (!seen.emplace(lang, static_cast<int>(split), text, function).second) continue;
        out.push_back(Example{std::move(text), label, function, lang, split, bucket_of(row[0])});
      }
    }
  }
  for (const auto& [uri, fn] : overrides)
    if (overridden.count(uri) == 0)
      throw std::runtime_error(std::string("override for ")
                                   .append(uri)
                                   .append(": no such occupation in ")
                                   .append(esco_dir));
  return out;
}

}  // namespace buyergraph::titles::train
