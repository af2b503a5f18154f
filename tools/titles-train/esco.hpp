#pragma once
// Training examples from the vendored ESCO occupations (data/esco/) labelled through the per-code
// ISCO-08 table (data/titles/isco_functions.tsv).
#include <map>
#include <string>
#include <vector>

#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::titles::train {

enum class Split { train, dev, test };

struct Example {
  std::string text;      ///< normalised label, as the classifier sees titles
  std::string label;     ///< the original ESCO label
  std::string function;  ///< from the occupation's ISCO group
  std::string lang;
  Split split = Split::train;
  unsigned bucket = 0;  ///< 0-9, from the occupation's concept URI (see split_of)
};

/// ISCO code -> function ("skip" for mixed groups). Throws std::runtime_error naming file:line.
std::map<std::string, std::string> read_isco_table(const std::string& path);

/// Occupation concept URI -> function, for occupations of the mixed ("skip") groups
/// (data/titles/esco_overrides.tsv: URI, function, ISCO group, label, reason). Throws
/// std::runtime_error naming file:line for a bad line, or an override of a group that is not
/// skipped in `isco`.
std::map<std::string, std::string> read_overrides(const std::string& path,
                                                  const std::map<std::string, std::string>& isco);

/// Whole occupations go to one split (by a hash of the concept URI, the same in every language):
/// 20 % test, 10 % dev, 70 % train.
Split split_of(const std::string& concept_uri);
/// The occupation's bucket, 0-9 (0-1 test, 2 dev, 3-9 train).
unsigned bucket_of(const std::string& concept_uri);

/// Every preferred (each gendered form), alternative and hidden label of every occupation whose
/// ISCO group is mapped, or that has an override, normalised with `c`. Duplicates within a split
/// and language are dropped. Throws if an override names an occupation that does not exist.
std::vector<Example> read_esco(const std::string& esco_dir, const std::vector<std::string>& langs,
                               const std::map<std::string, std::string>& isco,
                               const std::map<std::string, std::string>& overrides,
                               const TitleClassifier& c);

}  // namespace buyergraph::titles::train
