#include "json_read.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace buyergraph::coresignal::detail {

const json* field(const json& obj, std::initializer_list<std::string_view> keys) {
  if (!obj.is_object()) return nullptr;
  for (auto k : keys) {
    auto it = obj.find(k);
    if (it != obj.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

namespace {
std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}
}  // namespace

std::string text(const json* v) {
  if (!v) return {};
  if (v->is_string()) return trim(v->get_ref<const std::string&>());
  if (v->is_number_integer()) return std::to_string(v->get<std::int64_t>());
  if (v->is_number_unsigned()) return std::to_string(v->get<std::uint64_t>());
  if (v->is_number_float()) return v->dump();
  if (v->is_array())
    for (const auto& e : *v)
      if (auto s = text(&e); !s.empty()) return s;
  return {};
}

std::optional<std::int64_t> integer(const json* v) {
  if (!v) return std::nullopt;
  if (v->is_number_integer()) return v->get<std::int64_t>();
  if (v->is_number_unsigned()) return static_cast<std::int64_t>(v->get<std::uint64_t>());
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (!std::isfinite(d) || std::fabs(d) > 9e18) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  if (v->is_boolean()) return v->get<bool>() ? 1 : 0;
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    std::int64_t n = 0;
    bool digits = false, negative = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        if (n > 900000000000000000) return std::nullopt;
        n = n * 10 + (c - '0');
        digits = true;
      } else if (c == ',' && digits) {
        continue;  // thousands separator
      } else if (c == '-' && !digits && !negative) {
        negative = true;
      } else if (std::isspace(static_cast<unsigned char>(c)) && !digits) {
        continue;
      } else if (digits && (c == '+' || c == '.')) {
        break;  // "500+" or "742.0"
      } else {
        return std::nullopt;
      }
    }
    if (!digits) return std::nullopt;
    return negative ? -n : n;
  }
  return std::nullopt;
}

std::optional<bool> flag(const json* v) {
  if (!v) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    std::string s = trim(v->get_ref<const std::string&>());
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (s == "true" || s == "yes") return true;
    if (s == "false" || s == "no") return false;
  }
  if (auto n = integer(v)) return *n != 0;
  return std::nullopt;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (value.empty()) return;
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

std::vector<std::string> strings(const json* v, std::string_view subkey) {
  std::vector<std::string> out;
  if (!v) return out;
  if (v->is_array()) {
    for (const auto& e : *v) {
      if (e.is_object()) {
        if (!subkey.empty()) add_unique(out, text(field(e, {subkey})));
      } else {
        add_unique(out, text(&e));
      }
    }
  } else if (v->is_object()) {
    if (!subkey.empty()) add_unique(out, text(field(*v, {subkey})));
  } else {
    add_unique(out, text(v));
  }
  return out;
}

std::string id_text(const json* v) {
  if (!v) return {};
  if (v->is_number_integer() || v->is_number_unsigned()) {
    if (v->is_number_integer() && v->get<std::int64_t>() < 0) return {};
    return text(v);
  }
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (d < 0 || d != std::floor(d) || d > 9e15) return {};
    return std::to_string(static_cast<std::int64_t>(d));
  }
  if (v->is_string()) return text(v);
  return {};
}

}  // namespace buyergraph::coresignal::detail
