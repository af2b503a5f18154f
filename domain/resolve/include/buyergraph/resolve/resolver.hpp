#pragma once
// The company resolver: ranks candidate companies for a query and answers resolved, ambiguous
// or not_found, with reasons. Rules and weights: docs/company-resolution.md.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/resolve/domain.hpp"
#include "buyergraph/resolve/query.hpp"
#include "buyergraph/resolve/text.hpp"
#include "buyergraph/sdk/account.hpp"
#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::resolve {

/// One ranked candidate with the features that produced its score.
struct Candidate {
  sdk::Company company;
  double score = 0;                  ///< roughly 0-1.1; see docs for the weights
  std::vector<std::string> reasons;  ///< "code: detail", e.g. "domain_exact: acme.com"
};

/// What decided a resolved answer: the rule, and which identifier, name or words matched.
struct Evidence {
  std::string rule;     ///< "id_exact", "domain_exact", "ticker", "name_exact", "name_same_words",
                        ///< "name_contains_words", ... (docs/company-resolution.md)
  std::string field;    ///< "name", "legal_name", "alias", "former_name", "domain", "ticker", ...
  std::string matched;  ///< the company's value that matched ("Facebook", "acme.com")
  std::vector<std::string> tokens;   ///< the distinctive words that matched (name rules)
  std::vector<std::string> ignored;  ///< words set aside as weak or as legal forms
};

/// The answer for one query. `company` is set only when status is "resolved".
struct Resolution {
  std::string query;
  std::string kind;    ///< QueryKind as text
  std::string status;  ///< "resolved" | "ambiguous" | "not_found"
  std::optional<sdk::Company> company;
  /// For a resolved answer: the share of answers decided by the same rule that were right on
  /// the calibration set (data/resolve/confidence.txt); 0 otherwise.
  double confidence = 0;
  Evidence evidence;                  ///< set when resolved
  std::vector<Candidate> candidates;  ///< best first, at most ResolveOptions::max_candidates
  std::string reason;                 ///< why this status, in words
  std::vector<std::string> warnings;  ///< plausibility flags on the resolved company
};

/// Tunables; the defaults are the documented ones.
struct ResolveOptions {
  /// A leader within this score of the runner-up is ambiguous, never picked.
  double margin = 0.10;
  /// Below this name similarity a candidate is not even shown.
  double min_name_similarity = 0.80;
  std::size_t max_candidates = 10;
};

/// Comparison keys of one company, computed once (VectorCandidateSource caches them).
struct CompanyKeys {
  std::vector<NormalizedName> names;     ///< name, legal_name, aliases, then former names
  std::vector<std::string> name_fields;  ///< "name", "legal_name", "alias" or "former_name"
  std::vector<std::string> raw_names;    ///< each name as the record writes it
  std::vector<std::string> sites;        ///< each usable domain as a site (no "www.")
  std::vector<std::string> domains;      ///< registrable form of each usable domain
  std::vector<std::string>
      ignored_domains;  ///< denylisted platform hosts this company does not own
  std::string linkedin_slug, linkedin_key;
  std::vector<std::pair<std::string, std::string>> tickers;  ///< (exchange or "", symbol)
};

/// Files the resolver loads. Empty fields use the defaults under the data directory.
struct ResolverFiles {
  std::string legal_suffixes;      ///< data/resolve/legal-suffixes.txt
  std::string sub_entity_markers;  ///< data/resolve/sub-entity-markers.txt
  std::string denylisted_hosts;    ///< data/resolve/denylisted-hosts.txt
  std::string exchanges;           ///< data/resolve/exchanges.txt
  std::string articles;            ///< data/resolve/articles.txt
  std::string weak_words;          ///< data/resolve/weak-words.txt
  std::string abbreviations;       ///< data/resolve/abbreviations.txt
  std::string jurisdictions;       ///< data/resolve/jurisdiction-markers.txt
  std::string confidence;          ///< data/resolve/confidence.txt
  std::string
      public_suffix_list;  ///< $BUYERGRAPH_PSL or /usr/share/publicsuffix/public_suffix_list.dat
};

/// Resolves a query against candidates handed to it. Immutable after loading, so one instance is
/// safe to share between threads.
///
///   auto r = Resolver::load_default();
///   if (!r) { report(r.error()); return; }
///   Resolution res = r->resolve("https://www.acme.example/about", companies);
///   if (res.status == "resolved") use(*res.company);
class Resolver {
 public:
  /// Loads the suffix list, markers, denylist and exchanges from $BUYERGRAPH_DATA_DIR (else the
  /// compiled-in data dir) and the Public Suffix List.
  static sdk::Result<Resolver> load_default();
  static sdk::Result<Resolver> load(const ResolverFiles& files);

  /// The comparison form of a company name: "Contoso, Ltd." -> "contoso".
  std::string normalize_name(std::string_view name) const { return names_.key(name); }
  /// Registrable domain of a host or URL; empty when there is none (IP, invalid, public suffix).
  std::string registrable_domain(std::string_view host_or_url) const;

  /// Classifies free text: "id:123", "$ACME", "NYSE:ACME", a LinkedIn company URL, a URL, a
  /// bare domain, else a name.
  ParsedQuery parse(std::string_view text) const;
  /// `text` as a company name only, even when it reads as a domain ("Amazon.com", "C3.ai").
  ParsedQuery parse_name(std::string_view text) const;
  /// A query from an account row: every identifier it carries (provider id, website, name).
  ParsedQuery parse(const sdk::Account& account) const;

  /// Pure ranking of the given candidates.
  Resolution resolve(std::string_view query, const std::vector<sdk::Company>& candidates) const;
  Resolution resolve(const ParsedQuery& query, const std::vector<sdk::Company>& candidates) const;
  /// Same, with keys computed beforehand (`keys(company)`), parallel to `candidates`.
  Resolution resolve(const ParsedQuery& query, const std::vector<const sdk::Company*>& candidates,
                     const std::vector<const CompanyKeys*>& keys) const;

  CompanyKeys keys(const sdk::Company& company) const;
  const NameNormalizer& names() const { return names_; }
  const PublicSuffixList& psl() const { return *psl_; }
  const HostDenylist& denylist() const { return denylist_; }
  ResolveOptions& options() { return options_; }
  const ResolveOptions& options() const { return options_; }

 private:
  Resolver() = default;
  void parse_host_part(std::string_view text, ParsedQuery& q) const;
  bool parse_ticker(std::string_view text, ParsedQuery& q) const;

  NameNormalizer names_;
  std::shared_ptr<const PublicSuffixList> psl_;  // shared by every user in the process
  HostDenylist denylist_;
  std::vector<std::string> exchanges_;
  std::unordered_map<std::string, double> confidence_;  // rule -> share right on calibration
  ResolveOptions options_;
};

/// The decision every provider applies to the companies its own search returned (CoreSignal
/// search and preview, PDL enrich): the account's identifiers (provider id, website, name)
/// against those candidates, under the same rules as the store (docs/company-resolution.md).
///
///   resolve::Resolution res = resolve::decide(resolver, account, companies_from_search);
///   if (res.status != "resolved") fail(res.status, res.reason);
Resolution decide(const Resolver& resolver, const sdk::Account& account,
                  const std::vector<sdk::Company>& candidates);

/// {"query","kind","status","company":{"id","name","domain"},"confidence","evidence":{"rule",
/// "field","matched","tokens","ignored"},"candidates":[{"id","name","domain","score",
/// "reasons"}],"reason","warnings"}; "company" and "evidence" are null unless resolved.
nlohmann::json to_json(const Resolution& resolution);

}  // namespace buyergraph::resolve
