#pragma once
// Small helpers shared by the section builders: evidence objects, text matching, formatting.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::intelligence::detail {

using nlohmann::json;

/// An Evidence object as JSON (same keys as sdk::Evidence).
json evidence(std::string field, std::string value, std::string source, std::string note = {});

/// Source label for computed facts and for the seller profile.
inline constexpr std::string_view kComputed = "buyergraph";
inline constexpr std::string_view kSellerSource = "seller_profile";

std::string lower(std::string_view s);
/// True when `needle` occurs in `hay` as whole words (case-insensitive).
bool contains_words(std::string_view hay, std::string_view needle);
/// 23.2 -> "23.2", 5.0 -> "5"; one decimal at most.
std::string format_number(double v);
/// 104200 -> "104,200".
std::string format_count(long long v);
/// "Jane Doe (VP Engineering)" or the id when the name is missing.
std::string member_label(const sdk::Candidate& c);
/// "A, B and C", or "A, B, C, D, E and 3 more" past `max_names`.
std::string join_names(const std::vector<std::string>& names, int max_names);
/// JSON value as text for evidence ("25000000", "Series B").
std::string value_text(const json& v);
/// Pointer to obj[key] when obj is an object holding a non-null key, else nullptr.
const json* find(const json& obj, std::string_view key);
/// Seniority order, c_level highest (7); 0 when unknown.
int seniority_rank(std::string_view seniority);

}  // namespace buyergraph::intelligence::detail
