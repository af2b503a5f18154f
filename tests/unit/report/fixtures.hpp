#pragma once
// The hand-written synthetic groups under tests/fixtures/reports/.
#include <string>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::report::testing {

/// The fixture file as JSON ("group_full", "group_tiny_gaps", "group_empty").
nlohmann::json fixture_json(const std::string& name);

/// The fixture as a BuyerGroup.
sdk::BuyerGroup fixture(const std::string& name);

/// Occurrences of `needle` in `hay`.
std::size_t count(const std::string& hay, const std::string& needle);

}  // namespace buyergraph::report::testing
