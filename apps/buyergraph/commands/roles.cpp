// `buyergraph roles assign|check`: the role engine on JSON lines, for trying rules by hand.
#include <fstream>
#include <iostream>
#include <memory>

#include "buyergraph/roles/engine.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/titles/classifier.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

using roles::RoleEngine;

struct AssignOptions {
  std::string input, company, seller, rules, as_of;
  std::int64_t employees = -1;
};

[[noreturn]] void bad(const std::string& msg) {
  std::cerr << "buyergraph roles: " << msg << "\n";
  throw CLI::RuntimeError(1);
}

sdk::Result<RoleEngine> load_engine(const std::string& rules) {
  return rules.empty() ? RoleEngine::load_default() : RoleEngine::load(rules);
}

void run_assign(const AssignOptions& o) {
  auto base = load_engine(o.rules);
  if (!base) bad(base.error().message);

  sdk::SellerProfile seller = sellers::default_seller_profile();
  if (!o.seller.empty()) {
    auto s = sellers::load_seller_profile(o.seller);
    if (!s) bad(s.error().message);
    seller = std::move(*s);
  }
  sdk::Company company;
  if (!o.company.empty()) {
    std::ifstream in(o.company);
    if (!in) bad("cannot read company file " + o.company);
    try {
      company = nlohmann::json::parse(in).get<sdk::Company>();
    } catch (const std::exception& e) {
      bad(o.company + ": not a company JSON record: " + e.what());
    }
  }
  if (o.employees >= 0) company.employees = o.employees;

  auto engine = base->with_overrides(seller.role_rules);
  if (!engine) bad("seller role_rules: " + engine.error().message);
  for (const auto& w : engine->warnings()) std::cerr << "buyergraph roles: warning: " << w << "\n";
  roles::AccountRules acct = engine->prepare(seller, company, o.as_of);
  for (const auto& w : acct.warnings) std::cerr << "buyergraph roles: warning: " << w << "\n";

  auto titles = titles::TitleClassifier::load_default();
  if (!titles) bad(titles.error().message);

  std::ifstream file;
  if (!o.input.empty() && o.input != "-") {
    file.open(o.input);
    if (!file) bad("cannot read " + o.input);
  }
  std::istream& in = (!o.input.empty() && o.input != "-") ? file : std::cin;
  std::string line;
  int line_no = 0, failures = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    sdk::Candidate c;
    try {
      auto j = nlohmann::json::parse(line);
      if (j.contains("person")) {
        c = j.get<sdk::Candidate>();
      } else {  // a bare person: label the title first, as normalize.title would
        c.person = j.get<sdk::Person>();
        auto l = titles->classify(c.person.title);
        c.seniority = l.seniority;
        c.function = l.function;
        c.title_confidence = l.confidence;
        c.title_rule = l.rule;
      }
    } catch (const std::exception& e) {
      std::cerr << "buyergraph roles: line " << line_no << ": " << e.what() << "\n";
      ++failures;
      continue;
    }
    engine->score(c, acct);
    engine->assign(c, acct);
    std::cout << nlohmann::json(c).dump() << "\n";
  }
  if (failures > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void add_roles_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("roles", "Score candidates and assign buyer-group roles (docs/roles.md)");
  cmd->require_subcommand(1);

  auto o = std::make_shared<AssignOptions>();
  auto* assign = cmd->add_subcommand(
      "assign", "Read candidates or people (JSON lines), write scored candidates with roles");
  assign->add_option("--input,-i", o->input, "JSON lines file (default: stdin)");
  assign->add_option("--company", o->company, "Company JSON record (the resolved company)");
  assign->add_option("--employees", o->employees, "Company headcount (overrides --company's)");
  assign->add_option("--seller", o->seller, "Seller profile YAML (default: the default profile)");
  assign->add_option("--rules", o->rules, "Role rules YAML (default: data/roles/default.yaml)");
  assign->add_option("--as-of", o->as_of, "Date tenure is measured against (YYYY-MM-DD)");
  assign->callback([o] { run_assign(*o); });

  auto rules = std::make_shared<std::string>();
  auto* check =
      cmd->add_subcommand("check", "Validate a rules file and print its version and rules");
  check->add_option("--rules", *rules, "Role rules YAML (default: data/roles/default.yaml)");
  check->callback([rules] {
    auto e = load_engine(*rules);
    if (!e) bad(e.error().message);
    std::cout << e->version() << "\n";
    for (const auto& id : e->rule_ids()) std::cout << "  " << id << "\n";
  });
}

}  // namespace buyergraph::cli
