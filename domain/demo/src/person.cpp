#include "person.hpp"

#include <algorithm>
#include <array>

#include "calendar.hpp"

namespace buyergraph::demo {
namespace {

constexpr std::int64_t kPersonIdBase = 200000000;
constexpr std::int64_t kPersonIdsPerCompany = 1000000;
constexpr std::int64_t kPersonIdStride = 7;

// ASCII renderings of U+00C0..U+00FF.
constexpr std::array<const char*, 64> kLatin1{
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

std::string fill(const std::string& tmpl, const FunctionVocab& f) {
  if (tmpl.find('{') == std::string::npos) return tmpl;
  std::string s = replace_all(tmpl, "{area_de}", f.area_de);
  s = replace_all(s, "{area_fr}", f.area_fr);
  s = replace_all(s, "{area_es}", f.area_es);
  return replace_all(s, "{area}", f.area);
}

const char* level_key(Seniority s, bool senior) {
  switch (s) {
    case Seniority::vp:
      return senior ? "svp" : "vp";
    case Seniority::director:
      return senior ? "senior_director" : "director";
    default:
      return senior ? "senior_manager" : "manager";
  }
}

const Strings* find_list(const LocalizedLevels& m, const std::string& locale,
                         const std::string& key) {
  auto it = m.find(locale);
  if (it == m.end()) return nullptr;
  auto jt = it->second.find(key);
  return jt == it->second.end() || jt->second.empty() ? nullptr : &jt->second;
}

bool localizable(const std::string& locale) {
  return locale == "de" || locale == "fr" || locale == "es";
}

std::string digits_for(const std::string& format, Rng& rng) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format.compare(i, 3, "{d}") == 0) {
      out += static_cast<char>('0' + rng.below(10));
      i += 2;
    } else {
      out += format[i];
    }
  }
  return out;
}

std::string malformed_email(const std::string& local, const std::string& domain, Rng& rng) {
  switch (rng.below(6)) {
    case 0:
      return local + "@@" + domain;
    case 1:
      return local + "." + domain;  // the @ is missing
    case 2:
      return local + " @" + domain;
    case 3:
      return local + "@" + domain + ".";
    case 4:
      return local + "@." + domain;
    default:
      return local + "@" + domain + "," + local + "2@" + domain;
  }
}

}  // namespace

std::string ascii_fold(const std::string& utf8, bool keep_spaces) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        out += static_cast<char>(c);
      else if (c >= 'A' && c <= 'Z')
        out += static_cast<char>(c - 'A' + 'a');
      else if ((c == ' ' || c == '-') && keep_spaces)
        out += '-';
      ++i;
      continue;
    }
    const int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (len == 2 && i + 1 < utf8.size()) {
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
      std::string folded;
      if (cp >= 0xC0 && cp <= 0xFF)
        folded = kLatin1[cp - 0xC0];
      else if (cp == 0x131)
        folded = "i";  // dotless i
      else if (cp == 0x11F)
        folded = "g";
      else if (cp == 0x15F)
        folded = "s";
      for (char& ch : folded)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      out += folded;
    }
    i += static_cast<std::size_t>(len);
  }
  return out;
}

PersonFactory::PersonFactory(const PersonContext& ctx, std::size_t self, const OrgTree& tree)
    : ctx_(ctx), plan_((*ctx.plans)[self]), tree_(tree) {}

std::int64_t PersonFactory::person_id(int k) const {
  const std::int64_t block =
      kPersonIdBase + static_cast<std::int64_t>(plan_.slot) * kPersonIdsPerCompany;
  const std::uint64_t jitter =
      mix64(ctx_.seed ^ mix64(plan_.slot * 0x100000001b3ULL + static_cast<std::uint64_t>(k))) %
      kPersonIdStride;
  return block + k * kPersonIdStride + static_cast<std::int64_t>(jitter);
}

std::string PersonFactory::leader_title(Function dept, Seniority s, bool senior,
                                        const std::string& locale, Rng& rng) const {
  const Vocabulary& v = *ctx_.vocab;
  const FunctionVocab& f = v.functions[static_cast<std::size_t>(dept)];
  const std::string key = level_key(s, senior);
  if (localizable(locale) && rng.chance(static_cast<unsigned>(v.localized_permille))) {
    if (const Strings* l = find_list(f.levels_loc, locale, key)) return fill(rng.pick(*l), f);
    if (const Strings* l = find_list(v.levels_loc, locale, key)) return fill(rng.pick(*l), f);
  }
  auto own = f.levels.find(key);
  if (own != f.levels.end() && !own->second.empty()) return fill(rng.pick(own->second), f);
  return fill(rng.pick(v.levels.at(key)), f);
}

std::string PersonFactory::ic_title(Function dept, Seniority s, const std::string& locale,
                                    Rng& rng) const {
  const Vocabulary& v = *ctx_.vocab;
  const FunctionVocab& f = v.functions[static_cast<std::size_t>(dept)];
  if (s == Seniority::intern) return rng.pick(f.intern);
  const bool senior = s == Seniority::senior_ic;
  if (localizable(locale) && rng.chance(static_cast<unsigned>(v.localized_permille))) {
    const auto& loc = senior ? f.senior_ic_loc : f.ic_loc;
    auto it = loc.find(locale);
    if (it != loc.end() && !it->second.empty()) return rng.pick(it->second);
  }
  return rng.pick(senior ? f.senior_ic : f.ic);
}

std::string PersonFactory::title_for(Function dept, Seniority s, bool senior, Role role,
                                     const std::string& locale, const std::string& country,
                                     Rng& rng) const {
  const Vocabulary& v = *ctx_.vocab;
  switch (role) {
    case Role::ceo: {
      std::string loc = locale;
      if (country == "GB" || country == "IE") loc = "en_gb";
      if ((localizable(loc) || loc == "en_gb") &&
          rng.chance(static_cast<unsigned>(v.localized_permille)))
        if (const Strings* l = find_list(v.ceo_loc, loc, "ceo")) return rng.pick(*l);
      if (plan_.employer.employees < 200 && rng.chance(500)) return rng.pick(v.ceo_small);
      return rng.pick(v.ceo);
    }
    case Role::chief:
      return rng.pick(v.functions[static_cast<std::size_t>(dept)].chief);
    case Role::assistant:
      return rng.pick(v.executive_assistant);
    case Role::member:
      break;
  }
  if (s == Seniority::c_level) return rng.pick(v.functions[static_cast<std::size_t>(dept)].chief);
  if (is_individual(s)) return ic_title(dept, s, locale, rng);
  return leader_title(dept, s, senior, locale, rng);
}

std::string PersonFactory::management_level(Seniority s, const std::string& title, Rng& rng) const {
  // CoreSignal's classification is coarse: most ICs are "Specialist", few are "Senior".
  const bool head = title.rfind("Head", 0) == 0;
  if (title.find("Founder") != std::string::npos) return "Founder";
  switch (s) {
    case Seniority::c_level:
      return "C-Level";
    case Seniority::vp:
      return head || rng.chance(450) ? "Head" : "Director";
    case Seniority::director:
      return head ? "Head" : "Director";
    case Seniority::manager:
      return rng.chance(100) ? "Senior" : "Manager";
    case Seniority::senior_ic: {
      const auto r = rng.below(100);
      return r < 80 ? "Specialist" : r < 88 ? "Senior" : "Mid-Level";
    }
    case Seniority::ic:
      return rng.chance(850) ? "Specialist" : "Mid-Level";
    case Seniority::intern:
      return "Intern";
  }
  return "Specialist";
}

const Employer& PersonFactory::previous_employer(Rng& rng, std::int64_t exclude_a,
                                                 std::int64_t exclude_b, bool& in_dataset) const {
  in_dataset = false;
  if (rng.chance(100)) {  // 10% of past jobs were at another company of the dataset
    const auto& cum = *ctx_.former_cumulative;
    const std::uint64_t r = rng.below(cum.back());
    const auto idx =
        static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), r) - cum.begin());
    const Employer& e = (*ctx_.plans)[idx].employer;
    if (e.id != exclude_a && e.id != exclude_b) {
      in_dataset = true;
      return e;
    }
  }
  return rng.pick(*ctx_.outside);
}

Person PersonFactory::make(int node) { return build(node, true); }
Person PersonFactory::preview(int node) { return build(node, false); }

Person PersonFactory::build(int index, bool with_contacts) {
  const Vocabulary& v = *ctx_.vocab;
  const OrgNode& node = tree_.nodes[static_cast<std::size_t>(index)];
  Rng rng = Rng::derive(ctx_.seed, 0x9E0000000ULL + plan_.slot, static_cast<std::uint64_t>(index));
  Person p;
  p.node = index;
  p.id = person_id(index);
  p.city = node.city;
  const City& city = v.cities[static_cast<std::size_t>(node.city)];
  const Country& country = v.countries.at(city.country);
  const std::string& locale = country.locale;

  // Name.
  const std::string name_locale = v.first_names.count(locale) ? locale : "en";
  p.first = rng.pick(v.first_names.at(name_locale));
  p.last = rng.pick(v.last_names.at(name_locale));
  if (name_locale == "en" && rng.chance(120)) p.middle = rng.pick(v.first_names.at("en"));
  p.full = p.first + (p.middle.empty() ? "" : " " + p.middle) + " " + p.last;
  std::string base36;
  for (std::uint64_t h = mix64(static_cast<std::uint64_t>(p.id) ^ ctx_.seed) % 2176782336ULL, i = 0;
       i < 6; ++i, h /= 36)
    base36 += "0123456789abcdefghijklmnopqrstuvwxyz"[h % 36];
  p.slug = ascii_fold(p.first, true) + "-" + ascii_fold(p.last, true) + "-demo-" + base36;

  // Current role at this company.
  const bool senior_variant = node.senior_variant;
  std::string title =
      title_for(node.dept, node.seniority, senior_variant, node.role, locale, city.country, rng);
  const OrgNode* parent =
      node.parent >= 0 ? &tree_.nodes[static_cast<std::size_t>(node.parent)] : nullptr;
  const Scope& scope = tree_.scopes[static_cast<std::size_t>(node.scope)];
  if (!is_individual(node.seniority) && node.role == Role::member && parent &&
      parent->scope != node.scope && !scope.qualifier.empty()) {
    std::string fmt = rng.pick(v.region_formats);
    fmt = replace_all(fmt, "{title}", title);
    title = replace_all(fmt, "{region}", scope.qualifier);
  }
  const std::string location = city.city + ", " + city.state;
  const bool exec = is_executive(node.seniority);

  Experience current;
  current.employer = &plan_.employer;
  current.active = true;
  current.title = title;
  current.department = node.seniority == Seniority::c_level
                           ? std::string("C-Suite")
                           : v.functions[static_cast<std::size_t>(node.dept)].department;
  current.management_level = management_level(node.seniority, title, rng);
  current.location = location;
  const int r = ctx_.reference_month;
  int tenure;
  if (node.traps & kRecentlyAppointed)
    tenure = static_cast<int>(rng.between(1, 2));
  else if (exec)
    tenure = 4 + static_cast<int>(std::min(rng.below(110), rng.below(110)));
  else
    tenure = 1 + static_cast<int>(std::min(rng.below(120), rng.below(120)));
  current.from = r - tenure;
  p.recently_appointed = (node.traps & kRecentlyAppointed) != 0;
  if (node.traps & kMissingTitle) {
    current.title.reset();
    p.missing.push_back("title");
  }
  if (node.traps & kMissingDepartment) {
    current.department.reset();
    p.missing.push_back("department");
  }
  std::vector<Experience> entries{current};

  // A second current role: a board seat elsewhere.
  std::int64_t board_id = 0;
  if (node.traps & kBoardSeat) {
    const int board_plan = tree_.board_seat.at(index);
    Experience seat;
    seat.employer = &(*ctx_.plans)[static_cast<std::size_t>(board_plan)].employer;
    seat.active = true;
    seat.title = rng.pick(v.board);
    seat.department = "C-Suite";
    seat.management_level = "Director";
    seat.from = r - static_cast<int>(rng.between(4, 60));
    seat.location = location;
    board_id = seat.employer->id;
    p.board_company = board_id;
    entries.push_back(seat);
  }

  // History, newest first: maybe an earlier role here, then other employers.
  int t = current.from;
  if (!is_individual(node.seniority) && node.role != Role::assistant && rng.chance(350)) {
    Experience before;
    before.employer = &plan_.employer;
    const Seniority lower = static_cast<Seniority>(static_cast<int>(node.seniority) + 1);
    before.title = title_for(node.dept, lower, false, Role::member, locale, city.country, rng);
    before.department = v.functions[static_cast<std::size_t>(node.dept)].department;
    before.management_level = management_level(lower, *before.title, rng);
    before.to = t - static_cast<int>(rng.between(0, 1));
    before.from = before.to - static_cast<int>(rng.between(12, 48));
    before.location = location;
    t = before.from;
    entries.push_back(before);
  }
  static constexpr std::array<std::pair<int, int>, 7> kPrevJobs{
      {{2, 5}, {2, 4}, {1, 4}, {1, 3}, {1, 3}, {0, 2}, {0, 1}}};
  const auto [lo, hi] = kPrevJobs[static_cast<std::size_t>(node.seniority)];
  const int jobs = static_cast<int>(rng.between(lo, hi));
  for (int j = 0; j < jobs; ++j) {
    Experience e;
    e.to = t - static_cast<int>(rng.between(0, 4));
    e.from = e.to - static_cast<int>(rng.between(6, 60));
    if (year_of(e.from) < 1988) break;
    bool in_dataset = false;
    e.employer = &previous_employer(rng, plan_.employer.id, board_id, in_dataset);
    if (in_dataset) p.former.push_back(e.employer->id);
    Seniority s = static_cast<Seniority>(
        std::min<int>(static_cast<int>(node.seniority) + static_cast<int>(rng.between(0, 1)),
                      static_cast<int>(Seniority::intern)));
    if (j == jobs - 1 && s == Seniority::senior_ic && rng.chance(500)) s = Seniority::ic;
    Function dept = node.dept;
    if (rng.chance(150))
      dept = static_cast<Function>(rng.between(1, static_cast<int>(kFunctionCount) - 1));
    Role role = Role::member;
    if (s == Seniority::c_level)
      role = node.role == Role::ceo && rng.chance(500) ? Role::ceo : Role::chief;
    e.title = title_for(dept, s, false, role, locale, city.country, rng);
    e.department = s == Seniority::c_level ? std::string("C-Suite")
                                           : v.functions[static_cast<std::size_t>(dept)].department;
    e.management_level = management_level(s, *e.title, rng);
    e.location = location;
    t = e.from;
    entries.push_back(e);
  }
  std::sort(p.former.begin(), p.former.end());
  p.former.erase(std::unique(p.former.begin(), p.former.end()), p.former.end());

  // Output order: newest first, but CoreSignal's order is not guaranteed (providers.md 1.12),
  // so 8% of profiles list an older entry before the current role.
  if (entries.size() >= 2 && rng.chance(80)) std::swap(entries[0], entries[1]);
  auto active_at = [&](std::int64_t company_id) {
    for (std::size_t i = 0; i < entries.size(); ++i)
      if (entries[i].active && entries[i].employer->id == company_id) return static_cast<int>(i);
    return 0;
  };
  p.primary = active_at(plan_.employer.id);
  p.root = (node.traps & kBoardSeatIsRoot) ? active_at(board_id) : p.primary;
  p.experience = std::move(entries);

  const std::string shown = p.experience[static_cast<std::size_t>(p.primary)].title.value_or("");
  p.headline =
      shown.empty() ? "Working at " + plan_.employer.name : shown + " at " + plan_.employer.name;

  // Profile numbers and timestamps.
  p.connections = static_cast<int>(exec ? rng.between(300, 500) : rng.between(15, 500));
  p.followers = p.connections + static_cast<int>(rng.between(0, exec ? 6000 : 900));
  p.profile_score = static_cast<int>(rng.between(35, 99));
  p.created = ctx_.reference_days - rng.between(400, 3200);
  p.updated = ctx_.reference_days - rng.between(1, 60);
  p.checked = std::min<std::int64_t>(ctx_.reference_days, p.updated + rng.between(0, 20));
  p.seconds = static_cast<int>(rng.below(86400));
  const std::int64_t start_days =
      days_from_civil({year_of(current.from), month_of(current.from), 1});
  p.change_identified =
      tenure <= 3 ? std::min<std::int64_t>(ctx_.reference_days - 1, start_days + rng.between(3, 25))
                  : p.updated - rng.between(0, 200);
  const int first_from = p.experience.empty() ? current.from : [&] {
    int m = current.from;
    for (const auto& e : p.experience) m = std::min(m, e.from);
    return m;
  }();
  p.edu_to = year_of(first_from) - static_cast<int>(rng.between(0, 1));
  p.edu_from = p.edu_to - static_cast<int>(rng.between(3, 5));
  p.institution = rng.pick(v.institutions);
  p.degree = rng.pick(v.degrees);
  const auto& skills = v.functions[static_cast<std::size_t>(node.dept)].skills;
  const int nskills = static_cast<int>(
      std::min<std::int64_t>(rng.between(3, 6), static_cast<std::int64_t>(skills.size())));
  std::vector<int> idx(skills.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int>(i);
  for (int i = 0; i < nskills; ++i) {
    const std::size_t j =
        static_cast<std::size_t>(i) + rng.below(idx.size() - static_cast<std::size_t>(i));
    std::swap(idx[static_cast<std::size_t>(i)], idx[j]);
    p.skills.push_back(skills[static_cast<std::size_t>(idx[static_cast<std::size_t>(i)])]);
  }
  if (with_contacts) add_contacts(p, node, rng);
  return p;
}

void PersonFactory::add_contacts(Person& p, const OrgNode& node, Rng& rng) {
  const Vocabulary& v = *ctx_.vocab;
  const std::string f = ascii_fold(p.first), l = ascii_fold(p.last);
  std::string local;
  const std::string& pattern = plan_.email_pattern;
  if (pattern == "flast")
    local = f.substr(0, 1) + l;
  else if (pattern == "first_last")
    local = f + "_" + l;
  else if (pattern == "firstl")
    local = f + l.substr(0, 1);
  else if (pattern == "first")
    local = f;
  else
    local = f + "." + l;
  if (used_locals_.count(local)) {
    int k = 2;
    while (used_locals_.count(local + std::to_string(k))) ++k;
    local += std::to_string(k);
  }
  used_locals_.insert(local);
  const std::string& domain = plan_.domain;

  const bool missing =
      (node.traps & kMissingEmail) || (!(node.traps & kMalformedEmail) && rng.chance(60));
  if (missing) {
    p.missing.push_back("email");
  } else if (node.traps & kMalformedEmail) {
    p.email = malformed_email(local, domain, rng);
    p.email_status = rng.chance(500) ? "matched_pattern" : "guessed_common_pattern";
    p.malformed_email = true;
  } else {
    p.email = local + "@" + domain;
    const auto r = rng.below(100);
    p.email_status = r < 50   ? "verified"
                     : r < 70 ? "matched_email"
                     : r < 90 ? "matched_pattern"
                              : "guessed_common_pattern";
    if (rng.chance(200)) {
      std::string alt = f.substr(0, 1) + "." + l;
      if (alt != local && !used_locals_.count(alt)) {
        used_locals_.insert(alt);
        p.more_emails.emplace_back(alt + "@" + domain, "matched_pattern");
      }
    }
  }

  const City& city = v.cities[static_cast<std::size_t>(p.city)];
  if (!city.phone_formats.empty()) {
    const auto r = rng.below(100);
    const int count = r < 40 ? 1 : r < 50 ? 2 : 0;
    for (int i = 0; i < count; ++i)
      p.phones.push_back(digits_for(rng.pick(city.phone_formats), rng));
  }
  if (node.traps & kMalformedPhone) {
    p.phones.push_back(rng.pick(v.malformed_phones));
    p.malformed_phone = true;
  }
}

}  // namespace buyergraph::demo
