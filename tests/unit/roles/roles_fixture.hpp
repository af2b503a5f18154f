#pragma once
// Shared helpers for the role tests: candidates built the way the pipeline builds them (the real
// title rules label seniority and function), companies of a given size, the example sellers.
#include <string>

#include <gtest/gtest.h>

#include "buyergraph/roles/engine.hpp"
#include "buyergraph/roles/scoring.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/titles/classifier.hpp"

namespace roles_test {

using namespace buyergraph;

inline const titles::TitleClassifier& classifier() {
  static const titles::TitleClassifier c = *titles::TitleClassifier::load_default();
  return c;
}

inline const roles::RoleEngine& engine() {
  static const roles::RoleEngine e = [] {
    auto r = roles::RoleEngine::load_default();
    if (!r) throw std::runtime_error(r.error().message);
    return *r;
  }();
  return e;
}

inline sdk::SellerProfile seller(const std::string& name) {
  auto s = sellers::load_seller_profile(std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers/" + name +
                                        ".yaml");
  if (!s) throw std::runtime_error(s.error().message);
  return *s;
}

inline sdk::Company company(std::int64_t employees) {
  sdk::Company c;
  c.id = "co-1";
  c.name = "Example Target";
  c.employees = employees;
  c.provenance.source = "test";
  return c;
}

/// A candidate as normalize.title would emit it, with a fairly complete profile.
inline sdk::Candidate candidate(const std::string& title, std::optional<int> connections = 300) {
  sdk::Candidate c;
  c.person.id = "p-" + title;
  c.person.full_name = "Test Person";
  c.person.title = title;
  c.person.headline = title;
  c.person.location = "Austin, Texas";
  c.person.profile_url = "https://example.test/in/p";
  c.person.connections = connections;
  c.person.company_id = "co-1";
  c.person.provenance.source = "test";
  c.person.provenance.retrieved_at = "2026-11-24T10:00:00Z";
  sdk::Experience e;
  e.company_id = "co-1";
  e.title = title;
  e.from_year = 2023;
  e.from_month = 3;
  e.current = true;
  c.person.experience.push_back(e);
  auto l = classifier().classify(title);
  c.seniority = l.seniority;
  c.function = l.function;
  c.title_confidence = l.confidence;
  c.title_rule = l.rule;
  return c;
}

/// Scores and assigns with the seller's role_rules applied, as the plugin does.
inline sdk::Candidate run(sdk::Candidate c, const sdk::SellerProfile& s, const sdk::Company& co,
                          const roles::RoleEngine& base = engine()) {
  auto e = base.with_overrides(s.role_rules);
  EXPECT_TRUE(e) << (e ? "" : e.error().message);
  auto acct = e->prepare(s, co);
  e->score(c, acct);
  e->assign(c, acct);
  return c;
}

inline bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

inline double score_of(const sdk::Candidate& c, std::string_view name) {
  const sdk::Score* s = roles::find_score(c, name);
  return s ? s->value : -1;
}

}  // namespace roles_test
