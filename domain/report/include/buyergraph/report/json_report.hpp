#pragma once
// The JSON report: a serialised BuyerGroup plus `schema_version`, and its validation against
// docs/report-schema.json.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::report {

/// The version written into every JSON report (MAJOR.MINOR; see docs/reports.md).
inline constexpr std::string_view kReportSchemaVersion = "1.0";

/// The group as a JSON report: `sdk::to_json(group)` plus `"schema_version": "1.0"`.
///
///   nlohmann::json j = to_report_json(group);
///   std::cout << j.dump(2);
nlohmann::json to_report_json(const sdk::BuyerGroup& group);

/// Where the report schema is read from: `$BUYERGRAPH_REPORT_SCHEMA` when set, else the
/// source tree's `docs/report-schema.json` (compile definition).
///
///   std::string path = report_schema_path();
std::string report_schema_path();

/// Checks a report against the schema file at `report_schema_path()`. The error message names
/// each failing JSON pointer and what is wrong ("/members/0/role: must be one of: ...").
///
///   if (auto s = validate_report(to_report_json(group)); !s) std::cerr << s.error().message;
sdk::Status validate_report(const nlohmann::json& report);

/// Same, against a schema already in memory (tests, callers that cache it).
///
///   sdk::Status s = validate_report(report, nlohmann::json::parse(schema_text));
sdk::Status validate_report(const nlohmann::json& report, const nlohmann::json& schema);

}  // namespace buyergraph::report
