#pragma once
// The generator's ground-truth vocabulary: true seniority and true function of a person.
#include <array>
#include <cstdint>
#include <string_view>

namespace buyergraph::demo {

enum class Seniority : std::uint8_t { c_level, vp, director, manager, senior_ic, ic, intern };
inline constexpr std::array<std::string_view, 7> kSeniorityNames{
    "c_level", "vp", "director", "manager", "senior_ic", "ic", "intern"};

/// Order matters: it is the order of keys in titles.yaml `profiles` and of department heads.
enum class Function : std::uint8_t {
  executive,
  engineering,
  it,
  security,
  data,
  product,
  design,
  sales,
  marketing,
  customer_success,
  finance,
  procurement,
  legal,
  hr,
  operations,
  admin,
  other
};
inline constexpr std::size_t kFunctionCount = 17;
inline constexpr std::array<std::string_view, kFunctionCount> kFunctionNames{
    "executive", "engineering", "it",    "security",  "data",
    "product",   "design",      "sales", "marketing", "customer_success",
    "finance",   "procurement", "legal", "hr",        "operations",
    "admin",     "other"};

inline std::string_view name_of(Seniority s) {
  return kSeniorityNames[static_cast<std::size_t>(s)];
}
inline std::string_view name_of(Function f) { return kFunctionNames[static_cast<std::size_t>(f)]; }
inline bool is_executive(Seniority s) { return s <= Seniority::director; }
inline bool is_individual(Seniority s) { return s >= Seniority::senior_ic; }

}  // namespace buyergraph::demo
