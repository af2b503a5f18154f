#include "company_plan.hpp"

#include <map>

#include "buyergraph/demo/rng.hpp"

namespace buyergraph::demo {
namespace {

constexpr std::int64_t kCompanyIdBase = 8000000;
constexpr std::int64_t kOutsideIdBase = 7000000;
constexpr int kMaxExtraCompanies = 100000;

std::string linkedin_company_url(const std::string& slug) {
  return "https://www.linkedin.com/company/" + slug;
}

void fill_countries(CompanyPlan& p, const std::vector<std::pair<std::string, int>>& countries) {
  for (const auto& [code, pct] : countries) {
    p.country_codes.push_back(code);
    p.country_weights.push_back(static_cast<std::uint64_t>(pct));
  }
}

CompanyPlan from_spec(const CompanySpec& s, const Vocabulary& v, std::size_t slot) {
  CompanyPlan p;
  p.slot = slot;
  p.key = s.key;
  p.legal_name = s.legal_name;
  p.domain = s.domain;
  p.profile = s.profile;
  p.aliases = s.aliases;
  p.hq_city = v.city_index(s.hq);
  fill_countries(p, s.countries);
  Employer& e = p.employer;
  e.name = s.name;
  e.industry = s.industry;
  e.type = s.type;
  e.employees = s.employees;
  e.founded = s.founded;
  return p;
}

// Extra companies get names from (first x second x sector) through a seeded bijection, so
// names are unique up to the product of the list sizes; a numeric suffix keeps them unique after.
CompanyPlan extra_company(const Vocabulary& v, std::uint64_t seed, std::size_t k,
                          std::size_t slot) {
  Rng rng = Rng::derive(seed, 0xE1, k);
  const std::size_t a = v.extra_first.size(), b = v.extra_second.size(), c = v.extra_sector.size();
  const std::size_t combos = a * b * c;
  const std::size_t stride = 7919;  // prime; coprime with combos unless it divides it
  const std::size_t step = combos % stride == 0 ? 1 : stride;
  const std::size_t code = (k * step + static_cast<std::size_t>(mix64(seed) % combos)) % combos;
  const std::string& sector = v.extra_sector[code / (a * b)];
  std::string name = v.extra_first[code % a] + " " + v.extra_second[(code / a) % b] + " " + sector;
  std::string domain_base = v.extra_first[code % a] + v.extra_second[(code / a) % b] + "-" + sector;
  if (k >= combos) {
    name += " " + std::to_string(k / combos + 1);
    domain_base += std::to_string(k / combos + 1);
  }
  std::string domain;
  for (char ch : domain_base)
    domain += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
  domain += ".example";

  CompanySpec s;
  s.key = "extra-" + std::to_string(k);
  s.name = name;
  s.legal_name = name + (rng.chance(500) ? " Inc." : " Ltd");
  s.domain = domain;
  const auto& [profile, industry] = v.sector_profile_industry.at(sector);
  s.profile = profile;
  s.industry = industry;
  s.type = rng.chance(900) ? "Privately Held" : "Public Company";
  s.hq = rng.pick(v.extra_hqs);
  // Size bands: 40% 10-49, 35% 50-199, 20% 200-999, 5% 1,000-2,000.
  const int band = rng.weighted({40, 35, 20, 5});
  static constexpr int kLo[] = {10, 50, 200, 1000};
  static constexpr int kHi[] = {49, 199, 999, 2000};
  s.employees = static_cast<int>(rng.between(kLo[band], kHi[band]));
  s.founded = static_cast<int>(rng.between(1950, 2024));
  const std::string hq_country = v.cities[static_cast<std::size_t>(v.city_index(s.hq))].country;
  s.countries.emplace_back(hq_country, 85);
  // A minority workforce abroad, chosen among the dataset's countries.
  std::vector<std::string> codes;
  for (const auto& [code, country] : v.countries) codes.push_back(code);
  const std::string& other = rng.pick(codes);
  if (other != hq_country) s.countries.emplace_back(other, 15);
  CompanyPlan p = from_spec(s, v, slot);
  p.extra = true;
  return p;
}

}  // namespace

std::string size_range_for(int n) {
  if (n <= 10) return "1-10 employees";
  if (n <= 50) return "11-50 employees";
  if (n <= 200) return "51-200 employees";
  if (n <= 500) return "201-500 employees";
  if (n <= 1000) return "501-1000 employees";
  if (n <= 5000) return "1001-5000 employees";
  if (n <= 10000) return "5001-10000 employees";
  return "10001+ employees";
}

std::string domain_slug(const std::string& domain) {
  std::string base = domain.substr(0, domain.size() - std::string(".example").size());
  for (char& ch : base)
    if (ch == '.') ch = '-';
  return base;
}

sdk::Result<std::vector<CompanyPlan>> plan_companies(const Vocabulary& v, const DemoOptions& o) {
  if (o.extra_companies < 0 || o.extra_companies > kMaxExtraCompanies)
    return sdk::Error{"invalid_input", "extra companies must be between 0 and " +
                                           std::to_string(kMaxExtraCompanies)};
  std::vector<CompanyPlan> plans;
  std::size_t slot = 0;
  for (const auto& spec : v.companies) {
    const std::size_t this_slot = slot++;
    if (spec.largest && !o.include_largest) continue;
    if (spec.employees > kMaxPeoplePerCompany)
      return sdk::Error{"invalid_input", "company " + spec.key + " exceeds " +
                                             std::to_string(kMaxPeoplePerCompany) + " employees"};
    plans.push_back(from_spec(spec, v, this_slot));
  }
  for (int k = 0; k < o.extra_companies; ++k)
    plans.push_back(extra_company(v, o.seed, static_cast<std::size_t>(k), slot++));

  static const std::vector<std::string> kPatterns{
      "first.last", "flast", "first_last", "firstl", "first", "first.last", "first.last"};
  std::map<std::string, int> by_key;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    CompanyPlan& p = plans[i];
    Rng rng = Rng::derive(o.seed, 0xC0, p.slot);
    Employer& e = p.employer;
    e.id = kCompanyIdBase + static_cast<std::int64_t>(p.slot) * 100 + rng.between(0, 99);
    const bool root_domain = p.domain.find('.') == p.domain.rfind('.');
    e.website = root_domain ? "https://www." + p.domain : "https://" + p.domain;
    e.linkedin_slug = domain_slug(p.domain) + "-demo";
    e.linkedin_url = linkedin_company_url(e.linkedin_slug);
    e.size_range = size_range_for(e.employees);
    e.hq_country = v.countries.at(v.cities[static_cast<std::size_t>(p.hq_city)].country).name;
    p.email_pattern = rng.pick(kPatterns);
    by_key[p.key] = static_cast<int>(i);
  }
  // Relationships by key; a relation to a company left out (e.g. --no-largest) is dropped.
  std::map<std::string, std::vector<int>> groups;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const CompanySpec* spec = nullptr;
    for (const auto& s : v.companies)
      if (s.key == plans[i].key) spec = &s;
    if (!spec) continue;
    if (!spec->parent.empty()) {
      auto it = by_key.find(spec->parent);
      if (it != by_key.end()) {
        plans[i].parent = it->second;
        plans[static_cast<std::size_t>(it->second)].subsidiaries.push_back(static_cast<int>(i));
      }
    }
    if (!spec->namesake_group.empty()) groups[spec->namesake_group].push_back(static_cast<int>(i));
  }
  for (const auto& [name, members] : groups)
    for (int a : members)
      for (int b : members)
        if (a != b) plans[static_cast<std::size_t>(a)].namesakes.push_back(b);
  return plans;
}

std::vector<Employer> outside_employers(const Vocabulary& v) {
  std::vector<Employer> out;
  for (std::size_t i = 0; i < v.outside.size(); ++i) {
    const auto& o = v.outside[i];
    Employer e;
    e.id = kOutsideIdBase + static_cast<std::int64_t>(i) * 101 + 13;
    e.name = o.name;
    e.website = "https://www." + o.domain;
    e.linkedin_slug = domain_slug(o.domain) + "-demo";
    e.linkedin_url = linkedin_company_url(e.linkedin_slug);
    e.industry = o.industry;
    e.type = "Privately Held";
    e.employees = o.size;
    e.size_range = size_range_for(o.size);
    e.hq_country = "United States";
    e.founded = 1990 + static_cast<int>(i % 30);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace buyergraph::demo
