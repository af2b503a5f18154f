#include "util.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace buyergraph::intelligence::detail {

json evidence(std::string field, std::string value, std::string source, std::string note) {
  sdk::Evidence e{.field = std::move(field),
                  .value = std::move(value),
                  .source = std::move(source),
                  .url = {},
                  .note = std::move(note)};
  json j;
  sdk::to_json(j, e);
  return j;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
}  // namespace

bool contains_words(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return false;
  std::string h = lower(hay), n = lower(needle);
  for (std::size_t pos = h.find(n); pos != std::string::npos; pos = h.find(n, pos + 1)) {
    bool left = pos == 0 || !is_word_char(h[pos - 1]) || !is_word_char(n.front());
    std::size_t end = pos + n.size();
    bool right = end == h.size() || !is_word_char(h[end]) || !is_word_char(n.back());
    if (left && right) return true;
  }
  return false;
}

std::string format_number(double v) {
  char buf[32];
  double r = std::round(v * 10) / 10;
  if (r == std::floor(r))
    std::snprintf(buf, sizeof buf, "%.0f", r);
  else
    std::snprintf(buf, sizeof buf, "%.1f", r);
  return buf;
}

std::string format_count(long long v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  int n = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it, ++n) {
    if (n && n % 3 == 0) out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
  }
  return v < 0 ? "-" + out : out;
}

std::string member_label(const sdk::Candidate& c) {
  std::string name = c.person.full_name.empty() ? c.person.id : c.person.full_name;
  return c.person.title.empty() ? name : name + " (" + c.person.title + ")";
}

std::string join_names(const std::vector<std::string>& names, int max_names) {
  std::size_t shown = std::min<std::size_t>(names.size(), std::max(1, max_names));
  std::string out;
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) out += (i + 1 == shown && shown == names.size()) ? " and " : ", ";
    out += names[i];
  }
  if (shown < names.size()) out += " and " + std::to_string(names.size() - shown) + " more";
  return out;
}

std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return format_number(v.get<double>());
  return v.dump();
}

const json* find(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

int seniority_rank(std::string_view s) {
  if (s == "c_level") return 7;
  if (s == "vp") return 6;
  if (s == "director") return 5;
  if (s == "manager") return 4;
  if (s == "senior_ic") return 3;
  if (s == "ic") return 2;
  if (s == "intern") return 1;
  return 0;
}

}  // namespace buyergraph::intelligence::detail
