// Jaro-Winkler, Levenshtein ratio and token-set ratio, written for short company names.
#include "buyergraph/resolve/similarity.hpp"

#include <algorithm>
#include <vector>

namespace buyergraph::resolve {

double jaro_winkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::vector<char> a_hit(a.size(), 0), b_hit(b.size(), 0);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::size_t lo = i > window ? i - window : 0;
    std::size_t hi = std::min(b.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (b_hit[j] || a[i] != b[j]) continue;
      a_hit[i] = b_hit[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_hit[i]) continue;
    while (!b_hit[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

double levenshtein_ratio(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return 1.0 -
         static_cast<double>(row[b.size()]) / static_cast<double>(std::max(a.size(), b.size()));
}

namespace {
std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}
std::string join2(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + " " + b;
}
}  // namespace

double token_set_ratio(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> sa(a), sb(b);
  std::sort(sa.begin(), sa.end());
  sa.erase(std::unique(sa.begin(), sa.end()), sa.end());
  std::sort(sb.begin(), sb.end());
  sb.erase(std::unique(sb.begin(), sb.end()), sb.end());
  if (sa.empty() || sb.empty()) return sa.empty() && sb.empty() ? 1.0 : 0.0;
  std::vector<std::string> inter, only_a, only_b;
  std::set_intersection(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(inter));
  std::set_difference(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(only_a));
  std::set_difference(sb.begin(), sb.end(), sa.begin(), sa.end(), std::back_inserter(only_b));
  if (!inter.empty() && (only_a.empty() || only_b.empty())) return 1.0;
  const std::string t0 = join(inter);
  const std::string t1 = join2(t0, join(only_a));
  const std::string t2 = join2(t0, join(only_b));
  double best = levenshtein_ratio(t1, t2);
  if (!t0.empty()) best = std::max({best, levenshtein_ratio(t0, t1), levenshtein_ratio(t0, t2)});
  return best;
}

double name_similarity(const std::vector<std::string>& a_core, std::string_view a_compact,
                       const std::vector<std::string>& b_core, std::string_view b_compact) {
  return 0.5 * jaro_winkler(a_compact, b_compact) + 0.5 * token_set_ratio(a_core, b_core);
}

}  // namespace buyergraph::resolve
