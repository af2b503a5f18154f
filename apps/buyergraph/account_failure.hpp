#pragma once
// What to tell a user when a company's buyer group could not be found: shared by `find` and
// `serve` so the terminal and the API say the same thing.
#include <string>

namespace buyergraph::cli {

/// A sentence about the failed account: ambiguous names, names not found and other failures,
/// e.g. "\"Tailspin\" is ambiguous: ...\nName the company more precisely (legal name, --domain,
/// or a provider id)." `company` and `message` are data: the caller makes them safe for its
/// medium (terminal, JSON).
std::string describe_account_failure(const std::string& company, const std::string& error_code,
                                     const std::string& message);

}  // namespace buyergraph::cli
