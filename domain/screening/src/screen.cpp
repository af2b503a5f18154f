#include "buyergraph/screening/screen.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>

namespace buyergraph::screening {
namespace {

// Days since the civil date y-m-d (Howard Hinnant's algorithm), for date differences only.
long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

// Day number of an ISO-8601 date ("2026-11-24", "2026-11-24T19:00:00Z"), or -1.
long day_of(std::string_view iso) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (iso.size() < 10 ||
      std::sscanf(std::string(iso.substr(0, 10)).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
    return -1;
  if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
  return days_from_civil(y, m, d);
}

bool has_phrase(const std::string& words, const std::string& phrase_words) {
  return phrase_words.size() > 2 && words.find(phrase_words) != std::string::npos;
}

void exclude(sdk::Candidate& c, std::string reason, sdk::Evidence why) {
  c.excluded_reason = std::move(reason);
  c.evidence.push_back(std::move(why));
}

}  // namespace

std::string word_text(std::string_view text) {
  std::string out = " ";
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch >= 0x80) {
      out += static_cast<char>(std::tolower(ch));
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

void screen(sdk::Candidate& c, const sdk::Company& company, const sdk::SellerProfile& seller,
            const ScreenOptions& options) {
  const sdk::Person& p = c.person;
  const std::string& src = p.provenance.source;
  const sdk::Experience* here = p.current_role_at(company.id);
  if (!here) {
    bool was_here = false;
    for (const auto& e : p.experience) was_here = was_here || e.company_id == company.id;
    c.employment_status = was_here ? "departed" : "unknown";
    exclude(
        c, "not a current employee of " + company.id,
        {.field = "person.experience",
         .value = was_here ? "a past position at " + company.id : "no position at " + company.id,
         .source = src,
         .note = "current employment is decided by company id on a current position"});
    return;
  }
  c.employment_status = "current";
  if (!options.as_of.empty()) {
    long as_of = day_of(options.as_of), seen = day_of(p.provenance.retrieved_at);
    if (as_of >= 0 && seen >= 0 && as_of - seen > options.stale_days) {
      c.employment_status = "likely_current";
      c.evidence.push_back({.field = "person.provenance.retrieved_at",
                            .value = p.provenance.retrieved_at,
                            .source = src,
                            .note = "data older than " + std::to_string(options.stale_days) +
                                    " days: likely current, re-check before outreach"});
    }
  }
  if (p.deleted)
    return exclude(c, "deleted record",
                   {.field = "person.deleted", .value = "true", .source = src});
  if (p.duplicate)
    return exclude(c, "secondary copy of another record",
                   {.field = "person.duplicate", .value = "true", .source = src});
  const std::string headline = word_text(p.headline);
  for (const char* w : {" former ", " ex ", " retired ", " previously "}) {
    if (headline.find(w) != std::string::npos) {
      c.employment_status = "unknown";
      return exclude(c, "headline suggests a past position",
                     {.field = "person.headline",
                      .value = p.headline,
                      .source = src,
                      .note = std::string("contains '") + (w + 1) + "'"});
    }
  }
  if (p.full_name.empty())
    return exclude(c, "no name", {.field = "person.full_name", .value = "", .source = src});
  if (here->title.empty() && p.title.empty())
    return exclude(c, "no current title", {.field = "person.title", .value = "", .source = src});
  const std::string title = word_text(here->title.empty() ? p.title : here->title);
  for (const auto& anti : seller.anti_personas) {
    if (has_phrase(title, word_text(anti))) {
      c.flags.push_back("anti_persona");
      return exclude(c, "anti-persona for this seller: " + anti,
                     {.field = "person.title",
                      .value = here->title.empty() ? p.title : here->title,
                      .source = src,
                      .note = "seller.anti_personas contains '" + anti + "'"});
    }
  }
}

}  // namespace buyergraph::screening
