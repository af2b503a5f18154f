#pragma once
// Shared helpers for the titles tests: the repository's rules, loaded once.
#include <gtest/gtest.h>

#include <string>

#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::titles::testing {

inline std::string repo_rules_path() {
  return std::string(BUYERGRAPH_SOURCE_DIR) + "/data/titles/rules.yaml";
}

inline const TitleClassifier& repo_classifier() {
  static const TitleClassifier c = [] {
    auto r = TitleClassifier::load(repo_rules_path());
    if (!r) {
      ADD_FAILURE() << r.error().message;
      std::abort();
    }
    return *r;
  }();
  return c;
}

}  // namespace buyergraph::titles::testing
