#pragma once
// CRM import files: one row per member, RFC 4180, with the role mapped to the CRM's picklist.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::report {

/// The column set and role vocabulary of the CSV.
enum class CrmFlavor { generic, hubspot, salesforce };

/// "generic" | "hubspot" | "salesforce" -> flavor; nullopt for anything else.
///
///   auto f = parse_crm_flavor("hubspot");  // CrmFlavor::hubspot
std::optional<CrmFlavor> parse_crm_flavor(std::string_view name);

/// Export choices that change the role mapping.
struct CsvOptions {
  /// HubSpot's "Blocker" means "opposes the deal"; buyergraph's blocker is a gatekeeping
  /// function. Only when this is true do procurement (and sub-role-less) blockers export as
  /// "Blocker" to HubSpot; otherwise they export as "Other".
  bool hubspot_blocker_label = false;
};

/// The header row of a flavor, in order (documented in docs/reports.md).
///
///   csv_columns(CrmFlavor::hubspot)[5] == "hs_buying_role"
std::vector<std::string> csv_columns(CrmFlavor flavor);

/// The CRM role value for a member: HubSpot `hs_buying_role` or Salesforce
/// OpportunityContactRole `Role`, or
/// "role/sub_role" for generic.
///
///   crm_role(member, CrmFlavor::salesforce) == "Economic Buyer"
std::string crm_role(const sdk::Candidate& member, CrmFlavor flavor,
                     const CsvOptions& options = {});

/// One CSV cell: quoted when it holds a comma, quote, CR or LF; a cell starting with
/// = + - @ (or tab/CR) is prefixed with ' so spreadsheets do not run it as a formula.
///
///   csv_cell("=SUM(A1)") == "'=SUM(A1)"
std::string csv_cell(std::string_view value);

/// The file: header plus one row per member, CRLF line ends (RFC 4180).
///
///   std::ofstream("acme.csv") << render_csv(group, CrmFlavor::salesforce);
std::string render_csv(const sdk::BuyerGroup& group, CrmFlavor flavor,
                       const CsvOptions& options = {});

}  // namespace buyergraph::report
