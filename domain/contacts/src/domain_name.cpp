// Host-name normalisation shared by the email parser and the company-domain comparison.
#include "buyergraph/contacts/domain_name.hpp"

#include <idn2.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace buyergraph::contacts {
namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_ldh(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// UTS #46 mapping plus punycode; nullopt when libidn2 refuses the name.
std::optional<std::string> idn_to_ascii(std::string_view host) {
  std::string input(host);
  char* out = nullptr;
  int rc = idn2_to_ascii_8z(input.c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  std::unique_ptr<char, decltype(&idn2_free)> guard(out, &idn2_free);
  if (rc != IDN2_OK || out == nullptr) return std::nullopt;
  return std::string(out);
}

}  // namespace

HostCheck normalize_host(std::string_view host) {
  HostCheck r;
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) {
    r.reason = "domain_empty";
    return r;
  }
  std::string ascii;
  if (is_ascii(host)) {
    ascii.reserve(host.size());
    for (char c : host) ascii.push_back(lower(c));
  } else {
    auto converted = idn_to_ascii(host);
    if (!converted) {
      r.reason = "idn_invalid";
      return r;
    }
    ascii = std::move(*converted);
    for (char& c : ascii) c = lower(c);
    r.idn = true;
  }
  if (ascii.size() > 253) {
    r.reason = "domain_too_long";
    return r;
  }
  std::size_t labels = 0;
  std::string_view last;
  std::string_view rest(ascii);
  while (true) {
    auto dot = rest.find('.');
    std::string_view label = rest.substr(0, dot);
    if (label.empty()) {
      r.reason = "label_empty";
      return r;
    }
    if (label.size() > 63) {
      r.reason = "label_too_long";
      return r;
    }
    if (!std::all_of(label.begin(), label.end(), is_ldh)) {
      r.reason = "label_bad_char";
      return r;
    }
    if (label.front() == '-' || label.back() == '-') {
      r.reason = "label_hyphen";
      return r;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (labels < 2) {
    r.reason = "single_label";
    return r;
  }
  if (std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    r.reason = "numeric_tld";
    return r;
  }
  r.ascii = std::move(ascii);
  return r;
}

std::optional<std::string> host_of_company_domain(std::string_view text) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
      s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  if (auto scheme = text.find("://"); scheme != std::string_view::npos)
    text.remove_prefix(scheme + 3);
  if (auto at = text.find('@'); at != std::string_view::npos)
    text.remove_prefix(at + 1);  // "user@host"
  text = text.substr(0, text.find_first_of("/?#"));
  if (auto colon = text.rfind(':'); colon != std::string_view::npos) text = text.substr(0, colon);
  auto check = normalize_host(text);
  if (!check.reason.empty()) return std::nullopt;
  return std::move(check.ascii);
}

}  // namespace buyergraph::contacts
