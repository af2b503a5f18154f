#include "account_failure.hpp"

#include <fmt/format.h>

namespace buyergraph::cli {

std::string describe_account_failure(const std::string& company, const std::string& error_code,
                                     const std::string& message) {
  if (error_code == "ambiguous")
    return fmt::format(
        "\"{}\" is ambiguous: {}\nName the company more precisely (legal name, --domain, or a "
        "provider id).",
        company, message);
  if (error_code == "not_found") return fmt::format("\"{}\" was not found: {}", company, message);
  return fmt::format("\"{}\" failed: {}: {}", company, error_code, message);
}

}  // namespace buyergraph::cli
