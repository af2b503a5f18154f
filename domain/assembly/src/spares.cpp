#include "buyergraph/assembly/spares.hpp"

#include <algorithm>

#include "ranking.hpp"

namespace buyergraph::assembly {

std::vector<const sdk::Candidate*> ranked_spares(const sdk::BuyerGroup& group,
                                                 std::string_view role) {
  std::vector<const sdk::Candidate*> out;
  for (const auto& c : group.excluded) {
    if (!role.empty() && c.role != role) continue;
    if (std::find(c.flags.begin(), c.flags.end(), kSpareFlag) != c.flags.end()) out.push_back(&c);
  }
  std::stable_sort(out.begin(), out.end(), [](const sdk::Candidate* a, const sdk::Candidate* b) {
    return detail::ranks_before(*a, *b);
  });
  return out;
}

}  // namespace buyergraph::assembly
