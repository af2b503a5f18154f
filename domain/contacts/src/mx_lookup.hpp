#pragma once
// DNS MX lookup for the optional online check (never used by unit tests).
#include <string>

namespace buyergraph::contacts::detail {

enum class MxOutcome {
  found,       ///< at least one usable MX
  implicit_a,  ///< no MX, but an A/AAAA record (RFC 5321 5.1 implicit MX)
  no_mx,       ///< the domain exists but has neither MX nor A/AAAA
  null_mx,     ///< RFC 7505 "MX 0 ." : the domain accepts no mail
  no_domain,   ///< NXDOMAIN
  error,       ///< timeout, SERVFAIL, no resolver: says nothing about the address
};

/// Queries MX (then A and AAAA when there is no MX) with a private resolver state, so concurrent
/// calls do not share glibc's per-thread `_res`.
MxOutcome lookup_mx(const std::string& ascii_domain);

/// The reason code for an outcome ("mx_found", "mx_implicit_a", "no_mx", "null_mx", "no_domain",
/// "dns_error").
const char* mx_reason(MxOutcome outcome);

}  // namespace buyergraph::contacts::detail
