// `buyergraph assembly`: assemble a buyer group from candidate files (docs/assembly.md).
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "buyergraph/assembly/assemble.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

struct Args {
  std::string candidates, company, seller, generated_at, account_key, run_id;
  int max_excluded = -1;
};

std::vector<sdk::Candidate> read_candidates(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read candidates file " + path);
  std::vector<sdk::Candidate> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      auto j = nlohmann::json::parse(line);
      if (j.contains("outputs")) {
        for (const auto& o : j.at("outputs"))
          if (o.value("type", "") == "candidate")
            out.push_back(o.at("record").get<sdk::Candidate>());
      } else {
        out.push_back(j.get<sdk::Candidate>());
      }
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(path + ":" + std::to_string(n) + ": not a candidate: " + e.what());
    }
  }
  return out;
}

sdk::Company read_company(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read company file " + path);
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    if (!j.is_object()) throw std::runtime_error(path + ": expected a company object");
    return j.get<sdk::Company>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + ": not a company record: " + e.what());
  }
}

void run(const Args& a) {
  sdk::SellerProfile seller;
  assembly::AssemblyOptions o;
  if (a.seller.empty()) {
    seller = sellers::default_seller_profile();
  } else {
    auto s = sellers::load_seller_profile(a.seller);
    if (!s) throw std::runtime_error(s.error().message);
    seller = std::move(*s);
  }
  o.generated_at = a.generated_at;
  o.account_key = a.account_key;
  o.run_id = a.run_id;
  o.max_excluded = a.max_excluded;
  sdk::BuyerGroup g =
      assembly::assemble(read_candidates(a.candidates), read_company(a.company), seller, o);
  nlohmann::json j = g;
  std::cout << j.dump(2) << "\n";
}

}  // namespace

void add_assembly_command(CLI::App& app) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "assembly", "Assemble a buyer group from scored candidates (docs/assembly.md)");
  cmd->add_option("--candidates", args->candidates, "Candidates, JSON lines")->required();
  cmd->add_option("--company", args->company, "Company record, JSON")->required();
  cmd->add_option("--seller", args->seller, "Seller profile YAML (default profile if omitted)");
  cmd->add_option("--generated-at", args->generated_at, "run.generated_at (default: now)");
  cmd->add_option("--max-excluded", args->max_excluded, "Longest excluded list")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--account-key", args->account_key, "run.account_key");
  cmd->add_option("--run-id", args->run_id, "run.id");
  cmd->callback([args] {
    try {
      run(*args);
    } catch (const std::exception& e) {
      std::cerr << "assembly: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace buyergraph::cli
