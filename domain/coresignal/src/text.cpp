// Folding and company-name keys, on utf8proc.
#include "buyergraph/coresignal/text.hpp"

#include <utf8proc.h>

#include <array>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace buyergraph::coresignal {

std::string fold(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                                UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                    static_cast<utf8proc_ssize_t>(text.size()), &mapped, options);
  std::string in;
  if (n >= 0) {
    in.assign(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
  } else {
    // Not UTF-8: keep the ASCII letters and digits, lower-cased.
    for (unsigned char c : text) in.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : ' ');
  }
  std::free(mapped);

  std::string out;
  out.reserve(in.size());
  bool pending_space = false;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(in.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t len = utf8proc_iterate(p, left, &cp);
    if (len <= 0) {
      ++p;
      --left;
      pending_space = true;
      continue;
    }
    auto cat = utf8proc_category(cp);
    bool keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
    if (keep) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(len));
    } else if (cp != '\'' && cp != 0x2019) {  // "O'Brien" folds to "obrien"
      pending_space = true;
    }
    p += len;
    left -= len;
  }
  return out;
}

std::string normalize_company_name(std::string_view name) {
  // Legal-form words, compared after fold(); multi-word forms ("s a") are token sequences.
  static const std::array<std::string_view, 40> kLegalForms = {
      "inc",  "incorporated", "corp", "corporation", "co",  "company", "ltd",      "limited",
      "llc",  "l l c",        "plc",  "gmbh",        "ag",  "sa",      "s a",      "sas",
      "sarl", "bv",           "b v",  "nv",          "n v", "srl",     "spa",      "s p a",
      "oy",   "oyj",          "ab",   "as",          "a s", "asa",     "pty",      "lp",
      "llp",  "kg",           "kk",   "pvt",         "pte", "group",   "holdings", "se"};
  std::string s = fold(name);
  if (s.starts_with("the ")) s.erase(0, 4);
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto form : kLegalForms) {
      // " <form>" at the end, with something before it
      if (s.size() > form.size() + 1 && s.ends_with(form) && s[s.size() - form.size() - 1] == ' ') {
        s.resize(s.size() - form.size() - 1);
        changed = true;
      }
    }
  }
  return s;
}

}  // namespace buyergraph::coresignal
