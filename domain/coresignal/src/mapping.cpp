// CoreSignal multi-source JSON <-> SDK Person / Company.
#include "buyergraph/coresignal/mapping.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "buyergraph/coresignal/text.hpp"
#include "buyergraph/coresignal/web.hpp"
#include "json_read.hpp"

namespace buyergraph::coresignal {
namespace {

using detail::add_unique;
using detail::field;
using detail::flag;
using detail::id_text;
using detail::integer;
using detail::strings;
using detail::text;
using nlohmann::json;

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::optional<int> small_int(const json* v, int lo, int hi) {
  auto n = integer(v);
  if (!n || *n < lo || *n > hi) return std::nullopt;
  return static_cast<int>(*n);
}

// Year and month from a display date ("March 2022", "Nov 2024", "2019"), the fallback when the
// numeric fields are missing.
void parse_display_date(const std::string& s, std::optional<int>& year, std::optional<int>& month) {
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    if (std::all_of(s.begin() + i, s.begin() + i + 4,
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
        (i + 4 == s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 4])))) {
      if (!year) year = std::stoi(s.substr(i, 4));
      break;
    }
  }
  if (!month && s.size() >= 3) {
    std::string head = fold(s.substr(0, 3));
    for (std::size_t m = 0; m < kMonths.size(); ++m)
      if (head == kMonths[m]) month = static_cast<int>(m) + 1;
  }
}

json id_json(const std::string& id) {
  if (!id.empty() && id.size() < 18 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      }))
    return std::stoll(id);
  return id.empty() ? json(nullptr) : json(id);
}

std::string display_date(const std::optional<int>& year, const std::optional<int>& month) {
  if (!year) return {};
  if (month && *month >= 1 && *month <= 12)
    return std::string(kMonthNames[static_cast<std::size_t>(*month - 1)]) + " " +
           std::to_string(*year);
  return std::to_string(*year);
}

std::string linkedin_slug(const std::string& url) {
  std::string n = normalize_linkedin_url(url);
  auto slash = n.rfind('/');
  return slash == std::string::npos ? std::string{} : n.substr(slash + 1);
}

sdk::Error field_error(std::string_view fieldname, std::string_view what) {
  return sdk::Error{"invalid_input", std::string(fieldname) + ": " + std::string(what), false};
}

struct MappedExperience {
  sdk::Experience exp;
  std::int64_t order;
};

sdk::Result<std::vector<sdk::Experience>> map_experience(const json& record) {
  std::vector<sdk::Experience> out;
  const json* list = field(record, {"experience"});
  if (!list) return out;
  if (!list->is_array()) return field_error("experience", "expected an array");
  std::vector<MappedExperience> mapped;
  std::size_t index = 0;
  for (const auto& e : *list) {
    std::string where = "experience[" + std::to_string(index) + "]";
    if (!e.is_object()) return field_error(where, "expected an object");
    sdk::Experience x;
    x.company_id = id_text(field(e, {"company_id"}));
    x.company_name = text(field(e, {"company_name"}));
    x.title = text(field(e, {"position_title", "title"}));
    x.department = text(field(e, {"department"}));
    x.management_level = text(field(e, {"management_level"}));
    x.location = text(field(e, {"location"}));
    x.from_year = small_int(field(e, {"date_from_year"}), 1900, 2200);
    x.from_month = small_int(field(e, {"date_from_month"}), 1, 12);
    x.to_year = small_int(field(e, {"date_to_year"}), 1900, 2200);
    x.to_month = small_int(field(e, {"date_to_month"}), 1, 12);
    parse_display_date(text(field(e, {"date_from"})), x.from_year, x.from_month);
    parse_display_date(text(field(e, {"date_to"})), x.to_year, x.to_month);
    // Multi-source says active_experience; Base/Clean an is_current-style flag.
    auto current = flag(field(e, {"active_experience", "is_current"}));
    x.current = current.value_or(false);
    auto order = integer(field(e, {"order_in_profile"}));
    mapped.push_back({std::move(x), order.value_or(INT64_MAX)});
    ++index;
  }
  std::stable_sort(mapped.begin(), mapped.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  for (auto& m : mapped) out.push_back(std::move(m.exp));
  return out;
}

void add_email(sdk::Person& p, const std::string& email, const std::string& status,
               const std::string& source) {
  if (email.empty()) return;
  for (const auto& c : p.contacts)
    if (c.kind == "email" && fold(c.value) == fold(email)) return;
  sdk::ContactPoint c;
  c.kind = "email";
  c.value = email;
  c.provider_status = status;
  c.source = source;
  p.contacts.push_back(std::move(c));
}

}  // namespace

sdk::Provenance default_provenance() {
  sdk::Provenance p;
  p.source = "coresignal";
  return p;
}

RecordKind classify(const json& record) {
  if (!record.is_object()) return RecordKind::unknown;
  if (field(record, {"full_name", "first_name", "last_name", "experience",
                     "active_experience_title", "active_experience_company_id",
                     "linkedin_shorthand_names", "professional_network_shorthand_names"}))
    return RecordKind::employee;
  if (field(record,
            {"company_name", "company_legal_name", "employees_count", "size_range", "website"}))
    return RecordKind::company;
  return RecordKind::unknown;
}

sdk::Result<sdk::Person> person_from_coresignal(const json& r, const sdk::Provenance& provenance) {
  if (!r.is_object()) return field_error("record", "expected a JSON object");
  sdk::Person p;
  p.id = id_text(field(r, {"id"}));
  if (p.id.empty()) return field_error("id", "missing or not an id");
  p.provenance = provenance;
  if (flag(field(r, {"synthetic"})).value_or(false)) p.provenance.synthetic = true;

  for (const auto& h : strings(field(r, {"historical_ids"}))) add_unique(p.alt_ids, h);
  add_unique(p.alt_ids, id_text(field(r, {"parent_id"})));
  std::erase(p.alt_ids, p.id);

  p.first_name = text(field(r, {"first_name"}));
  p.last_name = text(field(r, {"last_name"}));
  p.full_name = text(field(r, {"full_name"}));
  if (p.full_name.empty()) {
    p.full_name = p.first_name;
    if (!p.last_name.empty()) p.full_name += (p.full_name.empty() ? "" : " ") + p.last_name;
  }
  if (p.full_name.empty()) return field_error("full_name", "missing (no full, first or last name)");
  p.headline = text(field(r, {"headline", "generated_headline"}));

  auto experience = map_experience(r);
  if (!experience) return experience.error();
  p.experience = std::move(*experience);

  // The current role: root fields first (the provider's own choice), else the top current
  // entry. Never index 0 blindly: the order of experience[] is not stable (providers.md 1.12).
  p.company_id = id_text(field(r, {"active_experience_company_id"}));
  const sdk::Experience* top = nullptr;
  for (const auto& e : p.experience)
    if (e.current && (p.company_id.empty() || e.company_id == p.company_id)) {
      top = &e;
      break;
    }
  if (!top && p.company_id.empty())
    for (const auto& e : p.experience)
      if (e.current) {
        top = &e;
        break;
      }
  if (p.company_id.empty() && top) p.company_id = top->company_id;
  p.title = text(field(r, {"active_experience_title"}));
  p.department = text(field(r, {"active_experience_department"}));
  p.management_level = text(field(r, {"active_experience_management_level"}));
  p.company_name = text(field(r, {"company_name", "active_experience_company_name"}));
  if (top) {
    if (p.title.empty()) p.title = top->title;
    if (p.department.empty()) p.department = top->department;
    if (p.management_level.empty()) p.management_level = top->management_level;
    if (p.company_name.empty()) p.company_name = top->company_name;
  }

  p.location = text(field(r, {"location_full", "location"}));
  p.country = text(field(r, {"location_country", "country"}));
  p.country_iso2 = text(field(r, {"location_country_iso2"}));
  p.profile_url = text(field(
      r, {"linkedin_url", "professional_network_url", "canonical_linkedin_url", "profile_url"}));
  if (p.profile_url.empty()) {
    auto slugs =
        strings(field(r, {"linkedin_shorthand_names", "professional_network_shorthand_names",
                          "linkedin_canonical_shorthand_name"}));
    if (!slugs.empty()) p.profile_url = "https://www.linkedin.com/in/" + slugs.front();
  }

  add_email(p, text(field(r, {"primary_professional_email"})),
            text(field(r, {"primary_professional_email_status"})), p.provenance.source);
  if (const json* emails = field(r, {"professional_emails_collection"});
      emails && emails->is_array()) {
    std::vector<const json*> sorted;
    for (const auto& e : *emails) sorted.push_back(&e);
    std::stable_sort(sorted.begin(), sorted.end(), [](const json* a, const json* b) {
      return integer(field(*a, {"order_of_priority"})).value_or(INT64_MAX) <
             integer(field(*b, {"order_of_priority"})).value_or(INT64_MAX);
    });
    for (const json* e : sorted) {
      if (e->is_string()) {
        add_email(p, text(e), {}, p.provenance.source);
      } else {
        add_email(p, text(field(*e, {"professional_email", "email"})),
                  text(field(*e, {"professional_email_status", "status"})), p.provenance.source);
      }
    }
  }
  for (const auto& phone : strings(field(r, {"demo_phone_numbers"}))) {
    sdk::ContactPoint c;
    c.kind = "phone";
    c.value = phone;
    c.source = p.provenance.source;
    p.contacts.push_back(std::move(c));
  }

  for (const auto& s : strings(field(r, {"inferred_skills"}))) add_unique(p.skills, s);
  for (const auto& s : strings(field(r, {"historical_skills"}))) add_unique(p.skills, s);
  if (auto n = integer(field(r, {"connections_count"})); n && *n >= 0 && *n < INT32_MAX)
    p.connections = static_cast<int>(*n);
  if (auto n = integer(field(r, {"followers_count"})); n && *n >= 0 && *n < INT32_MAX)
    p.followers = static_cast<int>(*n);
  p.deleted = flag(field(r, {"is_deleted", "deleted"})).value_or(false);
  p.duplicate = !flag(field(r, {"is_parent"})).value_or(true);
  return p;
}

json to_coresignal(const sdk::Person& p) {
  json j = json::object();
  j["id"] = id_json(p.id);
  j["parent_id"] = p.duplicate ? (p.alt_ids.empty() ? json(nullptr) : id_json(p.alt_ids.front()))
                               : id_json(p.id);
  json historical = json::array({id_json(p.id)});
  for (const auto& a : p.alt_ids) historical.push_back(id_json(a));
  j["historical_ids"] = historical;
  j["is_deleted"] = p.deleted ? 1 : 0;
  j["is_parent"] = p.duplicate ? 0 : 1;
  j["full_name"] = p.full_name;
  j["first_name"] = p.first_name.empty() ? json(nullptr) : json(p.first_name);
  j["last_name"] = p.last_name.empty() ? json(nullptr) : json(p.last_name);
  j["headline"] = p.headline.empty() ? json(nullptr) : json(p.headline);
  j["linkedin_url"] = p.profile_url.empty() ? json(nullptr) : json(p.profile_url);
  if (auto slug = linkedin_slug(p.profile_url); !slug.empty())
    j["linkedin_shorthand_names"] = json::array({slug});
  j["location_full"] = p.location.empty() ? json(nullptr) : json(p.location);
  j["location_country"] = p.country.empty() ? json(nullptr) : json(p.country);
  j["location_country_iso2"] = p.country_iso2.empty() ? json(nullptr) : json(p.country_iso2);
  j["connections_count"] = p.connections ? json(*p.connections) : json(nullptr);
  j["followers_count"] = p.followers ? json(*p.followers) : json(nullptr);
  j["inferred_skills"] = p.skills;

  json emails = json::array();
  json phones = json::array();
  for (const auto& c : p.contacts) {
    if (c.kind == "email") {
      if (emails.empty()) {
        j["primary_professional_email"] = c.value;
        j["primary_professional_email_status"] =
            c.provider_status.empty() ? json(nullptr) : json(c.provider_status);
      }
      emails.push_back({{"professional_email", c.value},
                        {"professional_email_status",
                         c.provider_status.empty() ? json(nullptr) : json(c.provider_status)},
                        {"order_of_priority", emails.size() + 1}});
    } else if (c.kind == "phone") {
      phones.push_back(c.value);
    }
  }
  if (emails.empty()) j["primary_professional_email"] = nullptr;
  j["professional_emails_collection"] = emails;
  if (!phones.empty()) j["demo_phone_numbers"] = phones;

  bool working = !p.company_id.empty() || std::any_of(p.experience.begin(), p.experience.end(),
                                                      [](const auto& e) { return e.current; });
  j["is_working"] = working ? 1 : 0;
  j["active_experience_company_id"] = id_json(p.company_id);
  j["active_experience_title"] = p.title.empty() ? json(nullptr) : json(p.title);
  j["active_experience_department"] = p.department.empty() ? json(nullptr) : json(p.department);
  j["active_experience_management_level"] =
      p.management_level.empty() ? json(nullptr) : json(p.management_level);
  if (!p.company_name.empty()) j["company_name"] = p.company_name;

  json exp = json::array();
  int order = 1;
  for (const auto& e : p.experience) {
    json x = json::object();
    x["active_experience"] = e.current ? 1 : 0;
    x["position_title"] = e.title.empty() ? json(nullptr) : json(e.title);
    x["department"] = e.department.empty() ? json(nullptr) : json(e.department);
    x["management_level"] = e.management_level.empty() ? json(nullptr) : json(e.management_level);
    x["location"] = e.location.empty() ? json(nullptr) : json(e.location);
    auto from = display_date(e.from_year, e.from_month);
    auto to = display_date(e.to_year, e.to_month);
    x["date_from"] = from.empty() ? json(nullptr) : json(from);
    x["date_from_year"] = e.from_year ? json(*e.from_year) : json(nullptr);
    x["date_from_month"] = e.from_month ? json(*e.from_month) : json(nullptr);
    x["date_to"] = to.empty() ? json(nullptr) : json(to);
    x["date_to_year"] = e.to_year ? json(*e.to_year) : json(nullptr);
    x["date_to_month"] = e.to_month ? json(*e.to_month) : json(nullptr);
    x["company_id"] = id_json(e.company_id);
    x["company_name"] = e.company_name.empty() ? json(nullptr) : json(e.company_name);
    x["order_in_profile"] = order++;
    exp.push_back(std::move(x));
  }
  j["experience"] = exp;
  j["experience_recently_started"] = json::array();
  j["experience_recently_closed"] = json::array();
  if (p.provenance.synthetic) j["synthetic"] = true;
  return j;
}

namespace {
// Company fields kept verbatim in Company::signals, and written back at the top level.
constexpr std::array<std::string_view, 13> kSignalFields = {
    "type",
    "founded_year",
    "employees_count_change",
    "employees_count_breakdown_by_department",
    "employees_count_by_country",
    "key_executive_arrivals",
    "key_executive_departures",
    "active_job_postings",
    "last_funding_round",
    "revenue_annual",
    "categories_and_keywords",
    "hq_region",
    "last_updated_at"};
}  // namespace

sdk::Result<sdk::Company> company_from_coresignal(const json& r,
                                                  const sdk::Provenance& provenance) {
  if (!r.is_object()) return field_error("record", "expected a JSON object");
  sdk::Company c;
  c.id = id_text(field(r, {"id", "company_id"}));
  if (c.id.empty()) return field_error("id", "missing or not an id");
  c.name = text(field(r, {"company_name", "name"}));
  if (c.name.empty()) return field_error("company_name", "missing");
  c.provenance = provenance;
  if (flag(field(r, {"synthetic"})).value_or(false)) c.provenance.synthetic = true;
  c.legal_name = text(field(r, {"company_legal_name"}));
  for (const auto& a : strings(field(r, {"company_name_alias"}))) add_unique(c.aliases, a);
  // Renames: plain lists, or a name history of {"company_name": ...} entries (the current
  // name among them is dropped below).
  for (const auto& a : strings(field(r, {"company_former_names", "former_names"})))
    add_unique(c.former_names, a);
  for (const auto& a : strings(field(r, {"company_name_history"}), "company_name"))
    add_unique(c.former_names, a);
  std::erase(c.aliases, c.name);
  std::erase(c.former_names, c.name);

  std::string stem = fold(c.name);
  auto add_domain = [&](const std::string& url) {
    std::string reg = registrable_domain(url);
    if (reg.empty()) return;
    // A platform address is never the company's own domain, unless the company is the platform.
    if (is_platform_host(url) && stem.find(fold(reg.substr(0, reg.find('.')))) == std::string::npos)
      return;
    add_unique(c.domains, reg);
  };
  for (const auto& w : strings(field(r, {"website"}))) add_domain(w);
  for (const auto& w : strings(field(r, {"other_domains"}))) add_domain(w);

  c.linkedin_url =
      text(field(r, {"linkedin_url", "professional_network_url", "canonical_linkedin_url"}));
  for (const auto& t :
       strings(field(r, {"stock_ticker", "company_stock_ticker", "ticker"}), "ticker"))
    add_unique(c.tickers, t);
  c.industry = text(field(r, {"industry"}));
  if (auto n = integer(field(r, {"employees_count"})); n && *n >= 0) c.employees = *n;
  c.size_range = text(field(r, {"size_range"}));
  if (const json* rev = field(r, {"revenue_annual_range"})) {
    if (rev->is_string())
      c.revenue_band = text(rev);
    else
      c.signals["revenue_annual_range"] = *rev;
  }
  c.hq_country = text(field(r, {"hq_country"}));
  c.hq_city = text(field(r, {"hq_city"}));
  c.parent_id = id_text(field(r, {"parent_company_id"}));
  for (const auto& s : strings(field(r, {"subsidiary_company_ids"})))
    add_unique(c.subsidiary_ids, s);
  for (const auto& t : strings(field(r, {"technologies_used"}), "technology"))
    add_unique(c.technologies, t);
  for (auto k : kSignalFields)
    if (const json* v = field(r, {k})) c.signals[std::string(k)] = *v;
  return c;
}

json to_coresignal(const sdk::Company& c) {
  json j = json::object();
  for (const auto& [k, v] : c.signals.items()) j[k] = v;
  j["id"] = id_json(c.id);
  j["company_name"] = c.name;
  j["company_legal_name"] = c.legal_name.empty() ? json(nullptr) : json(c.legal_name);
  j["company_name_alias"] = c.aliases;
  if (!c.former_names.empty()) j["company_former_names"] = c.former_names;
  j["website"] = c.domains.empty() ? json(nullptr) : json("https://" + c.domains.front());
  if (c.domains.size() > 1)
    j["other_domains"] = std::vector<std::string>(c.domains.begin() + 1, c.domains.end());
  j["linkedin_url"] = c.linkedin_url.empty() ? json(nullptr) : json(c.linkedin_url);
  json tickers = json::array();
  for (const auto& t : c.tickers) tickers.push_back({{"ticker", t}});
  j["stock_ticker"] = tickers;
  j["industry"] = c.industry.empty() ? json(nullptr) : json(c.industry);
  j["employees_count"] = c.employees ? json(*c.employees) : json(nullptr);
  j["size_range"] = c.size_range.empty() ? json(nullptr) : json(c.size_range);
  if (!c.revenue_band.empty()) j["revenue_annual_range"] = c.revenue_band;
  j["hq_country"] = c.hq_country.empty() ? json(nullptr) : json(c.hq_country);
  j["hq_city"] = c.hq_city.empty() ? json(nullptr) : json(c.hq_city);
  if (!c.parent_id.empty()) j["parent_company_id"] = id_json(c.parent_id);
  if (!c.subsidiary_ids.empty()) {
    json subs = json::array();
    for (const auto& s : c.subsidiary_ids) subs.push_back(id_json(s));
    j["subsidiary_company_ids"] = subs;
  }
  json tech = json::array();
  for (const auto& t : c.technologies) tech.push_back({{"technology", t}});
  j["technologies_used"] = tech;
  if (c.provenance.synthetic) j["synthetic"] = true;
  return j;
}

}  // namespace buyergraph::coresignal
