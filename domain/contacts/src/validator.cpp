// Loading the lists, the shared helpers and the MX cache of ContactValidator.
#include <cstdlib>
#include <ctime>
#include <fstream>

#include "buyergraph/contacts/domain_name.hpp"
#include "validator_impl.hpp"
#include "buyergraph/common/data_dir.hpp"


namespace buyergraph::contacts {
namespace {

std::string lower_ascii(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

// Reads a list file: one entry per line, "#" comments, the first whitespace-separated token is
// the entry and the second (if any) its value. `out` gets each (entry, value) pair.
template <class Sink>
sdk::Status read_list(const std::filesystem::path& file, Sink&& out) {
  std::ifstream in(file);
  if (!in) return sdk::Status::error("not_found", "cannot read contact list " + file.string());
  std::string line;
  while (std::getline(in, line)) {
    auto start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    auto end = line.find_first_of(" \t\r", start);
    std::string key = lower_ascii(line.substr(start, end - start));
    std::string value;
    if (end != std::string::npos) {
      auto vstart = line.find_first_not_of(" \t\r", end);
      if (vstart != std::string::npos) {
        value = lower_ascii(line.substr(vstart, line.find_first_of(" \t\r", vstart) - vstart));
      }
    }
    out(std::move(key), std::move(value));
  }
  return sdk::Status::ok();
}

sdk::Status read_set(const std::filesystem::path& file, std::unordered_set<std::string>& set) {
  return read_list(file, [&](std::string k, std::string) { set.insert(std::move(k)); });
}

}  // namespace

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ValidatorPaths default_validator_paths() {
  const std::filesystem::path data = common::data_dir();
  return {data / "contacts", resolve::PublicSuffixList::default_path()};
}

sdk::Result<ContactValidator> ContactValidator::load_default(Clock clock) {
  return load(default_validator_paths(), std::move(clock));
}

sdk::Result<ContactValidator> ContactValidator::load(const ValidatorPaths& paths, Clock clock) {
  auto impl = std::make_shared<Impl>();
  auto psl = resolve::PublicSuffixList::load_shared(paths.public_suffix_file.string());
  if (!psl) return psl.error();
  impl->psl = *psl;
  const auto& dir = paths.contacts_dir;
  for (auto [name, set] : {
           std::pair{"disposable_domains.txt", &impl->disposable},
           std::pair{"disposable_wildcard_domains.txt", &impl->disposable_wildcard},
           std::pair{"free_webmail_domains.txt", &impl->free_webmail},
           std::pair{"role_local_parts.txt", &impl->role_local},
           std::pair{"placeholder_local_parts.txt", &impl->placeholder_local},
           std::pair{"no_reply_local_parts.txt", &impl->no_reply_local},
           std::pair{"placeholder_domains.txt", &impl->placeholder_domain},
       }) {
    if (auto st = read_set(dir / name, *set); !st) return st.error();
  }
  if (auto st = read_list(dir / "domain_typos.txt",
                          [&](std::string k, std::string v) {
                            if (!v.empty()) impl->typos.emplace(std::move(k), std::move(v));
                          });
      !st) {
    return st.error();
  }
  impl->clock = clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); });
  return ContactValidator(std::move(impl));
}

std::string ContactValidator::registrable_domain(std::string_view host) const {
  auto ascii = host_of_company_domain(host);
  if (!ascii) return {};
  return impl_->psl->registrable_domain(*ascii);
}

ListSizes ContactValidator::list_sizes() const {
  return {impl_->disposable.size(),        impl_->disposable_wildcard.size(),
          impl_->free_webmail.size(),      impl_->role_local.size(),
          impl_->placeholder_local.size(), impl_->placeholder_domain.size(),
          impl_->psl->rule_count()};
}

detail::MxOutcome ContactValidator::Impl::mx(const std::string& domain) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mx_mutex);
    auto it = mx_cache.find(domain);
    if (it != mx_cache.end() && it->second.expires > now) return it->second.outcome;
  }
  // Query outside the lock: two threads may look up the same domain once each, which is cheaper
  // than serialising every lookup.
  auto outcome = detail::lookup_mx(domain);
  if (outcome != detail::MxOutcome::error) {  // a failed lookup is retried next time
    std::lock_guard lock(mx_mutex);
    mx_cache[domain] = {outcome, now + kMxTtl};
  }
  return outcome;
}

}  // namespace buyergraph::contacts
