#pragma once
// Account: the unit of work. One account enters the graph, its items fan out and fan back in.
#include <string>

#include "buyergraph/sdk/record.hpp"

namespace buyergraph::sdk {

/// One row of the work list: a company to look at, as the user named it.
///
///   Account a;
///   a.key = "row-1";
///   a.name = "Contoso";
struct Account : RecordOf<Account> {
  static constexpr std::string_view kType = "account";
  std::string key;          ///< unique within a run (row number or the user's reference id)
  std::string name;         ///< company name as given
  std::string domain;       ///< website or domain, optional
  std::string provider_id;  ///< a provider's company id, optional
  nlohmann::json attributes = nlohmann::json::object();  ///< extra columns (seller, deal size, ...)
};

void to_json(nlohmann::json& j, const Account& a);
void from_json(const nlohmann::json& j, Account& a);

}  // namespace buyergraph::sdk
