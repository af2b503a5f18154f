#pragma once
// A member's reason: one or two plain sentences a seller reads ("Leads finance, which buys
// this; ..."). Carried as the evidence item with field "candidate.reason" (value = the text,
// source = the stage that wrote it), so the record format stays as it is; reports show it as
// "Why" and the JSON report lifts it to `members[].reason`.
#include <string>
#include <string_view>

#include "buyergraph/sdk/records.hpp"

namespace buyergraph::common {

inline constexpr std::string_view kReasonField = "candidate.reason";

/// The reason, "" when none was written.
inline std::string reason_of(const sdk::Candidate& c) {
  for (const auto& e : c.evidence)
    if (e.field == kReasonField) return e.value;
  return {};
}

/// Replaces the reason (an empty text removes it).
inline void set_reason(sdk::Candidate& c, std::string text, std::string source) {
  std::erase_if(c.evidence, [](const sdk::Evidence& e) { return e.field == kReasonField; });
  if (text.empty()) return;
  c.evidence.insert(c.evidence.begin(), {.field = std::string(kReasonField),
                                         .value = std::move(text),
                                         .source = std::move(source),
                                         .note = "why this person has this role, in plain words"});
}

/// Adds one sentence to the reason.
inline void add_to_reason(sdk::Candidate& c, const std::string& sentence, std::string source) {
  std::string text = reason_of(c);
  set_reason(c, text.empty() ? sentence : text + " " + sentence, std::move(source));
}

}  // namespace buyergraph::common
