#include "org_tree.hpp"

#include <algorithm>
#include <array>

namespace buyergraph::demo {
namespace {

constexpr int kLeafBudget = 12;  // a manager with up to this many reports has only ICs below

Seniority seniority_for_subtree(int size) {
  if (size >= 250) return Seniority::vp;
  if (size >= 30) return Seniority::director;
  return Seniority::manager;
}

class TreeBuilder {
 public:
  TreeBuilder(const Vocabulary& v, const CompanyPlan& p, Rng& rng, OrgTree& t)
      : v_(v), p_(p), rng_(rng), t_(t) {
    Scope whole;
    whole.countries = p.country_codes;
    whole.weights = p.country_weights;
    t_.scopes.push_back(whole);
    // Region scopes, by descending workforce share (ties: first listed).
    std::vector<std::pair<std::string, std::uint64_t>> regions;
    for (std::size_t i = 0; i < p.country_codes.size(); ++i) {
      const std::string& region = v.countries.at(p.country_codes[i]).region;
      auto it = std::find_if(regions.begin(), regions.end(),
                             [&](const auto& r) { return r.first == region; });
      if (it == regions.end())
        regions.emplace_back(region, p.country_weights[i]);
      else
        it->second += p.country_weights[i];
    }
    std::stable_sort(regions.begin(), regions.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (regions.size() >= 2) {
      for (const auto& [region, weight] : regions) {
        Scope s;
        s.qualifier = region == "NA" ? "North America" : region;
        s.parent = 0;
        for (std::size_t i = 0; i < p.country_codes.size(); ++i)
          if (v.countries.at(p.country_codes[i]).region == region) {
            s.countries.push_back(p.country_codes[i]);
            s.weights.push_back(p.country_weights[i]);
          }
        region_scopes_.push_back(static_cast<int>(t_.scopes.size()));
        region_weights_.push_back(weight);
        t_.scopes.push_back(std::move(s));
      }
    }
  }

  void build() {
    const int n = p_.employer.employees;
    t_.nodes.reserve(static_cast<std::size_t>(n));
    add(-1, Seniority::c_level, Function::executive, Function::executive, Role::ceo, 0, n);
    int rest = n - 1;
    if (rest == 0) return;
    std::array<int, kFunctionCount> heads = headcounts(rest);
    if (n >= 100 && heads[static_cast<std::size_t>(Function::admin)] > 0) {
      --heads[static_cast<std::size_t>(Function::admin)];
      add(0, Seniority::senior_ic, Function::admin, Function::admin, Role::assistant, 0, 1);
    }
    for (std::size_t i = 0; i < kFunctionCount; ++i)
      if (heads[i] > 0) build_department(static_cast<Function>(i), heads[i]);
  }

 private:
  // Largest-remainder split of `rest` people over the profile's function weights.
  std::array<int, kFunctionCount> headcounts(int rest) {
    const auto& w = v_.profiles.at(p_.profile);
    std::uint64_t total = 0;
    for (auto x : w) total += x;
    std::array<int, kFunctionCount> out{};
    std::array<std::uint64_t, kFunctionCount> rem{};
    int assigned = 0;
    for (std::size_t i = 0; i < kFunctionCount; ++i) {
      const std::uint64_t share = static_cast<std::uint64_t>(rest) * w[i];
      out[i] = static_cast<int>(share / total);
      rem[i] = share % total;
      assigned += out[i];
    }
    std::array<std::size_t, kFunctionCount> order{};
    for (std::size_t i = 0; i < kFunctionCount; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rem[a] > rem[b]; });
    for (std::size_t k = 0; assigned < rest; k = (k + 1) % kFunctionCount, ++assigned)
      ++out[order[k]];
    return out;
  }

  void build_department(Function f, int h) {
    const FunctionVocab& fv = v_.functions[static_cast<std::size_t>(f)];
    const int n = p_.employer.employees;
    int head = -1;
    if (n >= fv.chief_min_size) {
      head = add(0, Seniority::c_level, fv.chief_function, f, Role::chief, 0, h);
    } else if (h >= 5) {
      // Department heads report to the CEO, so they carry a higher title than a team of the
      // same size deeper down: a 40-person sales team in a 300-person company has a VP.
      Seniority s = Seniority::manager;
      if (h >= 40 && n >= 300)
        s = Seniority::vp;
      else if (h >= 15)
        s = Seniority::director;
      head = add(0, s, f, f, Role::member, 0, h);
    } else {
      for (int i = 0; i < h; ++i) add_leaf(0, f, 0);
      return;
    }
    children(head, h - 1, f, 0, true);
  }

  int add(int parent, Seniority s, Function truth, Function dept, Role role, int scope,
          int subtree) {
    OrgNode node;
    node.parent = parent;
    node.subtree = subtree;
    node.seniority = s;
    node.function = truth;
    node.dept = dept;
    node.role = role;
    node.scope = static_cast<std::int16_t>(scope);
    node.city = static_cast<std::int16_t>(choose_city(parent, scope, role == Role::ceo));
    t_.nodes.push_back(node);
    return static_cast<int>(t_.nodes.size()) - 1;
  }

  void add_leaf(int parent, Function f, int scope) {
    const Seniority ps = t_.nodes[static_cast<std::size_t>(parent)].seniority;
    Seniority s = Seniority::ic;
    if (ps <= Seniority::vp)
      s = Seniority::senior_ic;
    else if (p_.employer.employees >= 200 && rng_.chance(30))
      s = Seniority::intern;
    else if (rng_.chance(280))
      s = Seniority::senior_ic;
    add(parent, s, f, f, Role::member, scope, 1);
  }

  int choose_city(int parent, int scope, bool at_hq) {
    if (at_hq) return p_.hq_city;
    const Scope& sc = t_.scopes[static_cast<std::size_t>(scope)];
    if (parent >= 0) {  // most people sit where their manager sits
      const int pc = t_.nodes[static_cast<std::size_t>(parent)].city;
      const std::string& pcountry = v_.cities[static_cast<std::size_t>(pc)].country;
      const bool in_scope =
          std::find(sc.countries.begin(), sc.countries.end(), pcountry) != sc.countries.end();
      if (in_scope && rng_.chance(600)) return pc;
    }
    const std::string& country = sc.countries[static_cast<std::size_t>(rng_.weighted(sc.weights))];
    const auto& hq = v_.cities[static_cast<std::size_t>(p_.hq_city)];
    if (country == hq.country && rng_.chance(500)) return p_.hq_city;
    return rng_.pick(v_.cities_by_country.at(country));
  }

  // Split `budget` people below `parent` into teams; recursion depth is logarithmic.
  void children(int parent, int budget, Function f, int scope, bool department_root) {
    if (budget <= 0) return;
    const OrgNode par = t_.nodes[static_cast<std::size_t>(parent)];
    if (budget <= kLeafBudget) {
      for (int i = 0; i < budget; ++i) add_leaf(parent, f, scope);
      return;
    }
    if (budget > 40 && par.seniority <= Seniority::vp) {
      const int direct = static_cast<int>(rng_.between(0, 2));
      for (int i = 0; i < direct; ++i) add_leaf(parent, f, scope);
      budget -= direct;
    }
    // Team sizes and scopes: regional split under a regional function's head, a country split
    // under a regional leader, otherwise random teams.
    std::vector<std::uint64_t> weights;
    std::vector<int> scopes;
    const bool regional = v_.regional[static_cast<std::size_t>(f)];
    const Scope here =
        t_.scopes[static_cast<std::size_t>(scope)];  // a copy: country_scope() grows the vector
    if (regional && department_root && region_scopes_.size() >= 2 && budget >= 60) {
      weights = region_weights_;
      scopes = region_scopes_;
    } else if (regional && scope != 0 && here.parent == 0 && here.countries.size() >= 2 &&
               par.seniority <= Seniority::director && budget >= 30) {
      for (std::size_t i = 0; i < here.countries.size(); ++i) {
        weights.push_back(here.weights[i]);
        scopes.push_back(country_scope(scope, here.countries[i], here.weights[i]));
      }
    } else {
      int m = std::clamp(budget / 9 + static_cast<int>(rng_.between(-1, 1)), 2, 8);
      for (int i = 0; i < m; ++i) {
        weights.push_back(static_cast<std::uint64_t>(rng_.between(6, 14)));
        scopes.push_back(scope);
      }
    }
    const std::vector<int> parts = split(budget, weights);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const int size = parts[i];
      if (size == 0) continue;
      if (size == 1) {
        add_leaf(parent, f, scopes[i]);
        continue;
      }
      const Seniority floor = par.seniority == Seniority::c_level ? Seniority::vp : par.seniority;
      const Seniority s = std::max(seniority_for_subtree(size), floor);
      if (s == par.seniority) t_.nodes[static_cast<std::size_t>(parent)].senior_variant = true;
      const int child = add(parent, s, f, f, Role::member, scopes[i], size);
      children(child, size - 1, f, scopes[i], false);
    }
  }

  int country_scope(int region_scope, const std::string& country, std::uint64_t weight) {
    Scope s;
    s.qualifier = v_.countries.at(country).subregion;
    s.countries = {country};
    s.weights = {weight};
    s.parent = region_scope;
    t_.scopes.push_back(std::move(s));
    return static_cast<int>(t_.scopes.size()) - 1;
  }

  // Proportional integer split; every part gets at least 1 while budget allows.
  static std::vector<int> split(int budget, const std::vector<std::uint64_t>& weights) {
    std::vector<int> parts(weights.size(), 0);
    std::uint64_t total = 0;
    for (auto w : weights) total += w;
    int assigned = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      parts[i] = static_cast<int>(static_cast<std::uint64_t>(budget) * weights[i] / total);
      assigned += parts[i];
    }
    for (std::size_t i = 0; assigned < budget; i = (i + 1) % parts.size(), ++assigned) ++parts[i];
    for (std::size_t i = 0; i < parts.size(); ++i) {  // lift empty parts from the largest
      if (parts[i] > 0) continue;
      auto big = std::max_element(parts.begin(), parts.end());
      if (*big > 1) {
        --*big;
        parts[i] = 1;
      }
    }
    return parts;
  }

  const Vocabulary& v_;
  const CompanyPlan& p_;
  Rng& rng_;
  OrgTree& t_;
  std::vector<int> region_scopes_;
  std::vector<std::uint64_t> region_weights_;
};

// k distinct picks from `pool` (partial Fisher-Yates), in pick order.
std::vector<int> pick_distinct(std::vector<int> pool, std::size_t k, Rng& rng) {
  k = std::min(k, pool.size());
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(rng.below(pool.size() - i));
    std::swap(pool[i], pool[j]);
  }
  pool.resize(k);
  return pool;
}

bool same_family(const std::vector<CompanyPlan>& plans, std::size_t a, std::size_t b) {
  auto root = [&](std::size_t i) {
    while (plans[i].parent >= 0) i = static_cast<std::size_t>(plans[i].parent);
    return i;
  };
  return root(a) == root(b);
}

void plant_traps(OrgTree& t, const std::vector<CompanyPlan>& plans, std::size_t self, Rng& rng) {
  auto& nodes = t.nodes;
  const int n = static_cast<int>(nodes.size());
  auto eligible = [&](auto&& pred) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i)
      if (pred(nodes[static_cast<std::size_t>(i)], i)) out.push_back(i);
    return out;
  };
  constexpr std::uint16_t kRecordLevel = kDeleted | kDuplicateChild | kDuplicateNear;
  auto count = [&](int min_size, int per) { return n >= min_size ? std::max(1, n / per) : 0; };

  for (int i :
       pick_distinct(eligible([](const OrgNode&x, int) { return is_individual(x.seniority); }),
                     static_cast<std::size_t>(count(20, 250)), rng))
    nodes[static_cast<std::size_t>(i)].traps |= kDeleted;

  bool child_kind = plans[self].slot % 2 == 0;  // alternate the first kind across companies
  for (int i : pick_distinct(eligible([&](const OrgNode&x, int idx) {
                               return idx != 0 && !(x.traps & kRecordLevel);
                             }),
                             static_cast<std::size_t>(count(50, 400)), rng)) {
    nodes[static_cast<std::size_t>(i)].traps |= child_kind ? kDuplicateChild : kDuplicateNear;
    t.duplicated.push_back(i);
    child_kind = !child_kind;
  }
  std::sort(t.duplicated.begin(), t.duplicated.end());

  static constexpr std::array<std::uint16_t, 5> kMissingKinds{
      kMissingTitle, kMissingDepartment, kMissingEmail, kMissingTitle | kMissingDepartment,
      kMissingDepartment | kMissingEmail};
  std::size_t kind = 0;
  for (int i : pick_distinct(eligible([](const OrgNode&, int idx) { return idx != 0; }),
                             static_cast<std::size_t>(count(20, 120)), rng))
    nodes[static_cast<std::size_t>(i)].traps |= kMissingKinds[kind++ % kMissingKinds.size()];

  for (int i :
       pick_distinct(eligible([](const OrgNode&x, int) { return !(x.traps & kMissingEmail); }),
                     static_cast<std::size_t>(count(20, 150)), rng))
    nodes[static_cast<std::size_t>(i)].traps |= kMalformedEmail;
  for (int i : pick_distinct(eligible([](const OrgNode&, int) { return true; }),
                             static_cast<std::size_t>(count(20, 150)), rng))
    nodes[static_cast<std::size_t>(i)].traps |= kMalformedPhone;

  const auto execs = eligible([](const OrgNode& x, int) { return is_executive(x.seniority); });
  const std::size_t recent = n >= 50 ? std::max<std::size_t>(1, execs.size() * 7 / 100) : 0;
  for (int i : pick_distinct(execs, recent, rng))
    nodes[static_cast<std::size_t>(i)].traps |= kRecentlyAppointed;

  // Board seats at another company outside the family.
  std::vector<int> boards;
  for (std::size_t j = 0; j < plans.size(); ++j)
    if (j != self && !same_family(plans, self, j)) boards.push_back(static_cast<int>(j));
  if (n >= 200 && !boards.empty()) {
    const auto leaders = eligible([](const OrgNode& x, int) {
      return x.seniority <= Seniority::vp && !(x.traps & (kDuplicateChild | kDuplicateNear));
    });
    bool root_is_board = (plans[self].slot % 2) == 1;
    for (int i : pick_distinct(leaders, n >= 5000 ? 2 : 1, rng)) {
      nodes[static_cast<std::size_t>(i)].traps |=
          kBoardSeat | (root_is_board ? kBoardSeatIsRoot : 0);
      t.board_seat[i] = rng.pick(boards);
      root_is_board = !root_is_board;
    }
  }
}

}  // namespace

OrgTree build_org_tree(const Vocabulary& v, const std::vector<CompanyPlan>& plans, std::size_t self,
                       std::uint64_t seed) {
  OrgTree t;
  Rng rng = Rng::derive(seed, 0x0A, plans[self].slot);
  TreeBuilder(v, plans[self], rng, t).build();
  plant_traps(t, plans, self, rng);
  return t;
}

}  // namespace buyergraph::demo
