// orgchart-eval: scores buyer groups found on public sample org charts against the expected
// roles written by hand (tests/fixtures/orgcharts, procedure in docs/role-eval.md).
//
//   orgchart-eval --expected expected.csv --labels labels.csv
//                 --run chinook,finance-software,reports/chinook-finance.json ...
//
// Each --run is CHART,SELLER,REPORT (a `buyergraph find --format json` report; SELLER is the
// profile's file stem, sellers/SELLER.yaml). Prints, per chart x seller and in total:
// precision and recall per role (decision, champion, blocker, stakeholder) and relevance, the
// share of members whose labelled function the seller profile names (buyers, users, evaluators,
// gatekeepers, adjacent) or who is the chief executive of a company smaller than the profile's
// buying_process.chief_executive_signs_below (the profile names the chief executive as a buyer
// there). Precision of role R: of our R members, the share expected as R. Recall: of the people
// expected as R, the share we listed as R. Exit 1 when a file cannot be read or a profile does
// not say up to which size the chief executive signs.
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "buyergraph/sellers/profile.hpp"

using nlohmann::json;

namespace {

const std::vector<std::string> kRoles = {"decision", "champion", "blocker", "stakeholder"};

// The first `fields - 1` commas split; the last field keeps the rest (free text).
std::vector<std::string> split(const std::string& line, std::size_t fields) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (out.size() + 1 < fields) {
    auto c = line.find(',', pos);
    if (c == std::string::npos) break;
    out.push_back(line.substr(pos, c - pos));
    pos = c + 1;
  }
  out.push_back(line.substr(pos));
  return out;
}

bool read_rows(const std::string& path, std::size_t fields,
               std::vector<std::vector<std::string>>& rows) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line))
    if (!line.empty()) rows.push_back(split(line, fields));
  return true;
}

struct Tally {
  int ours = 0, correct = 0, expected = 0, found = 0;
};

std::string ratio(int a, int b) { return b ? fmt::format("{:.2f}", double(a) / b) : "-"; }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Score buyer groups on the sample org charts against the expected roles"};
  std::string expected_file, labels_file, sellers_dir = "sellers";
  std::vector<std::string> runs;
  app.add_option("--expected", expected_file, "expected.csv (chart,seller,person_id,role,step)")
      ->required();
  app.add_option("--labels", labels_file, "labels.csv (chart,person_id,name,function,level,...)")
      ->required();
  app.add_option("--sellers", sellers_dir, "folder of the seller profiles (default: sellers)");
  app.add_option("--run", runs, "CHART,SELLER,REPORT.json")->required();
  CLI11_PARSE(app, argc, argv);

  std::vector<std::vector<std::string>> expected_rows, label_rows;
  if (!read_rows(expected_file, 5, expected_rows) || !read_rows(labels_file, 6, label_rows)) {
    std::cerr << "error: cannot read " << expected_file << " or " << labels_file << "\n";
    return 1;
  }
  std::map<std::string, std::string> function_of;  // person id -> labelled function
  for (const auto& r : label_rows)
    if (r.size() >= 4) function_of[r[1]] = r[3];

  std::map<std::string, Tally> total;
  std::map<std::string, Tally> decision_by_chart;
  std::vector<std::string> low_relevance, procurement_missed;
  int procurement_due = 0;
  int total_members = 0, total_named = 0, total_named_exec = 0;
  std::cout << fmt::format("{:<8} {:<21} {:>3} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6}\n", "chart",
                           "seller", "n", "decision", "champion", "blocker", "stakeh.", "relev.",
                           "+exec*");
  for (const auto& run : runs) {
    auto parts = split(run, 3);
    if (parts.size() != 3) {
      std::cerr << "error: --run needs CHART,SELLER,REPORT: " << run << "\n";
      return 1;
    }
    const auto& [chart, seller_name, report_file] = std::tie(parts[0], parts[1], parts[2]);
    auto seller =
        buyergraph::sellers::load_seller_profile(sellers_dir + "/" + seller_name + ".yaml");
    if (!seller) {
      std::cerr << "error: " << seller.error().message << "\n";
      return 1;
    }
    std::ifstream in(report_file);
    json g = json::parse(in, nullptr, false);
    if (!in || g.is_discarded()) {
      std::cerr << "error: cannot read the report " << report_file << "\n";
      return 1;
    }
    std::map<std::string, std::string> want;  // person id -> expected role
    for (const auto& r : expected_rows)
      if (r.size() >= 4 && r[0] == chart && r[1] == seller_name) want[r[2]] = r[3];

    std::set<std::string> named(seller->target_functions.begin(), seller->target_functions.end());
    named.insert(seller->secondary_functions.begin(), seller->secondary_functions.end());
    const auto& ceo_below = seller->role_rules.find("top_executive_below_employees");
    if (ceo_below == seller->role_rules.end() || !ceo_below->is_number()) {
      std::cerr << "error: " << seller_name
                << ".yaml does not say buying_process.chief_executive_signs_below\n";
      return 1;
    }
    const json employees = g.value("company", json::object()).value("employees", json());
    // The profile names the chief executive as a buyer at companies of this size.
    const bool executive_buys =
        employees.is_number() && employees.get<double>() < ceo_below->get<double>();
    if (executive_buys) named.insert("executive");

    std::map<std::string, Tally> t;
    int members = 0, in_named = 0, in_named_exec = 0;
    for (const auto& m : g.value("members", json::array())) {
      const std::string id = m["person"].value("id", "");
      const std::string role = m.value("role", "");
      ++members;
      const std::string fn = function_of.count(id) ? function_of[id] : "?";
      in_named += named.count(fn) ? 1 : 0;
      in_named_exec += named.count(fn) || fn == "executive" ? 1 : 0;  // any size
      t[role].ours++;
      if (want.count(id) && want[id] == role) t[role].correct++;
    }
    for (const auto& [id, role] : want) {
      if (role == "blocker" && function_of[id] == "procurement") {
        // The deal calls for the procurement gate and the chart has a procurement person.
        ++procurement_due;
        bool listed = false;
        for (const auto& m : g.value("members", json::array()))
          listed |= m.value("role", "") == "blocker" &&
                    function_of[m["person"].value("id", "")] == "procurement";
        if (!listed) procurement_missed.push_back(fmt::format("{} x {}", chart, seller_name));
      }
      t[role].expected++;
      for (const auto& m : g.value("members", json::array()))
        if (m["person"].value("id", "") == id && m.value("role", "") == role) t[role].found++;
    }
    auto cell = [&](const std::string& role) {
      const Tally& x = t[role];
      return fmt::format("{}/{}", ratio(x.correct, x.ours), ratio(x.found, x.expected));
    };
    std::cout << fmt::format("{:<8} {:<21} {:>3} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6}\n", chart,
                             seller_name, members, cell("decision"), cell("champion"),
                             cell("blocker"), cell("stakeholder"), ratio(in_named, members),
                             ratio(in_named_exec, members));
    for (const auto& role : kRoles) {
      total[role].ours += t[role].ours;
      total[role].correct += t[role].correct;
      total[role].expected += t[role].expected;
      total[role].found += t[role].found;
    }
    decision_by_chart[chart].ours += t["decision"].ours;
    decision_by_chart[chart].correct += t["decision"].correct;
    if (members && double(in_named) / members < 0.9)
      low_relevance.push_back(
          fmt::format("{} x {} {}", chart, seller_name, ratio(in_named, members)));
    total_members += members;
    total_named += in_named;
    total_named_exec += in_named_exec;
  }
  std::cout << "\ncells are precision/recall ('-': no member / nobody expected in that role)\n\n";
  std::cout << fmt::format("{:<12} {:>8} {:>10} {:>9} {:>8}\n", "role", "members", "precision",
                           "expected", "recall");
  for (const auto& role : kRoles) {
    const Tally& x = total[role];
    std::cout << fmt::format("{:<12} {:>8} {:>10} {:>9} {:>8}\n", role, x.ours,
                             ratio(x.correct, x.ours), x.expected, ratio(x.found, x.expected));
  }
  std::cout << fmt::format(
      "relevance {} of {} members = {} (the chief executive counts where the profile names them "
      "a buyer: below its chief_executive_signs_below headcount)\n"
      "+exec*: the chief executive counted at any company size (for comparison only): {}\n",
      total_named, total_members, ratio(total_named, total_members),
      ratio(total_named_exec, total_members));

  std::cout << "\ngoals (issue 15):\n";
  std::cout << fmt::format("  relevance >= 0.90 on every chart x seller: {} of {} runs below",
                           low_relevance.size(), runs.size());
  for (const auto& r : low_relevance) std::cout << "; " << r;
  std::cout << "\n  decision-maker precision >= 0.90 on each chart:";
  for (const auto& [chart, x] : decision_by_chart)
    std::cout << fmt::format(" {} {}", chart, ratio(x.correct, x.ours));
  std::cout << fmt::format(
      "\n  procurement a blocker where the deal calls for it and the chart has one: {} of {}",
      procurement_due - static_cast<int>(procurement_missed.size()), procurement_due);
  for (const auto& r : procurement_missed) std::cout << "; missed " << r;
  std::cout << "\n";
  return 0;
}
