#pragma once
// The loaded state behind ContactValidator: immutable lists plus a locked MX cache.
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "buyergraph/contacts/validator.hpp"
#include "buyergraph/resolve/domain.hpp"
#include "mx_lookup.hpp"

namespace buyergraph::contacts {

struct ContactValidator::Impl {
  std::shared_ptr<const resolve::PublicSuffixList> psl;  // shared with the rest of the process
  std::unordered_set<std::string> disposable;            // exact domains
  std::unordered_set<std::string> disposable_wildcard;   // the domain and all its subdomains
  std::unordered_set<std::string> free_webmail;
  std::unordered_set<std::string> role_local;
  std::unordered_set<std::string> placeholder_local;
  std::unordered_set<std::string> no_reply_local;
  std::unordered_set<std::string> placeholder_domain;  // the domain and all its subdomains
  std::unordered_map<std::string, std::string> typos;  // misspelt domain -> intended domain
  Clock clock;

  // DNS answers are cached for an hour so a batch does not re-query one domain per person.
  static constexpr std::chrono::minutes kMxTtl{60};
  struct CachedMx {
    detail::MxOutcome outcome;
    std::chrono::steady_clock::time_point expires;
  };
  std::mutex mx_mutex;
  std::unordered_map<std::string, CachedMx> mx_cache;

  detail::MxOutcome mx(const std::string& domain);
  std::string now() const { return iso8601_utc(clock()); }
};

}  // namespace buyergraph::contacts
