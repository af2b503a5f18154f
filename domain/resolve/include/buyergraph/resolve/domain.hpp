#pragma once
// Hosts, URLs, registrable domains (Public Suffix List) and the platform-host denylist.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::resolve {

/// The parts of a URL or bare host the resolver needs.
struct Url {
  std::string scheme;  ///< "https", or empty for a bare host
  std::string host;    ///< lower-cased, no port, no trailing dot
  std::string path;    ///< "/about", empty when none
  bool is_ip = false;  ///< IPv4 or IPv6 literal
  bool valid = false;  ///< host is a syntactically valid DNS name
};

/// Splits "https://user@www.Acme.example:8443/about?x#y" into scheme, host and path. Never throws.
///
///   parse_url("https://www.acme.example/about").host == "www.acme.example"
Url parse_url(std::string_view text);

/// The host without a leading "www." (or "www2.", "m."): what "the same site" means.
///
///   site_of("www.trimble.com") == "trimble.com"
std::string site_of(std::string_view host);

/// The Public Suffix List (ICANN and private sections), with the standard algorithm: the
/// longest matching rule wins, exception rules ("!") beat wildcards ("*."), default rule "*".
/// The one implementation shared by resolve, contacts, coresignal and store. Immutable after
/// loading, so const lookups are thread-safe.
///
/// Unlisted TLDs (".example", ".test", ".internal"): registrable_domain() applies the implicit
/// "*" rule, so an unlisted TLD is its own suffix and "a.acme.example" -> "acme.example" (all
/// demo data lives on .example). has_known_suffix() / has_known_tld() say false for them, so a
/// caller that must tell a real TLD from an unlisted one decides explicitly.
///
/// IDN rules are kept in both forms: Unicode as in the file and punycode, so "xn--80aswg.xn--p1ai"
/// (contacts, after libidn2) and "сайт.рф" (resolver input) both match the rule "рф".
///
///   auto psl = PublicSuffixList::load_shared(PublicSuffixList::default_path());
///   (*psl)->registrable_domain("shop.example.co.uk") == "example.co.uk"
class PublicSuffixList {
 public:
  /// Debian's copy (package `publicsuffix`).
  static constexpr const char* kDefaultPath = "/usr/share/publicsuffix/public_suffix_list.dat";
  /// $BUYERGRAPH_PSL when set, else kDefaultPath.
  static std::string default_path();

  /// Reads and parses `path`; an error if it cannot be read or holds no rules.
  static sdk::Result<PublicSuffixList> load(const std::string& path);
  /// Like load(), but each path is read once per process and every caller gets the same
  /// immutable list (thread-safe). Failures are not cached.
  ///
  ///   auto psl = PublicSuffixList::load_shared(PublicSuffixList::default_path());
  static sdk::Result<std::shared_ptr<const PublicSuffixList>> load_shared(const std::string& path);
  /// Builds from the file's text (for tests).
  static PublicSuffixList parse(std::string_view text);

  /// Registrable domain (public suffix + one label) of a host or URL; empty for IPs, invalid
  /// hosts, single labels and hosts that are themselves public suffixes.
  std::string registrable_domain(std::string_view host_or_url) const;
  /// The public suffix of a valid host; empty when invalid.
  std::string public_suffix(std::string_view host) const;
  /// True when the host's last label(s) match an explicit rule (not just the default "*").
  bool has_known_suffix(std::string_view host) const;
  /// True when the host's last label is a TLD the list names ("com", "uk", "xn--p1ai", "рф").
  ///
  ///   has_known_tld("acme.co.uk") == true;  has_known_tld("acme.example") == false
  bool has_known_tld(std::string_view host) const;
  /// Rules as written in the file (an IDN rule counts once).
  std::size_t rule_count() const { return rule_count_; }

 private:
  // Number of labels in the public suffix of `labels`; 1 with explicit_rule = false when only
  // the default rule "*" matched.
  std::size_t suffix_labels(const std::vector<std::string_view>& labels, bool& explicit_rule) const;
  std::unordered_set<std::string> rules_, wildcards_, exceptions_;
  std::size_t rule_count_ = 0;
};

/// Platform hosts that never identify a company's own website (social networks, booking and
/// review sites, app stores, link shorteners). An entry may name its owners: the owner's own
/// site root still identifies the owner ("linkedin.com" is LinkedIn's domain), nothing else does.
///
///   data/resolve/denylisted-hosts.txt:   linkedin.com   LinkedIn
///                                        apps.apple.com
class HostDenylist {
 public:
  struct Entry {
    std::string host;
    std::vector<std::string> owners;  ///< owner names, normalised keys
  };
  HostDenylist() = default;
  explicit HostDenylist(std::vector<Entry> entries);
  /// The most specific entry covering `host` (the host itself or a parent domain), or nullptr.
  const Entry* find(std::string_view host) const;

 private:
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace buyergraph::resolve
