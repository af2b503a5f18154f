// URL host extraction and registrable domains from the shared Public Suffix List.
#include "buyergraph/coresignal/web.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "buyergraph/resolve/domain.hpp"

namespace buyergraph::coresignal {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The process-wide list ($BUYERGRAPH_PSL or Debian's), loaded on first use. When it is
// missing the empty list's default "*" rule keeps the last two labels, as before.
const resolve::PublicSuffixList& suffix_list() {
  static const std::shared_ptr<const resolve::PublicSuffixList> list = [] {
    auto loaded = resolve::PublicSuffixList::load_shared(resolve::PublicSuffixList::default_path());
    return loaded ? *loaded
                  : std::make_shared<const resolve::PublicSuffixList>(
                        resolve::PublicSuffixList::parse(""));
  }();
  return *list;
}

}  // namespace

std::string host_of(std::string_view url) { return resolve::parse_url(url).host; }

std::string registrable_domain(std::string_view url_host_or_email) {
  // parse_url drops "user@" like any URL user info, so an email address gives its domain.
  return suffix_list().registrable_domain(url_host_or_email);
}

bool is_platform_host(std::string_view host_in) {
  static const std::array<std::string_view, 22> kPlatforms = {
      "linkedin.com", "facebook.com", "fb.com",   "twitter.com",  "x.com",          "instagram.com",
      "youtube.com",  "tiktok.com",   "yelp.com", "booksy.com",   "crunchbase.com", "glassdoor.com",
      "indeed.com",   "bit.ly",       "t.co",     "linktr.ee",    "goo.gl",         "tinyurl.com",
      "wixsite.com",  "github.io",    "angel.co", "wellfound.com"};
  static const std::array<std::string_view, 4> kPlatformHosts = {
      "apps.apple.com", "play.google.com", "sites.google.com", "business.site"};
  std::string host = host_of(host_in);
  for (auto h : kPlatformHosts)
    if (host == h ||
        (host.size() > h.size() && host.ends_with(h) && host[host.size() - h.size() - 1] == '.'))
      return true;
  std::string reg = registrable_domain(host);
  return std::find(kPlatforms.begin(), kPlatforms.end(), reg) != kPlatforms.end();
}

std::string normalize_linkedin_url(std::string_view url) {
  std::string s = lower(url);
  std::string host = host_of(s);
  if (host != "linkedin.com" && !host.ends_with(".linkedin.com")) return {};
  auto scheme = s.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  auto slash = s.find('/', start);
  if (slash == std::string::npos) return {};
  std::string path = s.substr(slash, s.find_first_of("?#", slash) - slash);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path.size() <= 1) return {};
  return "linkedin.com" + path;
}

}  // namespace buyergraph::coresignal
