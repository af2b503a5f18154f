#pragma once
// Account: the unit of work. One account enters the graph, its items fan out and fan back in.
#include <string>
#include <vector>

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
  /// Typed records the caller hands every stage of this account (e.g. the seller profile), so
  /// stages need not parse them per item. In-process only: not part of the JSON form.
  ///
  ///   account.attachments.push_back(Item::make<SellerProfile>(profile));
  ///   const SellerProfile* s = ctx.account().attachment<SellerProfile>();
  std::vector<Item> attachments;

  /// The first attachment of type T, or nullptr.
  template <class T>
  const T* attachment() const noexcept {
    for (const auto& item : attachments)
      if (const T* t = item.as<T>()) return t;
    return nullptr;
  }
};

void to_json(nlohmann::json& j, const Account& a);
void from_json(const nlohmann::json& j, Account& a);

}  // namespace buyergraph::sdk
