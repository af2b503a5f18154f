#pragma once
// The `buyergraph contacts` subcommand.
namespace CLI {
class App;
}

namespace buyergraph::contacts {

/// Adds `contacts [--company-domain D]... [--region ISO2] [--online]`: reads one email or phone
/// number per line from stdin (a line with "@" is an email, otherwise a phone number) and prints
/// one JSON object per line: kind, value, normalized, status, reasons, verified_at and, for
/// phones, phone_type and region. Bad options or missing lists print a message to stderr and
/// exit with code 1.
///
///   CLI::App app{"buyergraph"};
///   buyergraph::contacts::add_contacts_command(app);
///   // echo jane@acme.com | buyergraph contacts --company-domain acme.com
void add_contacts_command(CLI::App& app);

}  // namespace buyergraph::contacts
