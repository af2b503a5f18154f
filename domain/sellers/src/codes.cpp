// The closed vocabularies a profile may use.
#include <algorithm>

#include "buyergraph/sellers/profile.hpp"

namespace buyergraph::sellers {

// Kept identical to buyergraph::titles' function values (classifier.hpp) so a profile's target
// functions compare directly with classified titles; tests/unit/sellers checks the list.
const std::vector<std::string>& function_codes() {
  static const std::vector<std::string> codes = {
      "executive", "engineering", "it",    "security",  "data",
      "product",   "design",      "sales", "marketing", "customer_success",
      "finance",   "procurement", "legal", "hr",        "operations",
      "admin",     "other"};
  return codes;
}

bool is_function_code(std::string_view code) {
  const auto& c = function_codes();
  return std::find(c.begin(), c.end(), code) != c.end();
}

const std::vector<std::string>& deal_stages() {
  static const std::vector<std::string> v = {"prospecting", "active", "renewal"};
  return v;
}

const std::vector<std::string>& integration_depths() {
  static const std::vector<std::string> v = {"none", "light", "deep"};
  return v;
}

const std::vector<std::string>& introducer_definitions() {
  static const std::vector<std::string> v = {"sales_hunters", "advisors_board", "none"};
  return v;
}

}  // namespace buyergraph::sellers
