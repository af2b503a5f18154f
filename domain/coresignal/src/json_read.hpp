#pragma once
// Tolerant readers for provider JSON: a field may be missing, null, a string where a number is
// expected, an array where a string is expected, or spelled several ways (providers.md 1.12).
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace buyergraph::coresignal::detail {

using nlohmann::json;

/// The first of `keys` present in `obj` with a non-null value, or nullptr.
const json* field(const json& obj, std::initializer_list<std::string_view> keys);

/// A trimmed string: strings as-is, integers printed, arrays -> first usable element. Empty
/// when missing, null, an object, a bool or blank.
std::string text(const json* v);

/// An integer from a number, "742", "1,234", "500+" or a bool. nullopt when missing or
/// unreadable.
std::optional<std::int64_t> integer(const json* v);

/// A 0/1 flag from 0/1, true/false, "0"/"1", "true"/"false". nullopt when missing/unreadable.
std::optional<bool> flag(const json* v);

/// A list of strings from a string, an array of strings/numbers, or an array of objects
/// (taking `subkey` from each). Blank and duplicate values are dropped; order kept.
std::vector<std::string> strings(const json* v, std::string_view subkey = {});

/// An id: a non-negative integer or a non-empty string, as text. Empty when unusable.
std::string id_text(const json* v);

/// Appends `value` to `list` unless it is empty or already there.
void add_unique(std::vector<std::string>& list, const std::string& value);

}  // namespace buyergraph::coresignal::detail
