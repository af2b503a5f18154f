#pragma once
// Civil-date arithmetic for the generator: months since year 0 and days since 1970-01-01.
// Integer-only so output never depends on the clock, the locale or the time zone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace buyergraph::demo {

struct CivilDate {
  int year = 0;
  int month = 1;  ///< 1-12
  int day = 1;    ///< 1-31
};

/// Parses "YYYY-MM-DD"; nullopt if malformed or not a real date.
std::optional<CivilDate> parse_civil_date(std::string_view text);

/// Days since 1970-01-01 (negative before).
std::int64_t days_from_civil(const CivilDate& d);
CivilDate civil_from_days(std::int64_t days);

/// A month as one integer (year * 12 + month - 1), so month arithmetic is subtraction.
inline int month_index(int year, int month) { return year * 12 + month - 1; }
inline int year_of(int month_index) { return month_index / 12; }
inline int month_of(int month_index) { return month_index % 12 + 1; }

/// "January 2024", as CoreSignal's display dates.
std::string month_year_label(int month_index);
/// "2024-01-15".
std::string iso_date(const CivilDate& d);
/// "2024-01-15 08:03:09" (UTC, no zone suffix).
std::string timestamp(std::int64_t days, int seconds_of_day);

}  // namespace buyergraph::demo
