#pragma once
// Calendar dates at day precision, enough for signal windows (no time zones involved).
#include <optional>
#include <string>
#include <string_view>

namespace buyergraph::intelligence {

/// A civil date.
///
///   auto d = parse_date("2026-09-01");      // also "2026-09" (day 1) and ISO timestamps
///   int n = days_between(*d, Date{2026, 11, 24});  // 84
struct Date {
  int year = 0, month = 1, day = 1;
  std::string to_string() const;  ///< YYYY-MM-DD
  friend bool operator==(const Date&, const Date&) = default;
};

std::optional<Date> parse_date(std::string_view text);
/// Days from `from` to `to` (negative when `to` is earlier).
long days_between(const Date& from, const Date& to);
/// Whole months from `from` to `to`, counting a month once its day is reached.
int months_between(const Date& from, const Date& to);
/// `d` plus `days` days.
Date add_days(const Date& d, long days);
/// Today in UTC.
Date today_utc();

}  // namespace buyergraph::intelligence
