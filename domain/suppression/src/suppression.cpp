// Normalisation, file parsing and matching for the suppression list.
#include "buyergraph/suppression/suppression.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "buyergraph/store/store.hpp"

namespace buyergraph::suppression {
namespace {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// ASCII only: bytes >= 0x80 (IDN in UTF-8) pass through unchanged.
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool has_space(std::string_view s) {
  for (char c : s)
    if (c == ' ' || c == '\t' || c == ',' || c == ';') return true;
  return false;
}

sdk::Error invalid(std::string message) { return {"invalid_input", std::move(message), false}; }

// Drops "scheme://", then splits host from the rest; query and fragment are removed.
struct UrlParts {
  std::string host;  // lower-cased, no "www.", no port, no trailing dot
  std::string path;  // lower-cased, starts with '/' or is empty, no trailing slash
};

UrlParts split_url(std::string_view value) {
  std::string s = lower(trim(value));
  if (auto p = s.find("://"); p != std::string::npos) s.erase(0, p + 3);
  if (auto p = s.find_first_of("?#"); p != std::string::npos) s.erase(p);
  UrlParts u;
  auto slash = s.find('/');
  u.host = s.substr(0, slash);
  if (slash != std::string::npos) u.path = s.substr(slash);
  if (auto at = u.host.rfind('@'); at != std::string::npos) u.host.erase(0, at + 1);  // user@
  if (auto colon = u.host.find(':'); colon != std::string::npos) u.host.erase(colon);
  while (!u.host.empty() && u.host.back() == '.') u.host.pop_back();
  if (u.host.rfind("www.", 0) == 0) u.host.erase(0, 4);
  while (!u.path.empty() && u.path.back() == '/') u.path.pop_back();
  return u;
}

bool is_linkedin_host(std::string_view host) {
  constexpr std::string_view kHost = "linkedin.com";
  if (host == kHost) return true;
  // uk.linkedin.com, de.linkedin.com, m.linkedin.com ...
  return host.size() > kHost.size() && host.ends_with(kHost) &&
         host[host.size() - kHost.size() - 1] == '.';
}

sdk::Result<std::string> normalize_email(std::string_view value) {
  std::string s = lower(trim(value));
  if (s.rfind("mailto:", 0) == 0) s = std::string(trim(std::string_view(s).substr(7)));
  if (s.empty()) return invalid("empty email");
  auto at = s.find('@');
  if (at == std::string::npos) return invalid("not an email address (no '@')");
  if (s.find('@', at + 1) != std::string::npos) return invalid("not an email address (two '@')");
  if (at == 0 || at + 1 == s.size()) return invalid("not an email address (empty part around '@')");
  if (has_space(s)) return invalid("not an email address (contains a space or separator)");
  while (!s.empty() && s.back() == '.') s.pop_back();
  if (s.find('.', at) == std::string::npos) return invalid("email domain has no '.'");
  return s;
}

sdk::Result<std::string> normalize_domain(std::string_view value) {
  if (trim(value).empty()) return invalid("empty domain");
  std::string_view t = trim(value);
  if (t.find('@') != std::string_view::npos && t.find("://") == std::string_view::npos)
    return invalid("a domain has no '@' (use kind email for addresses)");
  UrlParts u = split_url(t);
  if (u.host.empty()) return invalid("no host name");
  if (has_space(u.host)) return invalid("a domain has no spaces or separators");
  if (u.host.find('.') == std::string::npos) return invalid("a domain needs a '.'");
  if (u.host.front() == '.' || u.host.find("..") != std::string::npos)
    return invalid("a domain has an empty label");
  return u.host;
}

sdk::Result<std::string> normalize_profile_url(std::string_view value) {
  if (trim(value).empty()) return invalid("empty profile URL");
  UrlParts u = split_url(value);
  if (u.host.empty()) return invalid("no host name in the profile URL");
  if (has_space(u.host) || u.host.find('.') == std::string::npos)
    return invalid("not a URL host name");
  if (u.path.empty()) return invalid("a profile URL needs a path (use kind domain for a site)");
  if (is_linkedin_host(u.host)) {
    if (u.path == "/in") return invalid("LinkedIn profile URL without a name after /in/");
    if (u.path.rfind("/in/", 0) == 0) {
      std::string slug = u.path.substr(4);
      if (auto p = slug.find('/'); p != std::string::npos) slug.erase(p);
      if (slug.empty()) return invalid("LinkedIn profile URL without a name after /in/");
      return "linkedin.com/in/" + slug;
    }
    return "linkedin.com" + u.path;
  }
  return u.host + u.path;
}

// The domain of an email (already lower-cased), without a trailing dot.
std::string_view email_domain(std::string_view email) {
  auto at = email.rfind('@');
  return at == std::string_view::npos ? std::string_view{} : email.substr(at + 1);
}

}  // namespace

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::email:
      return "email";
    case Kind::domain:
      return "domain";
    case Kind::profile_url:
      return "profile_url";
  }
  return "email";
}

std::optional<Kind> parse_kind(std::string_view name) {
  std::string n = lower(trim(name));
  if (n == "email") return Kind::email;
  if (n == "domain") return Kind::domain;
  if (n == "profile_url") return Kind::profile_url;
  return std::nullopt;
}

std::optional<Kind> guess_kind(std::string_view value) {
  std::string_view v = trim(value);
  if (v.empty()) return std::nullopt;
  // A URL may hold an '@' (medium.com/@jane); an address never holds a '/'.
  bool slash = v.find('/') != std::string_view::npos;
  if (v.find('@') != std::string_view::npos && !slash) return Kind::email;
  if (slash) return Kind::profile_url;
  return Kind::domain;
}

sdk::Result<std::string> normalize(Kind kind, std::string_view value) {
  switch (kind) {
    case Kind::email:
      return normalize_email(value);
    case Kind::domain:
      return normalize_domain(value);
    case Kind::profile_url:
      return normalize_profile_url(value);
  }
  return invalid("unknown kind");
}

sdk::Result<std::vector<FileEntry>> parse_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return sdk::Error{"not_found", "cannot read " + path, false};
  std::vector<FileEntry> out;
  std::string errors;
  int bad = 0;
  auto fail = [&](int line, const std::string& message) {
    if (++bad <= 20) errors += path + ":" + std::to_string(line) + ": " + message + "\n";
  };
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    std::string_view text = raw;
    if (line == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM
    text = trim(text);
    if (text.empty() || text.front() == '#') continue;
    FileEntry e{Kind::email, {}, {}, line};
    std::string_view value = text;
    if (auto comma = text.find(','); comma != std::string_view::npos) {
      std::string_view first = trim(text.substr(0, comma));
      if (out.empty() && bad == 0 && lower(first) == "kind") continue;  // header
      auto kind = parse_kind(first);
      if (!kind) {
        fail(line, "unknown kind '" + std::string(first.substr(0, 40)) +
                       "' (email, domain, profile_url)");
        continue;
      }
      e.kind = *kind;
      std::string_view rest = text.substr(comma + 1);
      auto comma2 = rest.find(',');
      value = trim(rest.substr(0, comma2));
      if (comma2 != std::string_view::npos) {
        std::string_view reason = trim(rest.substr(comma2 + 1));
        if (reason.size() >= 2 && reason.front() == '"' && reason.back() == '"')
          reason = reason.substr(1, reason.size() - 2);
        e.reason = reason;
      }
    } else {
      auto kind = guess_kind(text);
      if (!kind) continue;  // unreachable: blank lines were skipped
      e.kind = *kind;
    }
    auto norm = normalize(e.kind, value);
    if (!norm) {
      fail(line, norm.error().message);
      continue;
    }
    e.value = std::move(*norm);
    out.push_back(std::move(e));
  }
  if (in.bad()) return sdk::Error{"io_error", "error reading " + path, false};
  if (bad > 0) {
    if (bad > 20) errors += std::to_string(bad - 20) + " more bad lines\n";
    errors.pop_back();
    return invalid(errors);
  }
  return out;
}

sdk::Result<SuppressionList> SuppressionList::load(store::Store& store) {
  auto rows = store.suppressions();
  if (!rows) return rows.error();
  SuppressionList list;
  for (const auto& r : *rows)
    if (auto kind = parse_kind(r.kind)) (void)list.add(*kind, r.value);
  return list;
}

sdk::Result<SuppressionList> SuppressionList::load_file(const std::string& path) {
  auto entries = parse_file(path);
  if (!entries) return entries.error();
  SuppressionList list;
  for (auto& e : *entries) {
    auto& set = e.kind == Kind::email    ? list.emails_
                : e.kind == Kind::domain ? list.domains_
                                         : list.profile_urls_;
    set.insert(std::move(e.value));
  }
  return list;
}

sdk::Status SuppressionList::add(Kind kind, std::string_view value) {
  auto norm = normalize(kind, value);
  if (!norm) return sdk::Status::from(norm.error());
  auto& set = kind == Kind::email ? emails_ : kind == Kind::domain ? domains_ : profile_urls_;
  set.insert(std::move(*norm));
  return sdk::Status::ok();
}

void SuppressionList::merge(const SuppressionList& other) {
  emails_.insert(other.emails_.begin(), other.emails_.end());
  domains_.insert(other.domains_.begin(), other.domains_.end());
  profile_urls_.insert(other.profile_urls_.begin(), other.profile_urls_.end());
}

bool SuppressionList::domain_or_parent_suppressed(std::string_view domain) const {
  if (domains_.empty()) return false;
  // contoso.example, then its parents: a.b.contoso.example -> b.contoso.example -> ...
  while (!domain.empty()) {
    if (domains_.count(std::string(domain))) return true;
    auto dot = domain.find('.');
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return false;
}

std::optional<std::string> SuppressionList::why(const sdk::Person& person) const {
  if (empty()) return std::nullopt;
  bool domain_hit = false;
  for (const auto& c : person.contacts) {
    // An email may be filed under another kind by a sloppy source: the '@' decides.
    if (c.kind != "email" && c.value.find('@') == std::string::npos) continue;
    for (const std::string* raw : {&c.value, &c.normalized}) {
      if (raw->empty()) continue;
      auto email = normalize_email(*raw);
      if (!email) continue;
      if (emails_.count(*email)) return "suppressed email";
      domain_hit = domain_hit || domain_or_parent_suppressed(email_domain(*email));
    }
  }
  if (domain_hit) return "suppressed email domain";
  if (!profile_urls_.empty()) {
    auto matches = [&](const std::string& url) {
      if (url.empty()) return false;
      auto norm = normalize_profile_url(url);
      return norm && profile_urls_.count(*norm) > 0;
    };
    if (matches(person.profile_url)) return "suppressed profile URL";
    for (const auto& alt : person.alt_ids)
      if (alt.find('/') != std::string::npos && matches(alt)) return "suppressed profile URL";
  }
  return std::nullopt;
}

bool SuppressionList::suppresses_company_domain(std::string_view domain_or_website) const {
  if (domains_.empty()) return false;
  auto norm = normalize_domain(domain_or_website);
  if (!norm) return false;
  return domain_or_parent_suppressed(*norm);
}

namespace {

// True when any string value of this object (not nested) is a suppressed email or profile URL.
bool names_suppressed(const nlohmann::json& entry, const SuppressionList& list) {
  for (const auto& item : entry.items()) {
    const auto& v = item.value();
    if (!v.is_string()) continue;
    const auto& text = v.get_ref<const std::string&>();
    if (text.find('@') != std::string::npos && text.find('/') == std::string::npos) {
      auto email = normalize_email(text);
      if (email && list.emails().count(*email)) return true;
    } else if (text.find('/') != std::string::npos) {
      auto url = normalize_profile_url(text);
      if (url && list.profile_urls().count(*url)) return true;
    }
  }
  return false;
}

std::size_t scrub_json(nlohmann::json& j, const SuppressionList& list) {
  std::size_t removed = 0;
  if (j.is_array()) {
    for (auto it = j.begin(); it != j.end();) {
      if (it->is_object() && names_suppressed(*it, list)) {
        it = j.erase(it);
        ++removed;
      } else {
        removed += scrub_json(*it, list);
        ++it;
      }
    }
  } else if (j.is_object()) {
    for (auto& item : j.items()) removed += scrub_json(item.value(), list);
  }
  return removed;
}

}  // namespace

std::size_t SuppressionList::scrub(sdk::Company& company) const {
  if (emails_.empty() && profile_urls_.empty()) return 0;
  return scrub_json(company.signals, *this);
}

}  // namespace buyergraph::suppression
