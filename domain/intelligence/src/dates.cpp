#include "buyergraph/intelligence/dates.hpp"

#include <chrono>
#include <cstdio>

namespace buyergraph::intelligence {

namespace {
// Howard Hinnant's days-from-civil: exact for the proleptic Gregorian calendar.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

int days_in_month(int y, int m) {
  return static_cast<int>(days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
                          days_from_civil(y, m, 1));
}
}  // namespace

std::string Date::to_string() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() < 7 || t[4] != '-' || !digits(t.substr(0, 4)) || !digits(t.substr(5, 2)))
    return std::nullopt;
  Date d{number(t.substr(0, 4)), number(t.substr(5, 2)), 1};
  if (d.month < 1 || d.month > 12) return std::nullopt;
  if (t.size() >= 10 && t[7] == '-' && digits(t.substr(8, 2)))
    d.day = number(t.substr(8, 2));
  else if (t.size() > 7 && t[7] != ' ' && t[7] != 'T')
    return std::nullopt;
  if (d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
  return d;
}

long days_between(const Date& from, const Date& to) {
  return days_from_civil(to.year, to.month, to.day) -
         days_from_civil(from.year, from.month, from.day);
}

int months_between(const Date& from, const Date& to) {
  int m = (to.year - from.year) * 12 + (to.month - from.month);
  if (m > 0 && to.day < from.day) --m;
  if (m < 0 && to.day > from.day) ++m;
  return m;
}

Date add_days(const Date& d, long days) {
  return civil_from_days(days_from_civil(d.year, d.month, d.day) + days);
}

Date today_utc() {
  using namespace std::chrono;
  auto days = floor<std::chrono::days>(system_clock::now()).time_since_epoch().count();
  return civil_from_days(static_cast<long>(days));
}

}  // namespace buyergraph::intelligence
