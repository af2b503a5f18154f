// `buyergraph intelligence`: reads a buyer-group JSON, fills `intelligence`, prints the group.
#include <fstream>
#include <iostream>
#include <memory>

#include "buyergraph/intelligence/analyze.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/titles/classifier.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

struct CliArgs {
  std::string group_file, seller_file, rules_file, as_of, only;
  int recent_days = 90, executive_change_months = 6;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "intelligence: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void run(const CliArgs& a) {
  std::ifstream in(a.group_file);
  if (!in) fail("cannot read " + a.group_file);
  sdk::BuyerGroup group;
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    if (!j.is_object()) fail(a.group_file + ": expected a buyer_group JSON object");
    sdk::from_json(j, group);
  } catch (const nlohmann::json::exception& e) {
    fail(a.group_file + ": not a buyer_group JSON: " + e.what());
  }
  if (!a.seller_file.empty()) {
    auto s = sellers::load_seller_profile(a.seller_file);
    if (!s) fail(s.error().message);
    group.seller = *s;
  }
  intelligence::IntelOptions o;
  auto rules = a.rules_file.empty() ? intelligence::load_default_rules()
                                    : intelligence::load_rules(a.rules_file);
  if (!rules) fail(rules.error().message);
  o.rules = std::move(*rules);
  if (!a.as_of.empty() && !intelligence::parse_date(a.as_of))
    fail("--as-of must be YYYY-MM-DD, got " + a.as_of);
  o.as_of = a.as_of;
  o.recent_days = a.recent_days;
  o.executive_change_months = a.executive_change_months;
  if (auto t = titles::TitleClassifier::load_default())
    o.titles = std::make_shared<const titles::TitleClassifier>(std::move(*t));
  else
    std::cerr << "intelligence: title rules unavailable, hiring is a count only: "
              << t.error().message << "\n";
  intelligence::analyze(group, o);
  nlohmann::json out;
  if (a.only == "intelligence")
    out = group.intelligence;
  else
    sdk::to_json(out, group);
  std::cout << out.dump(2) << "\n";
}

}  // namespace

void add_intelligence_command(CLI::App& app) {
  auto args = std::make_shared<CliArgs>();
  auto* cmd = app.add_subcommand(
      "intelligence", "Fill a buyer group's intelligence (signals, pains, flow, recommendations)");
  cmd->add_option("--group", args->group_file, "buyer_group JSON file")->required();
  cmd->add_option("--seller", args->seller_file, "seller profile YAML (default: the group's)");
  cmd->add_option("--rules", args->rules_file,
                  "rules file (default: data/intelligence/rules.yaml)");
  cmd->add_option("--as-of", args->as_of, "reference date YYYY-MM-DD (default: run.generated_at)");
  cmd->add_option("--recent-days", args->recent_days, "recently appointed window in days")
      ->check(CLI::Range(1, 3650));
  cmd->add_option("--executive-change-months", args->executive_change_months,
                  "executive arrivals/departures window in months")
      ->check(CLI::Range(1, 120));
  cmd->add_option("--only", args->only, "print only this part")
      ->check(CLI::IsMember({"intelligence"}));
  cmd->callback([args] { run(*args); });
}

}  // namespace buyergraph::cli
