#pragma once
// Company tiers (S1..L7): group size, role mix and decision-maker thresholds by company size,
// from data/tiers/tiers.yaml (docs/tiers.md).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::tiers {

/// How many of each role a group of this tier ideally holds.
struct RoleMix {
  int decision = 0, champion = 0, stakeholder = 0, blocker = 0, introducer = 0;
  int total() const { return decision + champion + stakeholder + blocker + introducer; }
  /// The count for a role id ("decision", ...); 0 for an unknown id.
  int of(std::string_view role) const;
};

/// Deal sizes (USD) from which a level counts as a decision maker in this tier.
struct DmThreshold {
  double vp = 0, director = 0, manager = 0;
};

/// One row of the tier table. Bands are half-open: [min, max); a missing max is open-ended.
struct Tier {
  std::string id;    ///< "S1" .. "L7"
  std::string name;  ///< "Micro", "Mid 3", ...
  std::int64_t employees_min = 0;
  std::optional<std::int64_t> employees_max;
  double revenue_min = 0;
  std::optional<double> revenue_max;
  RoleMix ideal;
  int size_min = 0, size_ideal = 0, size_max = 0;
  DmThreshold dm_threshold;
  int index = 0;  ///< position in the table, 0 = smallest
};

/// Which tier a company was sized by, and why.
struct TierChoice {
  const Tier* tier = nullptr;           ///< nullptr when the company has no employee count
  std::string basis;                    ///< "employees" | "revenue" | "none"
  const Tier* by_employees = nullptr;   ///< the tier by headcount, when known
  const Tier* by_revenue = nullptr;     ///< the tier by revenue, when known
  bool disagreement = false;            ///< the two differ by more than one band
  std::vector<sdk::Evidence> evidence;  ///< the fields the choice read
};

/// The tier table. Cheap to copy.
///
///   auto table = TierTable::load_default();
///   if (!table) { std::cerr << table.error().message; return 1; }
///   const Tier* t = table->by_employees(3400);      // M5
///   TierChoice c = table->choose(company);           // headcount first, revenue as a check
class TierTable {
 public:
  /// Loads a tiers YAML file; errors name the file and the row.
  static sdk::Result<TierTable> load(const std::string& path);
  /// Loads <data dir>/tiers/tiers.yaml ($BUYERGRAPH_DATA_DIR, else the build's data dir).
  static sdk::Result<TierTable> load_default();
  /// A process-wide default table, loaded once; throws std::runtime_error if it cannot load.
  static const TierTable& shared();

  const std::vector<Tier>& tiers() const { return tiers_; }
  const Tier* by_employees(std::int64_t employees) const;
  const Tier* by_revenue(double revenue_usd) const;
  /// Headcount decides (it is what providers fill most reliably); revenue is compared and a
  /// disagreement of more than one band is flagged. A company without a headcount is sized by
  /// revenue when known, else not at all (never from a default).
  TierChoice choose(const sdk::Company& company) const;

 private:
  std::vector<Tier> tiers_;
};

/// Annual revenue in USD from a company's fields (signals.revenue_annual or revenue_band), when
/// one can be read.
std::optional<double> revenue_usd(const sdk::Company& company);

}  // namespace buyergraph::tiers
