// URL splitting, the Public Suffix List algorithm and the platform-host denylist.
#include "buyergraph/resolve/domain.hpp"

#include <idn2.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>

#include "data_files.hpp"

namespace buyergraph::resolve {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> split_labels(std::string_view host) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (true) {
    auto dot = host.find('.', start);
    labels.push_back(host.substr(start, dot == std::string_view::npos ? host.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels;
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  for (unsigned char c : label) {
    if (c >= 0x80 || std::isalnum(c) || c == '-' || c == '_') continue;
    return false;
  }
  return true;
}

std::string join_tail(const std::vector<std::string_view>& labels, std::size_t count) {
  std::string out;
  for (std::size_t i = labels.size() - count; i < labels.size(); ++i) {
    if (!out.empty()) out += '.';
    out += labels[i];
  }
  return out;
}

// The punycode form of a rule with non-ASCII labels ("рф" -> "xn--p1ai"); empty when the rule is
// plain ASCII or libidn2 refuses it (then only the Unicode form is kept).
std::string punycode_of(const std::string& rule) {
  if (std::all_of(rule.begin(), rule.end(), [](char c) { return (c & 0x80) == 0; })) return {};
  char* out = nullptr;
  int rc = idn2_to_ascii_8z(rule.c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  std::string ascii = rc == IDN2_OK && out ? out : "";
  idn2_free(out);
  return ascii;
}

}  // namespace

Url parse_url(std::string_view text) {
  Url url;
  std::string_view rest = trim(text);
  if (auto sep = rest.find("://"); sep != std::string_view::npos) {
    url.scheme = lower_ascii(rest.substr(0, sep));
    rest.remove_prefix(sep + 3);
  } else if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
  }
  auto end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (end != std::string_view::npos && rest[end] == '/') {
    std::string_view path = rest.substr(end);
    path = path.substr(0, path.find_first_of("?#"));
    url.path = std::string(path);
  }
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    url.is_ip = true;  // IPv6 literal
    url.host = lower_ascii(authority.substr(1, authority.find(']') - 1));
    return url;
  }
  auto colons = std::count(authority.begin(), authority.end(), ':');
  if (colons > 1) {
    url.is_ip = true;
    url.host = lower_ascii(authority);
    return url;
  }
  if (colons == 1) authority = authority.substr(0, authority.find(':'));
  while (!authority.empty() && authority.back() == '.') authority.remove_suffix(1);
  url.host = lower_ascii(authority);
  if (url.host.empty() || url.host.size() > 253) return url;
  auto labels = split_labels(url.host);
  if (labels.size() == 4 && std::all_of(labels.begin(), labels.end(), all_digits)) {
    url.is_ip = true;
    return url;
  }
  url.valid = std::all_of(labels.begin(), labels.end(), valid_label) && !all_digits(labels.back());
  return url;
}

std::string site_of(std::string_view host) {
  for (std::string_view prefix : {"www.", "www1.", "www2.", "www3.", "m."}) {
    if (host.substr(0, prefix.size()) == prefix &&
        host.find('.', prefix.size()) != std::string_view::npos) {
      return std::string(host.substr(prefix.size()));
    }
  }
  return std::string(host);
}

std::string PublicSuffixList::default_path() {
  const char* env = std::getenv("BUYERGRAPH_PSL");
  return env && *env ? env : kDefaultPath;
}

sdk::Result<PublicSuffixList> PublicSuffixList::load(const std::string& path) {
  auto text = detail::read_file(path);
  if (!text) return text.error();
  auto psl = parse(*text);
  if (psl.rule_count() == 0) {
    return sdk::Error{"invalid_input", "no rules in public suffix list " + path};
  }
  return psl;
}

sdk::Result<std::shared_ptr<const PublicSuffixList>> PublicSuffixList::load_shared(
    const std::string& path) {
  // One parse (~10k rules, a few ms) per path per process, however many validators, resolvers
  // and importers ask for it.
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const PublicSuffixList>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(path); it != cache.end()) return it->second;
  auto psl = load(path);
  if (!psl) return psl.error();
  auto shared = std::make_shared<const PublicSuffixList>(std::move(*psl));
  cache.emplace(path, shared);
  return shared;
}

PublicSuffixList PublicSuffixList::parse(std::string_view text) {
  PublicSuffixList psl;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::string_view rule = trim(line);
    if (rule.empty() || rule.substr(0, 2) == "//") continue;
    rule = rule.substr(0, rule.find_first_of(" \t"));
    std::string r = lower_ascii(rule);
    auto* set = &psl.rules_;
    if (r[0] == '!') {
      set = &psl.exceptions_;
      r.erase(0, 1);
    } else if (r.rfind("*.", 0) == 0) {
      set = &psl.wildcards_;
      r.erase(0, 2);
    }
    if (r.empty()) continue;
    ++psl.rule_count_;
    if (auto ascii = punycode_of(r); !ascii.empty()) set->insert(std::move(ascii));
    set->insert(std::move(r));
  }
  return psl;
}

std::size_t PublicSuffixList::suffix_labels(const std::vector<std::string_view>& labels,
                                            bool& explicit_rule) const {
  const std::size_t n = labels.size();
  std::vector<std::string> tails(n + 1);  // tails[i] = labels[i..] joined
  for (std::size_t i = n; i-- > 0;) {
    tails[i] = std::string(labels[i]) + (i + 1 < n ? "." + tails[i + 1] : "");
  }
  explicit_rule = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (exceptions_.count(tails[i])) return n - i - 1;  // "!city.kawasaki.jp": one label less
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (rules_.count(tails[i])) return n - i;
    if (i + 1 < n && wildcards_.count(tails[i + 1])) return n - i;
  }
  explicit_rule = false;
  return 1;  // default rule "*"
}

std::string PublicSuffixList::registrable_domain(std::string_view host_or_url) const {
  Url url = parse_url(host_or_url);
  if (!url.valid || url.is_ip) return {};
  auto labels = split_labels(url.host);
  bool explicit_rule = false;
  std::size_t ps = suffix_labels(labels, explicit_rule);
  if (ps >= labels.size()) return {};
  return join_tail(labels, ps + 1);
}

std::string PublicSuffixList::public_suffix(std::string_view host) const {
  Url url = parse_url(host);
  if (!url.valid || url.is_ip) return {};
  auto labels = split_labels(url.host);
  bool explicit_rule = false;
  return join_tail(labels, std::min(labels.size(), suffix_labels(labels, explicit_rule)));
}

bool PublicSuffixList::has_known_suffix(std::string_view host) const {
  Url url = parse_url(host);
  if (!url.valid || url.is_ip) return false;
  bool explicit_rule = false;
  suffix_labels(split_labels(url.host), explicit_rule);
  return explicit_rule;
}

bool PublicSuffixList::has_known_tld(std::string_view host) const {
  Url url = parse_url(host);
  if (!url.valid || url.is_ip) return false;
  std::string tld = url.host.substr(url.host.rfind('.') + 1);
  return rules_.count(tld) > 0 || wildcards_.count(tld) > 0;
}

HostDenylist::HostDenylist(std::vector<Entry> entries) {
  for (auto& e : entries) {
    std::string host = lower_ascii(e.host);
    e.host = host;
    entries_[host] = std::move(e);
  }
}

const HostDenylist::Entry* HostDenylist::find(std::string_view host) const {
  std::string h = lower_ascii(host);
  while (true) {
    if (auto it = entries_.find(h); it != entries_.end()) return &it->second;
    auto dot = h.find('.');
    if (dot == std::string::npos) return nullptr;
    h.erase(0, dot + 1);
  }
}

}  // namespace buyergraph::resolve
