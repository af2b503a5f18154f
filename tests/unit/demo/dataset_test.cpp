// End-to-end tests of the demo dataset on the small-company path (no 100,000-employee company):
// determinism, wire shape, org-chart invariants and every planted trap against truth.jsonl.
#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "buyergraph/demo/demo.hpp"

namespace fs = std::filesystem;
using buyergraph::demo::DemoOptions;
using buyergraph::demo::write_demo_dataset;
using nlohmann::json;

namespace {

constexpr int kExtraCompanies = 3;
// Tests run on the real vocabulary with every company capped at this size: all relationships and
// trap kinds stay, at a third of the people (each test binary process regenerates the data).
constexpr int kEmployeeCap = 600;

std::string data_dir() { return std::string(BUYERGRAPH_SOURCE_DIR) + "/data/demo"; }

// Per process: ctest runs each test in its own process, possibly in parallel.
fs::path out_dir(const std::string& name) {
  return fs::path(testing::TempDir()) /
         ("buyergraph_demo_" + std::to_string(::getpid()) + "_" + name);
}

std::string capped_vocabulary() {
  const fs::path dir = out_dir("vocab");
  fs::create_directories(dir);
  for (const char* f : {"names.yaml", "titles.yaml", "places.yaml"})
    fs::copy_file(fs::path(data_dir()) / f, dir / f, fs::copy_options::overwrite_existing);
  YAML::Node root = YAML::LoadFile(data_dir() + "/companies.yaml");
  for (auto c : root["companies"])
    if (c["employees"].as<int>() > kEmployeeCap) c["employees"] = kEmployeeCap;
  std::ofstream(dir / "companies.yaml") << YAML::Dump(root) << "\n";
  return dir.string();
}

DemoOptions test_options() {
  DemoOptions o;
  o.include_largest = false;
  o.extra_companies = kExtraCompanies;
  o.data_dir = capped_vocabulary();
  return o;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return url.substr(start, url.find('/', start) - start);
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Compact facts about one employee record, collected in one streaming pass (the files are too
// large to keep as JSON objects in a Debug build).
struct Entry {
  std::int64_t company_id;
  bool active;
  bool has_title;
  int from;  // month index
};
struct Record {
  std::int64_t id, parent_id;
  bool is_deleted, is_parent;
  std::string linkedin_url, slug, email, iso2;
  bool has_email;
  std::vector<std::string> phones;
  std::vector<Entry> experience;
  std::int64_t root_company;
  bool root_has_department;
  std::vector<std::int64_t> recently_started;
};
struct Truth {
  std::int64_t id, company, manager;
  std::string seniority, function;
  json flags;
};

class DemoDataset : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = write_demo_dataset(test_options(), out_dir("a").string());
    ASSERT_TRUE(a) << a.error().message;
    summary_ = new buyergraph::demo::DemoSummary(*a);
    load(out_dir("a"));
  }
  static void TearDownTestSuite() {
    for (const char* n : {"a", "b", "c", "vocab"}) fs::remove_all(out_dir(n));
    delete summary_;
  }

  static void load(const fs::path& dir) {
    std::ifstream companies(dir / "companies.jsonl");
    for (std::string line; std::getline(companies, line);) companies_.push_back(json::parse(line));
    std::ifstream employees(dir / "employees.jsonl");
    for (std::string line; std::getline(employees, line);) {
      const json r = json::parse(line);
      if (first_employee_.is_null()) first_employee_ = r;
      Record rec;
      rec.id = r["id"];
      rec.parent_id = r["parent_id"];
      rec.is_deleted = r["is_deleted"] == 1;
      rec.is_parent = r["is_parent"] == 1;
      rec.linkedin_url = r["linkedin_url"];
      rec.slug = r["linkedin_shorthand_names"][0];
      rec.has_email = r["primary_professional_email"].is_string();
      if (rec.has_email) rec.email = r["primary_professional_email"];
      rec.iso2 = r["location_country_iso2"];
      for (const auto& p : r["demo_phone_numbers"]) rec.phones.push_back(p);
      for (const auto& e : r["experience"]) {
        rec.experience.push_back(
            {e["company_id"].get<std::int64_t>(), e["active_experience"] == 1,
             e["position_title"].is_string(),
             e["date_from_year"].get<int>() * 12 + e["date_from_month"].get<int>() - 1});
        company_websites_.insert(e["company_website"].get<std::string>());
      }
      rec.root_company = r["active_experience_company_id"];
      rec.root_has_department = r["active_experience_department"].is_string();
      for (const auto& s : r["experience_recently_started"])
        rec.recently_started.push_back(s["company_id"]);
      titles_by_country_[rec.iso2].push_back(r["active_experience_title"].is_string()
                                                 ? r["active_experience_title"].get<std::string>()
                                                 : "");
      records_[rec.id] = std::move(rec);
    }
    std::ifstream truth(dir / "truth.jsonl");
    for (std::string line; std::getline(truth, line);) {
      const json t = json::parse(line);
      truth_.push_back({t["person_id"], t["company_id"],
                        t["manager_id"].is_null() ? 0 : t["manager_id"].get<std::int64_t>(),
                        t["seniority"], t["function"], t["flags"]});
    }
  }

  static const Record& record(std::int64_t id) { return records_.at(id); }
  static const json* company(std::int64_t id) {
    for (const auto& c : companies_)
      if (c["id"] == id) return &c;
    return nullptr;
  }

  static inline buyergraph::demo::DemoSummary* summary_ = nullptr;
  static inline std::vector<json> companies_;
  static inline json first_employee_;
  static inline std::map<std::int64_t, Record> records_;
  static inline std::vector<Truth> truth_;
  static inline std::set<std::string> company_websites_;
  static inline std::map<std::string, std::vector<std::string>> titles_by_country_;
};

TEST_F(DemoDataset, SameSeedGivesIdenticalBytesAndAnotherSeedDoesNot) {
  DemoOptions o = test_options();
  ASSERT_TRUE(write_demo_dataset(o, out_dir("b").string()));
  o.seed = 43;
  ASSERT_TRUE(write_demo_dataset(o, out_dir("c").string()));
  for (const char* f : {"companies.jsonl", "employees.jsonl", "truth.jsonl", "manifest.json"}) {
    const std::string a = slurp(out_dir("a") / f);
    ASSERT_FALSE(a.empty()) << f;
    EXPECT_TRUE(a == slurp(out_dir("b") / f)) << f << " differs between two runs with seed 42";
  }
  EXPECT_FALSE(slurp(out_dir("a") / "employees.jsonl") == slurp(out_dir("c") / "employees.jsonl"));
  EXPECT_FALSE(slurp(out_dir("a") / "truth.jsonl") == slurp(out_dir("c") / "truth.jsonl"));
}

TEST_F(DemoDataset, SummaryMatchesFilesAndComposition) {
  EXPECT_EQ(summary_->companies, companies_.size());
  EXPECT_EQ(summary_->employees, records_.size());
  EXPECT_EQ(summary_->truth_rows, truth_.size());
  EXPECT_EQ(summary_->files.size(), 4u);
  EXPECT_EQ(companies_.size(), 35u + kExtraCompanies);  // default minus the largest, plus extras
  std::set<std::string> names;
  for (const auto& c : companies_) names.insert(c["company_name"]);
  EXPECT_FALSE(names.count("Woodgrove Bank"));  // include_largest = false left it out
  EXPECT_TRUE(names.count("Contoso Ltd") && names.count("Contoso Medical School"));
  const json manifest = json::parse(slurp(out_dir("a") / "manifest.json"));
  EXPECT_EQ(manifest["seed"], 42);
  EXPECT_EQ(manifest["synthetic"], true);
  EXPECT_EQ(manifest["counts"]["employees"], records_.size());
}

TEST_F(DemoDataset, CompanyLineHasTheCoreSignalShape) {
  const json& c = companies_.front();
  for (const char* k : {"company_name", "company_legal_name", "website", "linkedin_url", "industry",
                        "type", "size_range", "founded_year", "description", "hq_country",
                        "hq_city", "hq_full_address", "last_updated_at", "created_at"})
    EXPECT_TRUE(c[k].is_string()) << k;
  EXPECT_TRUE(c["id"].is_number_integer());
  EXPECT_TRUE(c["employees_count"].is_number_integer());
  EXPECT_TRUE(c["unique_domain"].is_boolean());
  EXPECT_TRUE(c["company_name_alias"].is_array());
  EXPECT_TRUE(c["employees_count_change"]["change_yearly_percentage"].is_number());
  EXPECT_TRUE(
      c["employees_count_breakdown_by_department"]["employees_count_sales"].is_number_integer());
  ASSERT_TRUE(c["employees_count_by_country"].is_array());
  EXPECT_TRUE(c["employees_count_by_country"][0]["country"].is_string());
  EXPECT_TRUE(c["key_executive_arrivals"].is_array());
  EXPECT_TRUE(c["technologies_used"].is_array());
  for (const auto& co : companies_) {
    EXPECT_EQ(co["synthetic"], true);
    EXPECT_EQ(co["description"].get<std::string>().rfind("Synthetic demo company", 0), 0u);
    std::int64_t by_country = 0;
    for (const auto& e : co["employees_count_by_country"])
      by_country += e["employee_count"].get<std::int64_t>();
    EXPECT_EQ(by_country, co["employees_count"].get<std::int64_t>()) << co["company_name"];
  }
}

TEST_F(DemoDataset, EmployeeLineHasTheCoreSignalShape) {
  const json& r = first_employee_;
  for (const char* k : {"id", "parent_id", "is_deleted", "is_parent", "connections_count",
                        "followers_count", "is_working", "active_experience_company_id",
                        "is_decision_maker", "total_experience_duration_months"})
    EXPECT_TRUE(r[k].is_number_integer()) << k;
  for (const char* k :
       {"full_name", "first_name", "last_name", "headline", "linkedin_url", "location_full",
        "location_country", "location_country_iso2", "location_city", "created_at", "updated_at",
        "active_experience_management_level"})
    EXPECT_TRUE(r[k].is_string()) << k;
  for (const char* k :
       {"historical_ids", "linkedin_shorthand_names", "inferred_skills", "location_regions",
        "professional_emails_collection", "experience", "experience_recently_started",
        "experience_recently_closed", "education", "demo_phone_numbers"})
    EXPECT_TRUE(r[k].is_array()) << k;
  EXPECT_TRUE(r["profile_score"].is_number());
  EXPECT_EQ(r["synthetic"], true);
  ASSERT_FALSE(r["experience"].empty());
  for (const auto& e : r["experience"]) {
    for (const char* k : {"active_experience", "date_from_year", "date_from_month", "company_id",
                          "order_in_profile", "duration_months", "company_employees_count"})
      EXPECT_TRUE(e[k].is_number_integer()) << k;
    for (const char* k :
         {"management_level", "company_name", "company_website", "company_linkedin_url",
          "company_size_range", "company_industry", "date_from"})
      EXPECT_TRUE(e[k].is_string()) << k;
    EXPECT_TRUE(e.contains("position_title") && e.contains("department"));
    if (e["active_experience"] == 1) {
      EXPECT_TRUE(e["date_to_year"].is_null() && e["date_to_month"].is_null() &&
                  e["date_to"].is_null());
    } else {
      EXPECT_TRUE(e["date_to_year"].is_number_integer() && e["date_to_month"].is_number_integer());
    }
  }
  const std::set<std::string> levels{"C-Level",   "Founder",    "Owner",   "Partner",
                                     "Head",      "Director",   "Manager", "Senior",
                                     "Mid-Level", "Specialist", "Intern"};
  EXPECT_TRUE(levels.count(r["active_experience_management_level"].get<std::string>()));
  if (r["primary_professional_email"].is_string()) {
    const auto& first = r["professional_emails_collection"][0];
    EXPECT_EQ(first["professional_email"], r["primary_professional_email"]);
    EXPECT_EQ(first["order_of_priority"], 1);
  }
}

TEST_F(DemoDataset, OneTruthRowPerEmployeeRecord) {
  std::set<std::int64_t> ids;
  for (const auto& t : truth_) {
    EXPECT_TRUE(records_.count(t.id)) << t.id;
    EXPECT_TRUE(ids.insert(t.id).second) << "duplicate truth row " << t.id;
  }
  EXPECT_EQ(ids.size(), records_.size());
}

TEST_F(DemoDataset, OrgChartsAreTreesWithOneCeoEach) {
  std::map<std::int64_t, std::map<std::int64_t, std::int64_t>>
      parent_of;  // company -> person -> manager
  for (const auto& t : truth_)
    if (t.flags["duplicate_of"].is_null()) parent_of[t.company][t.id] = t.manager;
  EXPECT_EQ(parent_of.size(), companies_.size());
  for (const auto& [company_id, people] : parent_of) {
    int roots = 0;
    for (const auto& [person, manager] : people) {
      if (manager == 0) {
        ++roots;
        continue;
      }
      ASSERT_TRUE(people.count(manager))
          << "manager " << manager << " of " << person << " not in company";
      // Walk up: must reach the root within |people| steps (no cycles).
      std::int64_t cur = person;
      std::size_t steps = 0;
      while (cur != 0 && steps <= people.size()) {
        cur = people.at(cur);
        ++steps;
      }
      ASSERT_EQ(cur, 0) << "cycle above " << person;
    }
    EXPECT_EQ(roots, 1) << "company " << company_id;
    const json* c = company(company_id);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ((*c)["employees_count"].get<std::size_t>(), people.size());
  }
  for (const auto& t : truth_) {
    if (t.manager == 0) {
      EXPECT_EQ(t.seniority, "c_level");
    }
  }
}

TEST_F(DemoDataset, TruthUsesTheDocumentedVocabulary) {
  const std::set<std::string> seniorities{"c_level",   "vp", "director", "manager",
                                          "senior_ic", "ic", "intern"};
  const std::set<std::string> functions{
      "executive", "engineering", "it",    "security",  "data",
      "product",   "design",      "sales", "marketing", "customer_success",
      "finance",   "procurement", "legal", "hr",        "operations",
      "admin",     "other"};
  std::set<std::string> seen_s, seen_f;
  for (const auto& t : truth_) {
    EXPECT_TRUE(seniorities.count(t.seniority)) << t.seniority;
    EXPECT_TRUE(functions.count(t.function)) << t.function;
    seen_s.insert(t.seniority);
    seen_f.insert(t.function);
  }
  EXPECT_EQ(seen_s, seniorities);  // every level occurs in the default dataset
  EXPECT_EQ(seen_f, functions);
}

TEST_F(DemoDataset, FormerEmployeesHaveNoCurrentRoleThere) {
  std::size_t formers = 0;
  for (const auto& t : truth_) {
    for (const auto& f : t.flags["former"]) {
      ++formers;
      const std::int64_t former = f;
      EXPECT_NE(former, t.company);
      EXPECT_NE(company(former), nullptr) << "former company must be in the dataset";
      bool past = false;
      for (const auto& e : record(t.id).experience) {
        EXPECT_FALSE(e.company_id == former && e.active)
            << t.id << " is still active at " << former;
        past |= e.company_id == former && !e.active;
      }
      EXPECT_TRUE(past) << t.id;
    }
    // Every current role is at the true company or, for board members, the board company.
    for (const auto& e : record(t.id).experience) {
      if (e.active && e.company_id != t.company) {
        EXPECT_EQ(t.flags["two_current_roles"], e.company_id) << t.id;
      }
    }
  }
  EXPECT_GT(formers, 100u);
}

TEST_F(DemoDataset, DuplicatesPointAtTheirOriginal) {
  int child = 0, near = 0;
  for (const auto& t : truth_) {
    if (t.flags["duplicate_of"].is_null()) continue;
    const Record& dup = record(t.id);
    const Record& orig = record(t.flags["duplicate_of"].get<std::int64_t>());
    EXPECT_NE(dup.id, orig.id);
    EXPECT_EQ(dup.slug, orig.slug);
    EXPECT_TRUE(orig.is_parent);
    if (!dup.is_parent) {
      ++child;
      EXPECT_EQ(dup.parent_id, orig.id);
    } else {
      ++near;
      EXPECT_EQ(dup.parent_id, dup.id);
      EXPECT_NE(dup.linkedin_url, orig.linkedin_url);  // same profile, written differently
    }
  }
  EXPECT_GT(child, 0);
  EXPECT_GT(near, 0);
}

TEST_F(DemoDataset, EveryTrapIsPresentAndConsistentWithTheRecords) {
  const std::regex email_re(R"(^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.example$)");
  std::map<std::string, int> count;
  for (const auto& t : truth_) {
    const Record& r = record(t.id);
    const json& f = t.flags;
    if (f["deleted"] == true) {
      ++count["deleted"];
      EXPECT_TRUE(r.is_deleted);
    } else {
      EXPECT_FALSE(r.is_deleted);
    }
    if (!f["namesake_company"].empty()) {
      ++count["namesake"];
      for (const auto& other : f["namesake_company"]) {
        const json* a = company(t.company);
        const json* b = company(other.get<std::int64_t>());
        ASSERT_TRUE(a && b);
        EXPECT_NE((*a)["website"], (*b)["website"]);
        const std::string an = (*a)["company_name"], bn = (*b)["company_name"];
        EXPECT_EQ(an.substr(0, an.find(' ')), bn.substr(0, bn.find(' ')));  // same brand word
      }
    }
    std::vector<std::string> missing = f["missing_fields"];
    const bool missing_email = std::find(missing.begin(), missing.end(), "email") != missing.end();
    EXPECT_EQ(missing_email, !r.has_email) << t.id;
    if (!missing.empty()) ++count["missing"];
    for (const auto& m : missing) ++count["missing_" + m];
    const auto own = std::find_if(r.experience.begin(), r.experience.end(), [&](const Entry& e) {
      return e.active && e.company_id == t.company;
    });
    ASSERT_NE(own, r.experience.end()) << t.id;
    const bool missing_title = std::find(missing.begin(), missing.end(), "title") != missing.end();
    EXPECT_EQ(missing_title, !own->has_title) << t.id;
    if (r.has_email) {
      const bool valid = std::regex_match(r.email, email_re);
      EXPECT_EQ(f["malformed_email"] == true, !valid) << r.email;
      EXPECT_NE(r.email.find(".example"), std::string::npos);
    }
    if (f["malformed_email"] == true) ++count["malformed_email"];
    if (f["malformed_phone"] == true) ++count["malformed_phone"];
    if (f["recently_appointed"] == true) {
      ++count["recent"];
      EXPECT_TRUE(t.seniority == "c_level" || t.seniority == "vp" || t.seniority == "director");
      const int reference = 2026 * 12 + 11 - 1;  // November 2026
      EXPECT_GE(own->from, reference - 2);       // started within the last 90 days
      EXPECT_NE(std::find(r.recently_started.begin(), r.recently_started.end(), t.company),
                r.recently_started.end());
    }
    if (!f["two_current_roles"].is_null()) {
      ++count["two_roles"];
      int active = 0;
      for (const auto& e : r.experience) active += e.active;
      EXPECT_EQ(active, 2);
    }
    if (f["duplicate_of"].is_number()) ++count["duplicate"];
    if (!f["former"].empty()) ++count["former"];
  }
  for (const char* k :
       {"deleted", "namesake", "missing", "missing_title", "missing_department", "missing_email",
        "malformed_email", "malformed_phone", "recent", "two_roles", "duplicate", "former"})
    EXPECT_GT(count[k], 0) << "no trap of kind " << k;
}

TEST_F(DemoDataset, BoardSeatSometimesOwnsTheRootFields) {
  int root_elsewhere = 0, root_here = 0;
  for (const auto& t : truth_) {
    if (t.flags["two_current_roles"].is_null()) continue;
    (record(t.id).root_company == t.company ? root_here : root_elsewhere)++;
  }
  EXPECT_GT(root_here, 0);
  EXPECT_GT(root_elsewhere, 0);  // form (a) of providers.md 1.9 misses these people
}

TEST_F(DemoDataset, FamiliesAndNamesakesAreSeparateCompanies) {
  int subsidiaries = 0;
  std::set<std::int64_t> ids;
  std::set<std::string> websites;
  for (const auto& c : companies_) {
    EXPECT_TRUE(ids.insert(c["id"].get<std::int64_t>()).second);
    EXPECT_TRUE(websites.insert(c["website"].get<std::string>()).second);
    if (c["parent_company_id"].is_null()) continue;
    ++subsidiaries;
    const json* parent = company(c["parent_company_id"].get<std::int64_t>());
    ASSERT_NE(parent, nullptr);
    bool listed = false;
    for (const auto& s : (*parent)["subsidiary_company_ids"]) listed |= s == c["id"];
    EXPECT_TRUE(listed);
  }
  EXPECT_GE(subsidiaries, 2);
}

TEST_F(DemoDataset, OnlyReservedExampleDomains) {
  for (const auto& c : companies_)
    EXPECT_TRUE(ends_with(host_of(c["website"]), ".example")) << c["website"];
  for (const auto& w : company_websites_) EXPECT_TRUE(ends_with(host_of(w), ".example")) << w;
  EXPECT_GT(company_websites_.size(), companies_.size());  // outside employers appear too
}

TEST_F(DemoDataset, PhonesValidateExceptTheMalformedOnes) {
  auto* util = i18n::phonenumbers::PhoneNumberUtil::GetInstance();
  int valid = 0;
  for (const auto& t : truth_) {
    const Record& r = record(t.id);
    int invalid = 0;
    for (const auto& p : r.phones) {
      i18n::phonenumbers::PhoneNumber n;
      const bool ok =
          util->Parse(p, r.iso2, &n) == i18n::phonenumbers::PhoneNumberUtil::NO_PARSING_ERROR &&
          util->IsValidNumber(n);
      ok ? ++valid : ++invalid;
    }
    EXPECT_EQ(invalid, t.flags["malformed_phone"] == true ? 1 : 0) << t.id;
  }
  EXPECT_GT(valid, 1000);
}

TEST_F(DemoDataset, TitlesVaryByLanguageRegionAndAbbreviation) {
  auto any = [&](const std::string& iso2, std::vector<std::string> needles) {
    for (const auto& title : titles_by_country_[iso2])
      for (const auto& n : needles)
        if (title.find(n) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(
      any("DE", {"Leiter", "entwickler", "Vertrieb", "Einkäufer", "Geschäftsführer", "Personal"}));
  EXPECT_TRUE(any("FR", {"Directeur", "Directrice", "Responsable", "Ingénieur", "Chargé"}));
  EXPECT_TRUE(any("ES", {"Director de", "Directora", "Jefe", "Ingeniero", "Responsable de"}));
  bool regional = false, abbreviated = false, head_of = false;
  for (const auto& [iso2, titles] : titles_by_country_)
    for (const auto& title : titles) {
      regional |=
          title.find("EMEA") != std::string::npos || title.find("DACH") != std::string::npos;
      abbreviated |=
          title.rfind("Sr. ", 0) == 0 || title.rfind("VP", 0) == 0 || title.rfind("Dir. ", 0) == 0;
      head_of |= title.rfind("Head of", 0) == 0;
    }
  EXPECT_TRUE(regional);
  EXPECT_TRUE(abbreviated);
  EXPECT_TRUE(head_of);
}

TEST(DemoVocabulary, DefaultDatasetHasExactlyOneCompanyOver100k) {
  const YAML::Node root = YAML::LoadFile(data_dir() + "/companies.yaml");
  int huge = 0, small = 0, total = 0;
  for (const auto& c : root["companies"]) {
    const int n = c["employees"].as<int>();
    huge += n >= 100000;
    small += n < 50;
    ++total;
    EXPECT_EQ(n >= 100000, c["largest"] && c["largest"].as<bool>()) << c["key"].as<std::string>();
  }
  EXPECT_EQ(huge, 1);
  EXPECT_GE(small, 3);
  EXPECT_GE(total, 30);
}

TEST(DemoDatasetErrors, BadInputIsReportedNotThrown) {
  DemoOptions o;
  o.include_largest = false;
  o.data_dir = data_dir();
  o.reference_date = "2026-02-30";
  auto r = write_demo_dataset(o, out_dir("bad").string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid_input");
  o.reference_date = "2026-11-01";
  o.data_dir = (fs::path(testing::TempDir()) / "no_such_vocabulary").string();
  r = write_demo_dataset(o, out_dir("bad").string());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("companies.yaml"), std::string::npos);
  o.data_dir = data_dir();
  o.extra_companies = -1;
  EXPECT_FALSE(write_demo_dataset(o, out_dir("bad").string()));
  fs::remove_all(out_dir("bad"));
}

}  // namespace
