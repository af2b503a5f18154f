#pragma once
// The suppression list: emails, domains and profile URLs of people who must never be collected
// (checked before any paid provider call) nor appear in any output (docs/suppression.md).
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::store {
class Store;
}

namespace buyergraph::suppression {

/// What a suppressed value is.
enum class Kind { email, domain, profile_url };

/// "email" | "domain" | "profile_url", the names the store and files use.
///
///   to_string(Kind::profile_url) == "profile_url"
std::string_view to_string(Kind kind);

/// The kind named `name` (case-insensitive), or nullopt.
///
///   parse_kind("Email") == Kind::email
std::optional<Kind> parse_kind(std::string_view name);

/// The kind a bare value looks like: an '@' without a '/' is an email, anything with a '/' a
/// profile URL, else a domain; nullopt for a blank value.
///
///   guess_kind("jane@contoso.example") == Kind::email
///   guess_kind("https://www.linkedin.com/in/jane") == Kind::profile_url
///   guess_kind("contoso.example") == Kind::domain
std::optional<Kind> guess_kind(std::string_view value);

/// The canonical form of a value, the one lists and the store compare:
///  - email: trimmed, lower-cased, one '@' with text on both sides ("mailto:" dropped);
///  - domain: lower-cased host without scheme, "www.", port or path (IDN left as is);
///  - profile URL: "linkedin.com/in/<slug>" for LinkedIn profiles (any scheme, www. or country
///    subdomain, query, fragment, trailing slash dropped), else lower-cased host + path.
/// Errors (code "invalid_input") say what is wrong without repeating the value.
///
///   *normalize(Kind::profile_url, "https://uk.linkedin.com/in/Jane-Doe/?trk=x")
///       == "linkedin.com/in/jane-doe"
sdk::Result<std::string> normalize(Kind kind, std::string_view value);

/// One entry read from a suppression file.
struct FileEntry {
  Kind kind;
  std::string value;   ///< normalised
  std::string reason;  ///< may be empty
  int line = 0;        ///< 1-based line in the file
};

/// Reads a suppression file: one value per line (kind guessed), or CSV `kind,value[,reason]`
/// (a `kind,value,reason` header line is skipped); blank lines and lines starting with '#'
/// are ignored. Any bad line fails the whole file, with every bad line (up to 20) reported as
/// `file:LINE: message`.
///
///   auto entries = parse_file("optouts.csv");
///   if (!entries) std::cerr << entries.error().message << "\n";
sdk::Result<std::vector<FileEntry>> parse_file(const std::string& path);

/// A set of normalised suppressed values with fast person and domain checks.
///
///   SuppressionList list;
///   list.add(Kind::email, "Jane@Contoso.example");
///   if (auto why = list.why(person)) drop(*why);   // "suppressed email"
class SuppressionList {
 public:
  /// Loads every suppression saved in the store (rows that no longer normalise are skipped).
  static sdk::Result<SuppressionList> load(store::Store& store);
  /// Loads a suppression file (see parse_file).
  static sdk::Result<SuppressionList> load_file(const std::string& path);

  /// Normalises and adds a value; fails on an empty or malformed value.
  sdk::Status add(Kind kind, std::string_view value);
  /// Adds every entry of `other`.
  void merge(const SuppressionList& other);

  bool empty() const { return emails_.empty() && domains_.empty() && profile_urls_.empty(); }
  std::size_t size() const { return emails_.size() + domains_.size() + profile_urls_.size(); }
  const std::set<std::string>& emails() const { return emails_; }
  const std::set<std::string>& domains() const { return domains_; }
  const std::set<std::string>& profile_urls() const { return profile_urls_; }

  /// Why this person is suppressed, or nullopt. Checks every email contact (raw and
  /// normalised), each email's domain and its parent domains, the profile URL and any
  /// URL-shaped alternative id. The reason names the kind only ("suppressed email",
  /// "suppressed email domain", "suppressed profile URL"), never the value, so it can be
  /// logged and shown in reports.
  std::optional<std::string> why(const sdk::Person& person) const;

  /// True when the domain (or website URL) or one of its parent domains is suppressed:
  /// mail.contoso.example is suppressed by contoso.example.
  ///
  ///   list.suppresses_company_domain("https://www.mail.contoso.example/about")
  bool suppresses_company_domain(std::string_view domain_or_website) const;

  /// Removes from `company.signals` every array entry that names a suppressed person (an
  /// object with a string field holding a suppressed email or profile URL, e.g. CoreSignal's
  /// key_executive_arrivals[].member_linkedin_url); returns how many were removed. Company
  /// records carry people too, and reports quote them: call this on every company a provider
  /// returns, before the company is emitted.
  ///
  ///   list.scrub(company);   // drops {"member_full_name":"…","member_linkedin_url":"…"}
  std::size_t scrub(sdk::Company& company) const;

 private:
  bool domain_or_parent_suppressed(std::string_view domain) const;

  std::set<std::string> emails_, domains_, profile_urls_;
};

}  // namespace buyergraph::suppression
