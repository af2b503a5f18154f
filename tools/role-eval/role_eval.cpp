// role-eval: scores role assignment against the demo generator's ground truth.
//
//   role-eval --groups out.jsonl --truth demo/truth.jsonl --seller sellers/security.yaml
//
// `out.jsonl` is the output of `buyergraph run pipelines/buyer-group.yaml` (one line per
// account). The expected role of each person comes from the truth file only (generated
// seniority, function and reporting line) and the seller profile, never from our rules
// (docs/role-eval.md):
//   decision   - the most senior people (c_level or vp) of the seller's target functions, and
//                the CEO (function executive) at companies under 200 people
//   champion   - directors and managers of the target functions
//   blocker    - managers and above in procurement, legal, security, finance
//   stakeholder- managers and above in the seller's secondary functions
// Precision for role R: of our members with role R, the share whose expected role is R.
// Recall for role R: of the expected R people at the company, the share we listed as R,
// out of at most the number of R seats in our group's ideal mix (a group of 18 cannot hold
// every director of a 10,000-person bank; recall counts the seats it could fill).
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "buyergraph/sellers/profile.hpp"

using nlohmann::json;

namespace {

std::string id_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

struct Person {
  std::string company, seniority, function;
  bool usable = true;  // not deleted, not a duplicate record, current
};

bool in(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

int level(const std::string& s) {
  static const std::map<std::string, int> l = {{"c_level", 6}, {"vp", 5},        {"director", 4},
                                               {"manager", 3}, {"senior_ic", 2}, {"ic", 1}};
  auto it = l.find(s);
  return it == l.end() ? 0 : it->second;
}

// The expected role of a person from the truth alone ("" = none of the scored roles).
std::string expected_role(const Person& p, const buyergraph::sdk::SellerProfile& s,
                          std::int64_t company_size) {
  const bool target = in(s.target_functions, p.function);
  if ((target && level(p.seniority) >= 5) ||
      (p.function == "executive" && p.seniority == "c_level" && company_size < 200))
    return "decision";
  if (target && (p.seniority == "director" || p.seniority == "manager")) return "champion";
  static const std::vector<std::string> blockers = {"procurement", "legal", "security", "finance"};
  if (in(blockers, p.function) && level(p.seniority) >= 3) return "blocker";
  if (in(s.secondary_functions, p.function) && level(p.seniority) >= 3) return "stakeholder";
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Score role assignment against the demo dataset's ground truth"};
  std::string groups_file, truth_file, seller_file;
  app.add_option("--groups", groups_file, "buyergraph run output (JSON lines)")->required();
  app.add_option("--truth", truth_file, "the demo dataset's truth.jsonl")->required();
  app.add_option("--seller", seller_file, "the seller profile the run used")->required();
  CLI11_PARSE(app, argc, argv);

  auto seller = buyergraph::sellers::load_seller_profile(seller_file);
  if (!seller) {
    std::cerr << "error: " << seller.error().message << "\n";
    return 1;
  }
  std::map<std::string, Person> people;
  std::map<std::string, std::map<std::string, int>> expected_count;  // company -> role -> n
  {
    std::ifstream in(truth_file);
    if (!in) {
      std::cerr << "error: cannot read " << truth_file << "\n";
      return 1;
    }
    std::string line;
    while (std::getline(in, line)) {
      auto j = json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      Person p{id_text(j["company_id"]), j.value("seniority", ""), j.value("function", "")};
      const auto& f = j["flags"];
      p.usable = !f.value("deleted", false) && f["duplicate_of"].is_null();
      people[id_text(j["person_id"])] = p;
    }
  }
  std::map<std::string, std::int64_t> sizes;
  for (auto& [id, p] : people) sizes[p.company]++;
  struct Tally {
    int ours = 0, correct = 0, expected_seats = 0, found = 0;
  };
  std::map<std::string, Tally> by_role;
  std::ifstream in(groups_file);
  if (!in) {
    std::cerr << "error: cannot read " << groups_file << "\n";
    return 1;
  }
  std::string line;
  int accounts = 0;
  while (std::getline(in, line)) {
    auto j = json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    for (const auto& o : j.value("outputs", json::array())) {
      if (o.value("type", "") != "buyer_group") continue;
      const json& g = o["record"];
      ++accounts;
      const std::string company = id_text(g["company"]["id"]);
      const std::int64_t size = g["company"].value("employees", sizes[company]);
      std::map<std::string, int> expected;
      for (const auto& [id, p] : people)
        if (p.company == company && p.usable) expected[expected_role(p, *seller, size)]++;
      std::map<std::string, int> found;
      for (const auto& m : g["members"]) {
        const std::string id = id_text(m["person"]["id"]);
        const std::string role = m.value("role", "");
        auto it = people.find(id);
        std::string want = it == people.end() ? "?" : expected_role(it->second, *seller, size);
        by_role[role].ours++;
        if (want == role) {
          by_role[role].correct++;
          found[role]++;
        }
      }
      const json ideal = g["coverage"].value("ideal_roles", json::object());
      for (const char* role : {"decision", "champion", "stakeholder", "blocker"}) {
        int seats = std::min(expected[role], ideal.value(role, 0));
        by_role[role].expected_seats += seats;
        by_role[role].found += std::min(found[role], seats);
      }
      break;
    }
  }
  std::cout << fmt::format("role-eval: {} groups, seller {}\n", accounts, seller->name);
  std::cout << fmt::format("{:<12} {:>8} {:>10} {:>10} {:>8}\n", "role", "members", "precision",
                           "seats", "recall");
  for (const char* role : {"decision", "champion", "stakeholder", "blocker"}) {
    const Tally& t = by_role[role];
    std::cout << fmt::format(
        "{:<12} {:>8} {:>10} {:>10} {:>8}\n", role, t.ours,
        t.ours ? fmt::format("{:.3f}", double(t.correct) / t.ours) : "-", t.expected_seats,
        t.expected_seats ? fmt::format("{:.3f}", double(t.found) / t.expected_seats) : "-");
  }
  if (by_role.count("introducer"))
    std::cout << fmt::format("{:<12} {:>8} {:>10}\n", "introducer", by_role["introducer"].ours,
                             "(no truth)");
  return accounts > 0 ? 0 : 1;
}
