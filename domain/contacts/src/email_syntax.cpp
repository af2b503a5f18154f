// Email syntax: a practical subset of RFC 5321/5322 (see the header for what is accepted).
#include "buyergraph/contacts/email_syntax.hpp"

#include <algorithm>
#include <cstring>

#include <utf8proc.h>

#include "buyergraph/contacts/domain_name.hpp"
#include "buyergraph/text/unicode.hpp"

namespace buyergraph::contacts {
namespace {

constexpr std::size_t kMaxLocal = 64;     // RFC 5321 4.5.3.1.1
constexpr std::size_t kMaxAddress = 254;  // RFC 5321 path limit (256) minus the angle brackets
constexpr std::size_t kMaxDomain = 253;   // RFC 1035, in octets as written

bool is_atext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

EmailSyntax fail(std::string reason, std::string detail) {
  EmailSyntax e;
  e.reason = std::move(reason);
  e.detail = std::move(detail);
  return e;
}

// Dot-atom: atext runs separated by single dots. Returns "" or the failed rule.
std::string check_dot_atom(std::string_view local) {
  if (local.front() == '.') return "local_leading_dot";
  if (local.back() == '.') return "local_trailing_dot";
  if (local.find("..") != std::string_view::npos) return "local_double_dot";
  for (char c : local) {
    if (static_cast<unsigned char>(c) >= 0x80) return "smtputf8";
    if (c != '.' && !is_atext(c)) return "local_bad_char";
  }
  return {};
}

// Quoted string: '"' (qtext | '\' printable)* '"'. Returns "" or the failed rule.
std::string check_quoted(std::string_view local) {
  if (local.size() < 2 || local.back() != '"') return "quote_unterminated";
  for (std::size_t i = 1; i + 1 < local.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(local[i]);
    if (c >= 0x80) return "smtputf8";
    if (c == '\\') {
      ++i;
      if (i + 1 >= local.size()) return "quote_bad_escape";
      unsigned char e = static_cast<unsigned char>(local[i]);
      if (e < 0x20 || e > 0x7e) return "quote_bad_escape";
      continue;
    }
    if (c == '"') return "quote_unterminated";
    if (c < 0x20 || c > 0x7e) return "quote_bad_char";
  }
  return {};
}

// "" when every character may appear in an address we hand out, else the failed rule. Invisible,
// direction-changing and combining characters let one address display as another (spoofing),
// so they are refused anywhere in the address, before any other rule looks at it.
std::string check_characters(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(p + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) return "bad_utf8";
    if (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS) return "whitespace";
    if (text::is_unsafe_code_point(cp) && !(cp < 0x80 && is_space(static_cast<char>(cp))))
      return "unsafe_character";
    i += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

std::string EmailSyntax::normalized() const {
  if (!ok) return {};
  std::string out = local;
  if (!quoted_local) {
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
  }
  return out + "@" + domain;
}

EmailSyntax parse_email(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return fail("syntax_invalid", "empty");
  if (auto bad = check_characters(text); !bad.empty()) return fail("syntax_invalid", bad);
  // Limits count octets as written (RFC 6531 counts UTF-8 octets), not the punycode form.
  if (text.size() > kMaxAddress) return fail("syntax_invalid", "address_too_long");

  // Split at the "@" that ends the local part; a quoted local part may itself hold "@".
  std::size_t at = std::string_view::npos;
  bool quoted = text.front() == '"';
  if (quoted) {
    std::size_t i = 1;
    for (; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        break;
      }
    }
    if (i + 1 < text.size() && text[i + 1] == '@') at = i + 1;
    if (at == std::string_view::npos) return fail("syntax_invalid", "quote_unterminated");
  } else {
    at = text.find('@');
    if (at == std::string_view::npos) return fail("syntax_invalid", "missing_at");
  }
  std::string_view local = text.substr(0, at);
  std::string_view domain = text.substr(at + 1);
  if (local.empty()) return fail("syntax_invalid", "local_empty");
  if (domain.find('@') != std::string_view::npos) return fail("syntax_invalid", "multiple_at");
  if (std::any_of(text.begin(), text.end(), is_space) && !quoted) {
    return fail("syntax_invalid", "whitespace");
  }
  if (std::any_of(domain.begin(), domain.end(), is_space))
    return fail("syntax_invalid", "whitespace");
  if (local.size() > kMaxLocal) return fail("syntax_invalid", "local_part_too_long");
  if (domain.size() > kMaxDomain) return fail("syntax_invalid", "domain_too_long");

  std::string problem = quoted ? check_quoted(local) : check_dot_atom(local);
  if (problem == "smtputf8") return fail("smtputf8_unsupported", "non_ascii_local_part");
  if (!problem.empty()) return fail("syntax_invalid", problem);

  if (domain.empty()) return fail("syntax_invalid", "domain_empty");
  if (domain.front() == '[') return fail("syntax_invalid", "domain_literal");
  if (domain.back() == '.') return fail("syntax_invalid", "domain_trailing_dot");
  auto host = normalize_host(domain);
  if (!host.reason.empty()) return fail("syntax_invalid", host.reason);
  if (local.size() + 1 + host.ascii.size() > kMaxAddress) {
    return fail("syntax_invalid", "address_too_long");
  }

  EmailSyntax e;
  e.ok = true;
  e.local = std::string(local);
  e.domain = std::move(host.ascii);
  e.quoted_local = quoted;
  e.idn = host.idn;
  return e;
}

}  // namespace buyergraph::contacts
