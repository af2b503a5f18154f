#include "buyergraph/titles/normalize.hpp"

#include <utf8proc.h>

#include "buyergraph/text/unicode.hpp"

#include <cstdlib>
#include <memory>

namespace buyergraph::titles {
namespace {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Keeps only decodable code points, so one bad byte does not throw away the whole title.
std::string drop_invalid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // skip one undecodable byte
      ++p;
      --left;
      continue;
    }
    if (cp != 0) out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    p += n;
    left -= n;
  }
  return out;
}

// NFKD + case fold + strip combining marks; ASCII takes a fast path.
std::string case_fold(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                                      UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  std::string clean = drop_invalid_utf8(s);
  utf8proc_uint8_t* buf = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                                    static_cast<utf8proc_ssize_t>(clean.size()), &buf, options);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(buf, &std::free);
  if (n < 0) return {};
  return std::string(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

struct CodePoints {
  std::vector<utf8proc_int32_t> cps;
  std::vector<std::string_view> bytes;
};

CodePoints decode(std::string_view s) {
  CodePoints out;
  out.cps.reserve(s.size());
  out.bytes.reserve(s.size());
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      ++p;
      --left;
      continue;
    }
    out.cps.push_back(cp);
    out.bytes.emplace_back(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    p += n;
    left -= n;
  }
  return out;
}

// Length of the run of word code points starting at i.
std::size_t run_length(const CodePoints& cp, std::size_t i) {
  std::size_t n = 0;
  while (i + n < cp.cps.size() && text::is_word_code_point(cp.cps[i + n])) ++n;
  return n;
}

void split_tokens(std::string_view text, std::vector<std::string>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
}

}  // namespace

std::string fold_title(std::string_view title) {
  const std::string folded = case_fold(title);
  const CodePoints cp = decode(folded);
  std::string out;
  out.reserve(folded.size() + 8);
  std::size_t token_len = 0;  // code points in the token being built
  auto separate = [&] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
    token_len = 0;
  };
  for (std::size_t i = 0; i < cp.cps.size(); ++i) {
    const utf8proc_int32_t c = cp.cps[i];
    if (text::is_word_code_point(c)) {
      out.append(cp.bytes[i]);
      ++token_len;
    } else if (c == '.' && token_len == 1) {
      // Initialisms: "V.P." -> "vp", "I.T." -> "it". Longer tokens end at a dot ("Sr.").
    } else if (c == '&') {
      // "R&D", "FP&A", "P&L" are words; "Sales&Marketing" and "Sales & Ops" mean "and".
      const bool joined = token_len > 0 && token_len <= 2 && run_length(cp, i + 1) > 0 &&
                          run_length(cp, i + 1) <= 2;
      if (!joined) {
        separate();
        out.append("and");
        separate();
      }
    } else {
      separate();
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string normalize_title(std::string_view title, const NormalizeRules& rules) {
  std::vector<std::string> raw;
  split_tokens(fold_title(title), raw);

  std::vector<std::string> tokens;
  tokens.reserve(raw.size() + 4);
  for (auto& t : raw) {
    auto it = rules.abbreviations.find(t);
    if (it == rules.abbreviations.end())
      tokens.push_back(std::move(t));
    else
      split_tokens(it->second, tokens);
  }

  std::string out;
  out.reserve(title.size() + 16);
  for (std::size_t i = 0; i < tokens.size();) {
    std::size_t skip = 0;
    for (const auto& phrase : rules.drop_phrases) {
      if (phrase.empty() || phrase.size() > tokens.size() - i) continue;
      bool match = true;
      for (std::size_t k = 0; k < phrase.size() && match; ++k) match = tokens[i + k] == phrase[k];
      if (match && phrase.size() > skip) skip = phrase.size();
    }
    if (skip > 0) {
      i += skip;
      continue;
    }
    if (!out.empty()) out.push_back(' ');
    out.append(tokens[i]);
    ++i;
  }
  return out;
}

}  // namespace buyergraph::titles
