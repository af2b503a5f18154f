// `buyergraph contacts`: line-oriented validation of emails and phone numbers.
#include <cctype>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "buyergraph/contacts/domain_name.hpp"
#include "buyergraph/contacts/validator.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

struct ContactsArgs {
  std::vector<std::string> company_domains;
  std::string region;
  bool online = false;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "buyergraph contacts: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void run(const ContactsArgs& args) {
  for (const auto& d : args.company_domains) {
    if (!contacts::host_of_company_domain(d))
      fail("--company-domain '" + d + "' is not a domain name");
  }
  bool region_ok =
      args.region.empty() ||
      (args.region.size() == 2 && std::isalpha(static_cast<unsigned char>(args.region[0])) &&
       std::isalpha(static_cast<unsigned char>(args.region[1])));
  if (!region_ok) fail("--region '" + args.region + "' must be an ISO 3166-1 alpha-2 code like DE");

  auto validator = contacts::ContactValidator::load_default();
  if (!validator) fail(validator.error().message);

  contacts::EmailCheckOptions email_options{.company_domains = args.company_domains,
                                            .online = args.online};
  contacts::PhoneCheckOptions phone_options{.region_hint = args.region};
  std::string line;
  while (std::getline(std::cin, line)) {
    std::string_view value = trim(line);
    if (value.empty()) continue;
    sdk::ContactPoint c;
    if (value.find('@') != std::string_view::npos) {
      c = validator->validate_email(value, email_options);
    } else if (value.find_first_of("0123456789") != std::string_view::npos) {
      c = validator->validate_phone(value, phone_options);
    } else {
      c.kind = "unknown";
      c.value = std::string(value);
      c.status = "invalid";
      c.reasons = {"unrecognized_input"};
    }
    nlohmann::json j = c;
    // Replace bytes that are not UTF-8 instead of throwing: the input line is untrusted.
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cout.flush();
}

}  // namespace

void add_contacts_command(CLI::App& app) {
  auto args = std::make_shared<ContactsArgs>();
  auto* cmd = app.add_subcommand(
      "contacts",
      "Validate emails and phone numbers read from stdin, one per line; prints JSON lines");
  cmd->add_option("--company-domain", args->company_domains,
                  "the employer's domain; repeat for several (matched by registrable domain)");
  cmd->add_option("--region", args->region,
                  "ISO2 country of the people, used to read national phone numbers");
  cmd->add_flag("--online", args->online, "also look up the domain's MX record (DNS)");
  cmd->callback([args] { run(*args); });
}

}  // namespace buyergraph::cli
