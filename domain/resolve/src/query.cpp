// Query classification: which identifier did the user give us?
#include <algorithm>
#include <cctype>

#include "buyergraph/resolve/resolver.hpp"
#include "linkedin.hpp"

namespace buyergraph::resolve {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool valid_symbol(std::string_view s) {
  if (s.empty() || s.size() > 10 || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  });
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool trivial_path(std::string_view path) { return path.empty() || path == "/"; }

}  // namespace

std::string_view to_string(QueryKind kind) {
  switch (kind) {
    case QueryKind::id:
      return "id";
    case QueryKind::linkedin:
      return "linkedin";
    case QueryKind::domain:
      return "domain";
    case QueryKind::url:
      return "url";
    case QueryKind::ticker:
      return "ticker";
    case QueryKind::name:
      return "name";
    case QueryKind::invalid:
      break;
  }
  return "invalid";
}

namespace detail {
bool linkedin_company_slug(const Url& url, std::string& page, std::string& slug) {
  std::vector<std::string_view> segs;
  std::string_view path = url.path;
  while (!path.empty()) {
    auto start = path.find_first_not_of('/');
    if (start == std::string_view::npos) break;
    path.remove_prefix(start);
    auto end = path.find('/');
    segs.push_back(path.substr(0, end));
    if (end == std::string_view::npos) break;
    path.remove_prefix(end);
  }
  if (segs.size() < 2) return false;
  std::string kind(segs[0]);
  for (auto& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (kind != "company" && kind != "school" && kind != "showcase") return false;
  std::string s = percent_decode(segs[1]);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s.empty()) return false;
  page = kind;
  slug = s;
  return true;
}
}  // namespace detail

bool Resolver::parse_ticker(std::string_view text, ParsedQuery& q) const {
  if (!text.empty() && text.front() == '$') {
    auto sym = trim(text.substr(1));
    if (!valid_symbol(sym)) return false;
    q.ticker_symbol = upper(sym);
    return true;
  }
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  std::string exchange = upper(trim(text.substr(0, colon)));
  auto sym = trim(text.substr(colon + 1));
  if (std::find(exchanges_.begin(), exchanges_.end(), exchange) == exchanges_.end()) return false;
  if (!valid_symbol(sym)) return false;
  q.ticker_exchange = exchange;
  q.ticker_symbol = upper(sym);
  return true;
}

void Resolver::parse_host_part(std::string_view text, ParsedQuery& q) const {
  Url url = parse_url(text);
  q.host = url.host;
  q.kind = (!url.scheme.empty() || !trivial_path(url.path)) ? QueryKind::url : QueryKind::domain;
  if (url.is_ip) {
    q.problem = "an IP address (" + url.host + ") identifies no company";
    return;
  }
  if (!url.valid) {
    q.problem = "'" + url.host + "' is not a valid host name";
    return;
  }
  q.site = site_of(url.host);
  q.domain = psl_->registrable_domain(url.host);
  if (q.domain.empty()) {
    q.problem = "'" + url.host + "' is a public suffix, not a company domain";
    return;
  }
  if (q.domain == "linkedin.com" && !trivial_path(url.path)) {
    q.kind = QueryKind::linkedin;
    if (!detail::linkedin_company_slug(url, q.linkedin_page, q.linkedin_slug)) {
      q.problem = "LinkedIn URL is not a company page (profiles and posts identify no company)";
      return;
    }
    std::string spaced = q.linkedin_slug;
    std::replace(spaced.begin(), spaced.end(), '-', ' ');
    q.linkedin_key = names_.normalize(spaced).compact;
    return;  // linkedin.com is never the company's domain
  }
  if (const auto* entry = denylist_.find(url.host)) {
    if (entry->owners.empty()) {
      q.problem =
          "'" + entry->host + "' is a platform host; it never identifies a company's website";
      return;
    }
    if (!trivial_path(url.path)) {
      q.problem = "a page on platform host '" + entry->host + "' identifies no company";
      return;
    }
    q.domain_owners = entry->owners;
  }
  q.domain_usable = true;
}

namespace {
// What a refused over-long query echoes: its start, never megabytes of it.
std::string head_of(std::string_view t) {
  constexpr std::size_t kShown = 60;
  if (t.size() <= kShown) return std::string(t);
  std::size_t cut = kShown;
  while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 start
  return std::string(t.substr(0, cut)) + "...";
}
std::string too_long(std::size_t bytes) {
  return "the query is " + std::to_string(bytes) + " bytes long; no company name, website or id " +
         "is longer than " + std::to_string(kMaxNameBytes) + " bytes";
}
}  // namespace

ParsedQuery Resolver::parse(std::string_view text) const {
  ParsedQuery q;
  std::string_view t = trim(text);
  if (t.size() > kMaxNameBytes) {
    q.raw = head_of(t);
    q.problem = too_long(t.size());
    return q;
  }
  q.raw = std::string(t);
  if (t.empty()) {
    q.problem = "empty query";
    return q;
  }
  if (t.size() > 3 && (t[0] == 'i' || t[0] == 'I') && (t[1] == 'd' || t[1] == 'D') && t[2] == ':') {
    q.provider_id = std::string(trim(t.substr(3)));
    if (!q.provider_id.empty()) q.kind = QueryKind::id;
    return q;
  }
  if (parse_ticker(t, q)) {
    q.kind = QueryKind::ticker;
    return q;
  }
  const bool spaced = std::any_of(
      t.begin(), t.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  bool hostlike = t.find("://") != std::string_view::npos || t.substr(0, 4) == "www.";
  if (!hostlike && !spaced && t.find('.') != std::string_view::npos) {
    Url url = parse_url(t);
    std::string tld = url.host.substr(url.host.rfind('.') + 1);
    hostlike =
        url.is_ip ||
        (url.valid && (psl_->has_known_suffix(url.host) || tld == "example" || tld == "test"));
  }
  if (hostlike) {
    parse_host_part(t, q);
    return q;
  }
  return parse_name(t);
}

ParsedQuery Resolver::parse_name(std::string_view text) const {
  ParsedQuery q;
  std::string_view t = trim(text);
  if (t.size() > kMaxNameBytes) {
    q.raw = head_of(t);
    q.problem = too_long(t.size());
    return q;
  }
  q.raw = q.name = std::string(t);
  q.name_norm = names_.normalize(q.raw);
  if (q.name_norm.key.empty()) {
    q.problem = t.empty() ? "empty query" : "the name has no letters or digits";
    return q;
  }
  q.kind = QueryKind::name;
  return q;
}

ParsedQuery Resolver::parse(const sdk::Account& account) const {
  ParsedQuery q;
  q.raw = !account.name.empty()     ? account.name
          : !account.domain.empty() ? account.domain
                                    : account.provider_id;
  for (const std::string* part : {&account.name, &account.domain, &account.provider_id}) {
    if (part->size() > kMaxNameBytes) {
      q.raw = head_of(q.raw);
      q.problem = too_long(part->size());
      return q;
    }
  }
  if (!std::string_view(trim(account.domain)).empty()) parse_host_part(trim(account.domain), q);
  if (!account.name.empty()) {
    q.name = account.name;
    q.name_norm = names_.normalize(account.name);
  }
  q.provider_id = std::string(trim(account.provider_id));
  if (q.has_id()) {
    q.kind = QueryKind::id;
  } else if (q.has_linkedin()) {
    q.kind = QueryKind::linkedin;
  } else if (q.has_domain()) {
    // kind already domain or url
  } else if (q.has_name()) {
    q.kind = QueryKind::name;
  } else {
    q.kind = QueryKind::invalid;
  }
  return q;
}

}  // namespace buyergraph::resolve
