#pragma once
// Hand-built test fixtures: fictional people at the fictional "Fixture Freight Ltd"
// (fixture-freight.example). None of them is a real person.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "buyergraph/sdk/records.hpp"

namespace fixtures {

/// What a fixture candidate looks like; defaults are a current, reachable member.
struct Spec {
  std::string id;
  std::string name;
  std::string title;
  std::string seniority;
  std::string function;
  std::string role;
  std::string sub_role;
  double overall = 50;
  std::string email_status = "valid";
  std::string employment = "current";
  std::string excluded_reason;
};

/// A scored, labelled candidate at the fixture company, as scoring and roles would leave it.
buyergraph::sdk::Candidate candidate(const Spec& s);

/// The fixture company with a headcount (nullopt = unknown size).
buyergraph::sdk::Company company(std::optional<std::int64_t> employees);

/// A seller profile: deal size and target functions; the rest neutral.
buyergraph::sdk::SellerProfile seller(double deal_size, std::vector<std::string> targets = {},
                                      std::string stage = "prospecting");

}  // namespace fixtures
