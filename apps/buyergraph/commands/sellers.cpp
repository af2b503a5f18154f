// `buyergraph sellers validate|show`: seller profile files (docs/sellers.md).
#include <iostream>
#include <memory>

#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/text/terminal.hpp"
#include "commands.hpp"

namespace buyergraph::cli {

void add_sellers_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("sellers", "Validate and show seller profiles (docs/sellers.md)");
  cmd->require_subcommand(1);

  auto files = std::make_shared<std::vector<std::string>>();
  auto* validate = cmd->add_subcommand("validate", "Check profile files; report every issue");
  validate->add_option("files", *files, "Profile YAML files")->required();
  validate->callback([files] {
    bool all_ok = true;
    for (const auto& f : *files) {
      sellers::ProfileParse p = sellers::load_seller_profile_issues(f);
      if (p.ok()) {
        std::cout << "ok " << f << "\n";
        continue;
      }
      all_ok = false;
      for (const auto& i : p.issues) std::cerr << text::terminal_safe(i.to_string()) << "\n";
    }
    if (!all_ok) throw CLI::RuntimeError(1);
  });

  auto file = std::make_shared<std::string>();
  auto* show = cmd->add_subcommand("show", "Print a profile as JSON (the default without FILE)");
  show->add_option("file", *file, "Profile YAML file");
  show->callback([file] {
    sdk::SellerProfile profile;
    if (file->empty()) {
      profile = sellers::default_seller_profile();
    } else {
      auto r = sellers::load_seller_profile(*file);
      if (!r) {
        std::cerr << text::terminal_safe_lines(r.error().message) << "\n";
        throw CLI::RuntimeError(1);
      }
      profile = std::move(*r);
    }
    nlohmann::json j = profile;
    std::cout << j.dump(2) << "\n";
  });
}

}  // namespace buyergraph::cli
