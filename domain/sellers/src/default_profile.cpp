// The profile used when the user names none. It must not pretend to know the product: no
// target functions, personas or anti-personas, so nothing is filtered or boosted by function,
// and `notes` tells every report that a default was used.
#include "buyergraph/sellers/profile.hpp"

namespace buyergraph::sellers {

sdk::SellerProfile default_seller_profile() {
  sdk::SellerProfile p;
  p.name = "default";
  p.product = "unspecified B2B software";
  p.category = "unspecified";
  // 50k USD: a typical mid-market annual contract. It is the earlier system's blocker line
  // (blockers count above 50k) and does not trigger the under-50k group shrink,
  // so the default neither forces nor suppresses gatekeepers.
  p.deal_size = 50000;
  p.currency = "USD";
  p.sales_cycle_days = 90;  // common mid-market cycle; only informs refresh windows
  p.deal_stage = "prospecting";
  p.integration_depth = "light";  // most SaaS needs SSO or one integration, rarely deep work
  p.processes_personal_data = false;
  p.security_review = false;
  // Without a profile there is no relationship model to trust, so no one is called an
  // introducer.
  p.introducer_definition = "none";
  p.source_file = "default";
  p.notes =
      "No seller profile was given, so this default was used: unspecified B2B software, "
      "50,000 USD deal, 90-day cycle, prospecting stage, light integration, no personal data, no "
      "introducers. It has no target functions, personas or anti-personas, so department fit "
      "and persona matching are unknown and roles rest on seniority alone. Pass a profile "
      "(see sellers/*.yaml and docs/sellers.md) for a real buyer group.";
  return p;
}

const sdk::SellerProfile& seller_of(const sdk::Account& account) {
  if (const auto* attached = account.attachment<sdk::SellerProfile>()) return *attached;
  static const sdk::SellerProfile fallback = default_seller_profile();
  return fallback;
}

}  // namespace buyergraph::sellers
