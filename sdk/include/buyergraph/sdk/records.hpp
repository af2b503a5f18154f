#pragma once
// The buyer-group records: Company, Person, SellerProfile, Candidate, BuyerGroup and the
// provenance and evidence they carry. Shapes follow the CoreSignal multi-source records
// (docs/data.md), so every provider maps onto them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "buyergraph/sdk/record.hpp"

namespace buyergraph::sdk {

/// Where a group of fields came from.
struct Provenance {
  std::string source;        ///< "demo", "coresignal", "pdl", "import:file.jsonl"
  std::string endpoint;      ///< API path or file name, optional
  std::string retrieved_at;  ///< ISO-8601 UTC
  double cost = 0;           ///< credits spent to obtain it
  bool synthetic = false;    ///< generated demo data, never a real person or company
};

/// A claim's support: a record field with its value and source, or a URL.
///
///   Evidence{.field = "person.experience[0].date_from", .value = "2026-09", .source = "demo"}
struct Evidence {
  std::string field;   ///< dotted path of the field the claim rests on, or empty for a URL
  std::string value;   ///< the value read, as text
  std::string source;  ///< provenance source of that field
  std::string url;     ///< a URL when the claim rests on a web page
  std::string note;    ///< why it supports the claim
};

/// An email or phone with its validation result. Status is never an average of checks.
struct ContactPoint {
  std::string kind;                  ///< "email" | "phone"
  std::string value;                 ///< as received
  std::string normalized;            ///< lower-cased email / E.164 phone, when valid
  std::string status = "unknown";    ///< "valid" | "risky" | "invalid" | "unknown"
  std::vector<std::string> reasons;  ///< reason codes ("free_webmail", "domain_mismatch", ...)
  std::string provider_status;  ///< the provider's own label ("verified", "matched_email", ...)
  std::string verified_at;      ///< ISO-8601 UTC of the last check, empty if never
  std::string source;
  std::string
      phone_type;      ///< libphonenumber type: "mobile", "fixed_line", "toll_free", "voip", ...
  std::string region;  ///< ISO2 region of a phone number ("GB"), "001" for non-geographic
};

/// One position in a person's history.
struct Experience {
  std::string company_id;
  std::string company_name;
  std::string title;
  std::string department;
  std::string management_level;
  std::optional<int> from_year, from_month, to_year, to_month;
  bool current = false;
  std::string location;
};

/// A company as a provider knows it.
struct Company : RecordOf<Company> {
  static constexpr std::string_view kType = "company";
  std::string id;  ///< provider id (prefixed by source when ambiguous)
  std::string name;
  std::string legal_name;
  std::vector<std::string> aliases;       ///< other current names (brands, tickers as names)
  std::vector<std::string> former_names;  ///< names the company had before a rename
  std::vector<std::string> domains;       ///< registrable domains, first is primary
  std::string linkedin_url;
  std::vector<std::string> tickers;
  std::string industry;
  std::optional<std::int64_t> employees;
  std::string size_range;
  std::string revenue_band;
  std::string hq_country, hq_city;
  std::string parent_id;
  std::vector<std::string> subsidiary_ids;
  std::vector<std::string> technologies;
  nlohmann::json signals = nlohmann::json::object();  ///< provider signals (headcount change, ...)
  Provenance provenance;
};

/// A person with their current role, history and contact points.
struct Person : RecordOf<Person> {
  static constexpr std::string_view kType = "person";
  std::string id;
  std::vector<std::string> alt_ids;  ///< other ids of the same person (historical, other providers)
  std::string full_name, first_name, last_name;
  std::string headline;
  std::string title;             ///< current title, raw
  std::string department;        ///< provider department, raw
  std::string management_level;  ///< provider level, raw
  std::string company_id;        ///< current employer id
  std::string company_name;
  std::vector<Experience> experience;
  std::string location, country, country_iso2;
  std::string profile_url;
  std::vector<ContactPoint> contacts;
  std::vector<std::string> skills;
  std::optional<int> connections;
  std::optional<int> followers;
  std::string manager_id;  ///< reporting line when the source knows it
  bool deleted = false;
  bool duplicate = false;  ///< a secondary copy of another record (CoreSignal is_parent == 0)
  Provenance provenance;

  /// The current position at `company`, or nullptr.
  const Experience* current_role_at(std::string_view company) const;
};

/// What the seller sells and to whom: drives queries, scoring and roles.
struct SellerProfile : RecordOf<SellerProfile> {
  static constexpr std::string_view kType = "seller";
  std::string name;
  std::string product;
  std::string category;
  std::vector<std::string> value_propositions;
  double deal_size = 0;  ///< in `currency`
  std::string currency = "USD";
  std::vector<std::string> target_functions;  ///< normalised function codes
  std::vector<std::string> secondary_functions;
  std::vector<std::string> personas;       ///< title phrases
  std::vector<std::string> anti_personas;  ///< title phrases to exclude
  std::vector<std::string> geography;      ///< ISO2 country codes, empty = anywhere
  bool processes_personal_data = false;
  std::string source_file;  ///< the YAML it came from, or "default"

  int sales_cycle_days = 0;  ///< typical days from first meeting to signature, 0 = unknown
  std::string deal_stage = "prospecting";  ///< "prospecting" | "active" | "renewal"
  bool sells_to_sales_teams = false;       ///< turns on hunter/farmer handling
  std::string integration_depth = "none";  ///< "none" | "light" | "deep"
  bool security_review = false;            ///< buyers run a security review / questionnaire
  std::string introducer_definition = "none";  ///< "sales_hunters" | "advisors_board" | "none"
  /// Free-form overrides for the role engine (the profile's `role_rules` mapping, as JSON).
  nlohmann::json role_rules = nlohmann::json::object();
  std::string notes;  ///< free text; for the default profile, why it was used and what it assumes
};

/// One targeted search inside a PeopleQuery: the people wanted for one role.
struct QueryTarget {
  std::string purpose;                   ///< the role it looks for ("decision", "all", ...)
  std::vector<std::string> title_terms;  ///< phrases, any of which matches on their own
  std::vector<std::string> functions;    ///< normalised function codes wanted, empty = any
  std::vector<std::string> seniorities;  ///< normalised seniority codes wanted, empty = any
  int limit = 0;                         ///< most people for this target, 0 = no limit
};

/// The people searches for one account: a provider runs every target and emits each person
/// once, so the same person found by two targets is never a "duplicate" downstream.
///
///   PeopleQuery q;
///   q.company = company;  // the resolved company: providers filter on its id, never its name
///   q.targets.push_back({.purpose = "decision", .functions = {"engineering"},
///                        .seniorities = {"c_level", "vp", "director"}, .limit = 40});
struct PeopleQuery : RecordOf<PeopleQuery> {
  static constexpr std::string_view kType = "people_query";
  Company company;
  std::vector<QueryTarget> targets;  ///< empty = every current employee
  std::string strategy;              ///< how the targets were chosen, for the report
};

/// A 0-100 score with the inputs that produced it.
struct Score {
  std::string name;
  double value = 0;
  std::vector<Evidence> inputs;
};

/// A person under consideration for the group, with everything said about them.
struct Candidate : RecordOf<Candidate> {
  static constexpr std::string_view kType = "candidate";
  Person person;
  std::string seniority, function;  ///< normalised
  double title_confidence = 0;
  std::string title_rule;
  std::vector<Score> scores;
  std::string role;  ///< decision | champion | stakeholder | blocker | introducer | ""
  std::string sub_role;
  std::vector<std::string> other_roles;  ///< further roles the same person holds (small firms)
  std::string employment_status;  ///< current | likely_current | departed | unknown
  std::vector<std::string> flags;
  std::vector<std::string> rule_ids;
  double confidence = 0;
  std::vector<Evidence> evidence;
  std::string excluded_reason;  ///< non-empty when dropped from the group
};

/// The result for one account.
struct BuyerGroup : RecordOf<BuyerGroup> {
  static constexpr std::string_view kType = "buyer_group";
  Company company;
  SellerProfile seller;
  std::vector<Candidate> members;
  std::vector<Candidate> excluded;
  nlohmann::json coverage = nlohmann::json::object();
  nlohmann::json engagement = nlohmann::json::object();  ///< leads per role and call order
  nlohmann::json intelligence = nlohmann::json::object();
  nlohmann::json ledger = nlohmann::json::object();
  nlohmann::json run = nlohmann::json::object();
};

void to_json(nlohmann::json& j, const Provenance& v);
void from_json(const nlohmann::json& j, Provenance& v);
void to_json(nlohmann::json& j, const Evidence& v);
void from_json(const nlohmann::json& j, Evidence& v);
void to_json(nlohmann::json& j, const ContactPoint& v);
void from_json(const nlohmann::json& j, ContactPoint& v);
void to_json(nlohmann::json& j, const Experience& v);
void from_json(const nlohmann::json& j, Experience& v);
void to_json(nlohmann::json& j, const Company& v);
void from_json(const nlohmann::json& j, Company& v);
void to_json(nlohmann::json& j, const Person& v);
void from_json(const nlohmann::json& j, Person& v);
void to_json(nlohmann::json& j, const SellerProfile& v);
void from_json(const nlohmann::json& j, SellerProfile& v);
void to_json(nlohmann::json& j, const PeopleQuery& v);
void from_json(const nlohmann::json& j, PeopleQuery& v);
void to_json(nlohmann::json& j, const QueryTarget& v);
void from_json(const nlohmann::json& j, QueryTarget& v);
void to_json(nlohmann::json& j, const Score& v);
void from_json(const nlohmann::json& j, Score& v);
void to_json(nlohmann::json& j, const Candidate& v);
void from_json(const nlohmann::json& j, Candidate& v);
void to_json(nlohmann::json& j, const BuyerGroup& v);
void from_json(const nlohmann::json& j, BuyerGroup& v);

}  // namespace buyergraph::sdk
