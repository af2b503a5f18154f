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

namespace buyergraph::titles::testing {

inline std::string repo_model_path() {
  return std::string(BUYERGRAPH_SOURCE_DIR) + "/data/titles/function-model.json";
}

/// The repository's rules plus the shipped function model, loaded once.
inline const TitleClassifier& repo_classifier_with_model() {
  static const TitleClassifier c = [] {
    auto r = TitleClassifier::load(repo_rules_path(), repo_model_path());
    if (!r) {
      ADD_FAILURE() << r.error().message;
      std::abort();
    }
    return *r;
  }();
  return c;
}

}  // namespace buyergraph::titles::testing
