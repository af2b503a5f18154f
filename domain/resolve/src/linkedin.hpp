#pragma once
// LinkedIn company-page URLs (internal).
#include <string>

#include "buyergraph/resolve/domain.hpp"

namespace buyergraph::resolve::detail {

/// For ".../company/<slug>", ".../school/<slug>" or ".../showcase/<slug>" on linkedin.com, sets
/// the page kind and the lower-cased, percent-decoded slug.
bool linkedin_company_slug(const Url& url, std::string& page, std::string& slug);

}  // namespace buyergraph::resolve::detail
