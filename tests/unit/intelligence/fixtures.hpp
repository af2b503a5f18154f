#pragma once
// Hand-built test fixtures: a fictional company (Fabrikam Freight, fixture data) and five
// fictional people with realistic titles and histories. Not real people; not demo output.
#include <string>
#include <vector>

#include "buyergraph/intelligence/analyze.hpp"
#include "buyergraph/intelligence/sections.hpp"
#include "buyergraph/sdk/records.hpp"

namespace fixtures {

inline const buyergraph::intelligence::Date kAsOf{2026, 11, 24};

/// A cloud-infrastructure seller (value propositions as in sellers/cloud-infrastructure.yaml).
buyergraph::sdk::SellerProfile cloud_seller();

/// Fabrikam Freight: 3,400 employees, +23.2% a year, arrivals/departures, postings, funding.
buyergraph::sdk::Company fabrikam();

/// A member: person with one current experience at fabrikam starting from_year-from_month.
buyergraph::sdk::Candidate member(const std::string& id, const std::string& name,
                                  const std::string& title, const std::string& seniority,
                                  const std::string& function, const std::string& role,
                                  const std::string& sub_role, int from_year, int from_month,
                                  double overall);

/// Five members: Priya Raman (VP Eng, decision, started 2026-09), Tomas Herrera (Dir Platform
/// Eng, champion, manager_id Priya), Aisha Bello (SRE Manager, stakeholder), Daniel Kowalski
/// (Head of Procurement, blocker, since 2015), Mei Lin (CISO, blocker/security).
buyergraph::sdk::BuyerGroup group();

/// Options with the default rules file and the fixed reference date.
buyergraph::intelligence::IntelOptions options();

/// Every evidence-bearing item of an intelligence object (lists, edges, narrative).
std::vector<nlohmann::json> all_items(const nlohmann::json& intelligence);

}  // namespace fixtures
