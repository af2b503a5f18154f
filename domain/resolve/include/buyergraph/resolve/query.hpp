#pragma once
// What the user typed, classified: name, domain, URL, LinkedIn company URL, ticker or provider id.
#include <string>
#include <string_view>

#include "buyergraph/resolve/text.hpp"

namespace buyergraph::resolve {

/// How a query identifies a company, strongest first: id > linkedin > domain/url > ticker > name.
enum class QueryKind { invalid, id, linkedin, domain, url, ticker, name };

/// "invalid", "id", "linkedin", "domain", "url", "ticker" or "name".
std::string_view to_string(QueryKind kind);

/// A query split into the identifiers it carries. A query built from an account row may carry
/// several (name plus website plus provider id); `kind` is then the strongest one.
///
///   auto q = resolver.parse("NYSE:ACME");   // q.kind == QueryKind::ticker, q.ticker_symbol ==
///   "ACME"
struct ParsedQuery {
  std::string raw;
  QueryKind kind = QueryKind::invalid;
  std::string provider_id;  ///< from "id:XYZ" or an account's provider_id
  std::string name;         ///< the name as given
  NormalizedName name_norm;
  std::string host;                        ///< full host of a domain/URL query, lower-cased
  std::string site;                        ///< host without "www."
  std::string domain;                      ///< registrable domain of `host`
  bool domain_usable = false;              ///< false for platform pages and invalid hosts
  std::vector<std::string> domain_owners;  ///< a denylisted platform root: only these names own it
  std::string linkedin_page;               ///< "company", "school" or "showcase"
  std::string linkedin_slug;               ///< lower-cased, percent-decoded
  std::string linkedin_key;     ///< slug with legal suffixes stripped ("acme-inc" -> "acme")
  std::string ticker_exchange;  ///< upper-cased, empty when not given
  std::string ticker_symbol;    ///< upper-cased
  std::string problem;  ///< why a part of the query cannot identify a company, when it cannot

  bool has_id() const { return !provider_id.empty(); }
  bool has_linkedin() const { return !linkedin_slug.empty(); }
  bool has_domain() const { return domain_usable && !domain.empty(); }
  bool has_ticker() const { return !ticker_symbol.empty(); }
  bool has_name() const { return !name_norm.key.empty(); }
};

}  // namespace buyergraph::resolve
