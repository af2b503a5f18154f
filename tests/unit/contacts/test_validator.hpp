#pragma once
// One validator for all contacts tests: the committed lists, Debian's suffix list, a fixed clock.
#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "buyergraph/contacts/validator.hpp"

namespace buyergraph::contacts::testing {

inline std::chrono::system_clock::time_point fixed_time() {
  return std::chrono::sys_days{std::chrono::year{2026} / 3 / 1} + std::chrono::hours{9} +
         std::chrono::minutes{30};
}

inline const ContactValidator& validator() {
  static const ContactValidator v = [] {
    auto r =
        ContactValidator::load({std::filesystem::path(BUYERGRAPH_SOURCE_DIR) / "data" / "contacts",
                                "/usr/share/publicsuffix/public_suffix_list.dat"},
                               [] { return fixed_time(); });
    if (!r) throw std::runtime_error(r.error().message);
    return *r;
  }();
  return v;
}

}  // namespace buyergraph::contacts::testing
