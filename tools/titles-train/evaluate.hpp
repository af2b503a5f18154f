#pragma once
// Scoring the classifier on labelled title sets: the ESCO held-out split, the hand-labelled tables,
// the demo generator's vocabulary and the independent French ROME set.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::titles::train {

struct LabelledTitle {
  std::string title;
  std::string department;  ///< empty when the set has none
  std::string seniority;   ///< empty when the set does not label seniority
  std::string function;
  std::string group;  ///< language or sub-set, for per-group figures
};

struct Score {
  std::size_t n = 0, function_ok = 0;
  std::size_t seniority_n = 0, seniority_ok = 0;
  std::size_t business = 0, business_other = 0;  ///< truth is a business function / we said other
  std::map<std::string, std::size_t> layers;     ///< which layer decided, counts

  void add(const LabelledTitle& t, const TitleLabel& l);
  double function_accuracy() const;
  double other_rate() const;  ///< share of business-function titles labelled other
  nlohmann::ordered_json to_json() const;
};

/// Scores `rows` overall and per group. With `use_department`, the department goes to classify().
/// Misses are appended to `misses` (one line each) when it is not null.
std::map<std::string, Score> score_by_group(const TitleClassifier& c,
                                            const std::vector<LabelledTitle>& rows,
                                            bool use_department,
                                            std::vector<std::string>* misses = nullptr);

/// tests/fixtures/titles/*.tsv: title<TAB>seniority<TAB>function.
std::vector<LabelledTitle> read_title_table(const std::string& path, const std::string& group);
/// tests/fixtures/titles/independent/rome_fr.tsv: title<TAB>function<TAB>ROME code.
std::vector<LabelledTitle> read_rome_table(const std::string& path);
/// tests/fixtures/titles/independent/noc_en.tsv: title<TAB>function<TAB>NOC code. Groups:
/// "office" (a business function other than operations), "operations", "other".
std::vector<LabelledTitle> read_noc_table(const std::string& path);
/// Every title the demo generator can write (data/demo/titles.yaml) with the function and
/// department it writes with it.
std::vector<LabelledTitle> read_generator_titles(const std::string& titles_yaml);

}  // namespace buyergraph::titles::train
