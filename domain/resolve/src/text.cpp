// Name folding and tokenising. Folding is NFKC + case fold + mark stripping (libutf8proc); the
// tokenizer then decides which punctuation joins and which separates.
#include "buyergraph/resolve/text.hpp"

#include <utf8proc.h>

#include "buyergraph/text/unicode.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace buyergraph::resolve {
namespace {

void append_utf8(std::string& out, utf8proc_int32_t cp) {
  utf8proc_uint8_t buf[4];
  auto n = utf8proc_encode_char(cp, buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

// Keeps only valid UTF-8 sequences, so utf8proc_map never fails on user input.
std::string valid_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
  auto left = static_cast<utf8proc_ssize_t>(in.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {
      ++p;
      --left;
      continue;
    }
    append_utf8(out, cp);
    p += n;
    left -= n;
  }
  return out;
}

// Letters Unicode does not decompose into base + mark, folded the way people type them.
const char* latin_extra(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x00F8:
      return "o";  // ø
    case 0x00E6:
      return "ae";  // æ
    case 0x0153:
      return "oe";  // œ
    case 0x0142:
      return "l";  // ł
    case 0x0111:
      return "d";  // đ
    case 0x00F0:
      return "d";  // ð
    case 0x00FE:
      return "th";  // þ
    case 0x0131:
      return "i";  // dotless ı
    case 0x0127:
      return "h";  // ħ
    default:
      return nullptr;
  }
}

bool is_apostrophe(utf8proc_int32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == '`';
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

}  // namespace

std::string fold(std::string_view text) {
  std::string clean = valid_utf8(text);
  utf8proc_uint8_t* mapped = nullptr;
  auto options =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                        static_cast<utf8proc_ssize_t>(clean.size()), &mapped, options);
  if (n < 0 || mapped == nullptr) {
    std::free(mapped);
    return {};
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(n));
  const utf8proc_uint8_t* p = mapped;
  utf8proc_ssize_t left = n;
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    auto k = utf8proc_iterate(p, left, &cp);
    if (k <= 0) break;
    if (const char* extra = latin_extra(cp)) {
      out += extra;
    } else {
      append_utf8(out, cp);
    }
    p += k;
    left -= k;
  }
  std::free(mapped);
  return out;
}

std::vector<std::string> tokenize(std::string_view text) {
  std::string folded = fold(text);
  std::vector<std::string> tokens;
  std::string current;
  bool dot_seen = false;       // the separator before `current` contained a dot
  bool last_initials = false;  // the last emitted token is a run of dotted single letters
  auto flush = [&] {
    if (current.empty()) return;
    bool single_letter =
        current.size() == 1 && std::isalpha(static_cast<unsigned char>(current[0]));
    if (single_letter && dot_seen && last_initials && !tokens.empty()) {
      tokens.back() += current;  // "s" "." "a" -> "sa"
    } else {
      tokens.push_back(current);
      last_initials = single_letter;
    }
    current.clear();
    dot_seen = false;
  };
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(folded.data());
  auto left = static_cast<utf8proc_ssize_t>(folded.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) break;
    p += n;
    left -= n;
    if (text::is_word_code_point(cp)) {
      append_utf8(current, cp);
    } else if (is_apostrophe(cp)) {
      // "McDonald's" -> "mcdonalds": an apostrophe joins.
    } else if (cp == '&') {
      flush();
      tokens.push_back("and");
      last_initials = false;
    } else {
      flush();
      if (cp == '.') dot_seen = true;
    }
  }
  flush();
  return tokens;
}

NameNormalizer::NameNormalizer(const std::vector<std::string>& suffixes,
                               const std::vector<std::string>& markers,
                               const NameConventions& conventions) {
  for (const auto& line : suffixes) {
    std::string canonical;
    std::size_t start = 0;
    while (start <= line.size()) {
      auto bar = line.find('|', start);
      auto t = tokenize(line.substr(start, bar == std::string::npos ? bar : bar - start));
      if (!t.empty()) {
        if (canonical.empty()) canonical = join(t, " ");
        bool known = std::any_of(suffixes_.begin(), suffixes_.end(),
                                 [&](const Suffix& s) { return s.tokens == t; });
        if (!known) suffixes_.push_back({t, canonical});
      }
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
  }
  std::stable_sort(suffixes_.begin(), suffixes_.end(), [](const Suffix& a, const Suffix& b) {
    return a.tokens.size() > b.tokens.size();
  });
  for (const auto& sfx : suffixes_)
    if (sfx.tokens.size() == 1) suffix_words_.insert(sfx.tokens.front());
  auto words_of = [](const std::vector<std::string>& lines, std::unordered_set<std::string>& out) {
    for (const auto& l : lines)
      for (auto& t : tokenize(l)) out.insert(std::move(t));
  };
  words_of(markers, markers_);
  words_of(conventions.articles, articles_);
  words_of(conventions.weak_words, weak_);
  words_of(conventions.jurisdictions, jurisdictions_);
  for (const auto& line : conventions.abbreviations) {
    std::string canonical;
    std::size_t start = 0;
    while (start <= line.size()) {
      auto bar = line.find('|', start);
      auto t = tokenize(line.substr(start, bar == std::string::npos ? bar : bar - start));
      if (t.size() == 1) {
        if (canonical.empty())
          canonical = t.front();
        else
          abbreviations_.emplace(t.front(), canonical);
      }
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
  }
}

// "QUALCOMM INC/DE" -> "QUALCOMM INC", "BOEING CO /NEW/" -> "BOEING CO": at the END of the
// name, a slash, a listed code and maybe a closing slash, after a space or a legal form (so
// "AC/DC" keeps its "DC"). Each round removes text, so the whole is linear.
std::string NameNormalizer::drop_jurisdiction_markers(std::string_view name) const {
  auto lower = [](std::string_view w) {
    std::string out(w);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  for (;;) {
    std::size_t end = name.size();
    while (end > 0 && name[end - 1] == ' ') --end;
    if (end > 0 && name[end - 1] == ')') {
      // "First Bancorp, Inc (ME)": a listed code in parentheses, after a space.
      std::size_t open = name.rfind('(', end - 1);
      if (open != std::string_view::npos && open > 0 && name[open - 1] == ' ' &&
          jurisdictions_.count(lower(name.substr(open + 1, end - 1 - open - 1)))) {
        name = name.substr(0, open - 1);
        continue;
      }
      break;
    }
    if (end > 0 && name[end - 1] == '/') --end;
    std::size_t slash = end;
    while (slash > 0 && std::isalpha(static_cast<unsigned char>(name[slash - 1]))) --slash;
    if (slash == 0 || slash == end || name[slash - 1] != '/' ||
        !jurisdictions_.count(lower(name.substr(slash, end - slash))))
      break;
    std::size_t before = slash - 1;  // the slash
    std::size_t word = before;
    while (word > 0 && name[word - 1] != ' ') --word;
    const bool after_space = before > 0 && name[before - 1] == ' ';
    bool after_legal_form = false;
    if (!after_space && word < before) {
      auto t = tokenize(name.substr(word, before - word));
      after_legal_form = t.size() == 1 && suffix_words_.count(t.front()) > 0;
    }
    if (!after_space && !after_legal_form) break;
    name = name.substr(0, before);
  }
  return std::string(name);
}

NormalizedName NameNormalizer::normalize(std::string_view name) const {
  NormalizedName n;
  if (name.size() > kMaxNameBytes) return n;  // refused: empty key, never compared
  n.tokens = tokenize(jurisdictions_.empty() ? std::string(name) : drop_jurisdiction_markers(name));
  // Registry abbreviations to their long form ("intl" -> "international"), then runs of single
  // letters merged ("horton d r" -> "horton dr", as "D. R. Horton" tokenizes to "dr horton").
  std::vector<std::string> merged;
  merged.reserve(n.tokens.size());
  bool last_single = false;
  for (auto& t : n.tokens) {
    if (auto a = abbreviations_.find(t); a != abbreviations_.end()) t = a->second;
    const bool single = t.size() == 1 && std::isalpha(static_cast<unsigned char>(t[0]));
    if (single && last_single)
      merged.back() += t;
    else
      merged.push_back(std::move(t));
    last_single = single;
  }
  n.tokens = std::move(merged);
  // Articles at either end: "The Boeing Company", "Boeing Company (The)".
  auto is_article = [&](const std::string& t) { return t == "the" || articles_.count(t) > 0; };
  if (n.tokens.size() > 1 && is_article(n.tokens.back())) n.tokens.pop_back();
  if (n.tokens.size() > 1 && is_article(n.tokens.front())) n.tokens.erase(n.tokens.begin());
  n.core = n.tokens;
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (const auto& suffix : suffixes_) {
      const auto& seq = suffix.tokens;
      if (n.core.size() <= seq.size()) continue;  // never strip a name down to nothing
      if (!std::equal(seq.begin(), seq.end(), n.core.end() - static_cast<long>(seq.size())))
        continue;
      n.suffixes.push_back(suffix.canonical);  // last first; reversed below (linear)
      n.core.resize(n.core.size() - seq.size());
      // "Foo & Co." leaves a dangling "and".
      if (n.core.size() > 1 && n.core.back() == "and") n.core.pop_back();
      stripped = true;
      break;
    }
  }
  std::reverse(n.suffixes.begin(), n.suffixes.end());
  for (const auto& t : n.tokens) {
    if (markers_.count(t) && std::find(n.markers.begin(), n.markers.end(), t) == n.markers.end()) {
      n.markers.push_back(t);
    }
  }
  for (const auto& t : n.core)
    if (!weak_.count(t) && t != "and") n.distinctive.push_back(t);
  if (n.distinctive.empty()) n.distinctive = n.core;
  std::sort(n.distinctive.begin(), n.distinctive.end());
  n.distinctive.erase(std::unique(n.distinctive.begin(), n.distinctive.end()), n.distinctive.end());
  n.full = join(n.tokens, " ");
  n.key = join(n.core, " ");
  n.compact = join(n.core, "");
  n.signature = join(n.distinctive, " ");
  return n;
}

}  // namespace buyergraph::resolve
