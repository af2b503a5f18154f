#pragma once
// Web-address helpers: the host of a URL and its registrable domain (Public Suffix List), so
// companies are matched on "acme.co.uk", never on a LinkedIn or booking-site address.
#include <string>
#include <string_view>

namespace buyergraph::coresignal {

/// The lower-cased host of a URL or bare host ("https://www.Acme.com/x" -> "www.acme.com").
/// Empty when there is none.
///
///   host_of("http://user@shop.acme.co.uk:8080/a?b") == "shop.acme.co.uk"
std::string host_of(std::string_view url);

/// The registrable domain (eTLD+1) of a URL, host or email address, by the process-wide
/// resolve::PublicSuffixList ($BUYERGRAPH_PSL or /usr/share/publicsuffix/public_suffix_list.dat,
/// loaded once; the last two labels when the list is missing). Empty for IP addresses, invalid
/// hosts, single labels and bare public suffixes; an unlisted TLD is its own suffix
/// ("acme.example").
///
///   registrable_domain("https://sketchup.trimble.com") == "trimble.com"
///   registrable_domain("jane@sales.acme.co.uk") == "acme.co.uk"
///   registrable_domain("www.acme.example") == "acme.example"
std::string registrable_domain(std::string_view url_host_or_email);

/// True for hosts that belong to a platform rather than the company itself (social networks,
/// booking and review sites, link shorteners, app stores): a domain must never be derived from
/// them.
///
///   is_platform_host("www.linkedin.com") == true
bool is_platform_host(std::string_view host);

/// A LinkedIn profile or company URL reduced to "linkedin.com/in/<slug>" (lower case, no
/// scheme, www, query or trailing slash), the match key for people; empty when not LinkedIn.
///
///   normalize_linkedin_url("https://www.LinkedIn.com/in/Jane-Doe-1234/?x=1") ==
///       "linkedin.com/in/jane-doe-1234"
std::string normalize_linkedin_url(std::string_view url);

}  // namespace buyergraph::coresignal
