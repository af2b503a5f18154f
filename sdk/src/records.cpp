// JSON round-trip of the SDK records. Empty strings, empty lists and unset optionals are left
// out of the output and read back as their defaults, so files stay small and round-trip exactly.
#include "buyergraph/sdk/records.hpp"

#include <stdexcept>

#include "buyergraph/sdk/account.hpp"

namespace buyergraph::sdk {
namespace {

using nlohmann::json;

template <class T>
void put(json& j, const char* k, const T& v) {
  if constexpr (requires { v.empty(); }) {
    if (v.empty()) return;
  }
  j[k] = v;
}
template <class T>
void put(json& j, const char* k, const std::optional<T>& v) {
  if (v) j[k] = *v;
}
void put(json& j, const char* k, bool v) {
  if (v) j[k] = v;
}
void put(json& j, const char* k, double v) {
  if (v != 0) j[k] = v;
}

template <class T>
void take(const json& j, const char* k, T& v) {
  auto it = j.find(k);
  if (it != j.end() && !it->is_null()) v = it->template get<T>();
}
template <class T>
void take(const json& j, const char* k, std::optional<T>& v) {
  auto it = j.find(k);
  if (it != j.end() && !it->is_null()) v = it->template get<T>();
}

// Accounts come from users' files: a wrong type is a plain-words error, not a json exception.
void take_text(const json& j, const char* k, std::string& v) {
  auto it = j.find(k);
  if (it == j.end() || it->is_null()) return;
  if (!it->is_string())
    throw std::invalid_argument(std::string(k) + " must be text, got " + it->type_name());
  v = it->get<std::string>();
}

}  // namespace

void to_json(json& j, const Account& a) {
  j = json::object();
  put(j, "key", a.key);
  put(j, "name", a.name);
  put(j, "domain", a.domain);
  put(j, "provider_id", a.provider_id);
  if (!a.attributes.empty()) j["attributes"] = a.attributes;
}
void from_json(const json& j, Account& a) {
  if (!j.is_object())
    throw std::invalid_argument(std::string("an account is a JSON object, got ") + j.type_name());
  take_text(j, "key", a.key);
  take_text(j, "name", a.name);
  take_text(j, "domain", a.domain);
  take_text(j, "provider_id", a.provider_id);
  if (auto it = j.find("attributes"); it != j.end() && !it->is_null()) {
    if (!it->is_object())
      throw std::invalid_argument(std::string("attributes must be an object, got ") +
                                  it->type_name());
    a.attributes = *it;
  }
}

void to_json(json& j, const Provenance& v) {
  j = json::object();
  put(j, "source", v.source);
  put(j, "endpoint", v.endpoint);
  put(j, "retrieved_at", v.retrieved_at);
  put(j, "cost", v.cost);
  put(j, "synthetic", v.synthetic);
}
void from_json(const json& j, Provenance& v) {
  take(j, "source", v.source);
  take(j, "endpoint", v.endpoint);
  take(j, "retrieved_at", v.retrieved_at);
  take(j, "cost", v.cost);
  take(j, "synthetic", v.synthetic);
}

void to_json(json& j, const Evidence& v) {
  j = json::object();
  put(j, "field", v.field);
  put(j, "value", v.value);
  put(j, "source", v.source);
  put(j, "url", v.url);
  put(j, "note", v.note);
}
void from_json(const json& j, Evidence& v) {
  take(j, "field", v.field);
  take(j, "value", v.value);
  take(j, "source", v.source);
  take(j, "url", v.url);
  take(j, "note", v.note);
}

void to_json(json& j, const ContactPoint& v) {
  j = json::object();
  put(j, "kind", v.kind);
  put(j, "value", v.value);
  put(j, "normalized", v.normalized);
  j["status"] = v.status;
  put(j, "reasons", v.reasons);
  put(j, "provider_status", v.provider_status);
  put(j, "verified_at", v.verified_at);
  put(j, "source", v.source);
  put(j, "phone_type", v.phone_type);
  put(j, "region", v.region);
}
void from_json(const json& j, ContactPoint& v) {
  take(j, "kind", v.kind);
  take(j, "value", v.value);
  take(j, "normalized", v.normalized);
  take(j, "status", v.status);
  take(j, "reasons", v.reasons);
  take(j, "provider_status", v.provider_status);
  take(j, "verified_at", v.verified_at);
  take(j, "source", v.source);
  take(j, "phone_type", v.phone_type);
  take(j, "region", v.region);
}

void to_json(json& j, const Experience& v) {
  j = json::object();
  put(j, "company_id", v.company_id);
  put(j, "company_name", v.company_name);
  put(j, "title", v.title);
  put(j, "department", v.department);
  put(j, "management_level", v.management_level);
  put(j, "from_year", v.from_year);
  put(j, "from_month", v.from_month);
  put(j, "to_year", v.to_year);
  put(j, "to_month", v.to_month);
  j["current"] = v.current;
  put(j, "location", v.location);
}
void from_json(const json& j, Experience& v) {
  take(j, "company_id", v.company_id);
  take(j, "company_name", v.company_name);
  take(j, "title", v.title);
  take(j, "department", v.department);
  take(j, "management_level", v.management_level);
  take(j, "from_year", v.from_year);
  take(j, "from_month", v.from_month);
  take(j, "to_year", v.to_year);
  take(j, "to_month", v.to_month);
  take(j, "current", v.current);
  take(j, "location", v.location);
}

void to_json(json& j, const Company& v) {
  j = json::object();
  j["id"] = v.id;
  j["name"] = v.name;
  put(j, "legal_name", v.legal_name);
  put(j, "aliases", v.aliases);
  put(j, "former_names", v.former_names);
  put(j, "domains", v.domains);
  put(j, "linkedin_url", v.linkedin_url);
  put(j, "tickers", v.tickers);
  put(j, "industry", v.industry);
  put(j, "employees", v.employees);
  put(j, "size_range", v.size_range);
  put(j, "revenue_band", v.revenue_band);
  put(j, "hq_country", v.hq_country);
  put(j, "hq_city", v.hq_city);
  put(j, "parent_id", v.parent_id);
  put(j, "subsidiary_ids", v.subsidiary_ids);
  put(j, "technologies", v.technologies);
  if (!v.signals.empty()) j["signals"] = v.signals;
  j["provenance"] = v.provenance;
}
void from_json(const json& j, Company& v) {
  take(j, "id", v.id);
  take(j, "name", v.name);
  take(j, "legal_name", v.legal_name);
  take(j, "aliases", v.aliases);
  take(j, "former_names", v.former_names);
  take(j, "domains", v.domains);
  take(j, "linkedin_url", v.linkedin_url);
  take(j, "tickers", v.tickers);
  take(j, "industry", v.industry);
  take(j, "employees", v.employees);
  take(j, "size_range", v.size_range);
  take(j, "revenue_band", v.revenue_band);
  take(j, "hq_country", v.hq_country);
  take(j, "hq_city", v.hq_city);
  take(j, "parent_id", v.parent_id);
  take(j, "subsidiary_ids", v.subsidiary_ids);
  take(j, "technologies", v.technologies);
  take(j, "signals", v.signals);
  take(j, "provenance", v.provenance);
}

void to_json(json& j, const Person& v) {
  j = json::object();
  j["id"] = v.id;
  put(j, "alt_ids", v.alt_ids);
  j["full_name"] = v.full_name;
  put(j, "first_name", v.first_name);
  put(j, "last_name", v.last_name);
  put(j, "headline", v.headline);
  put(j, "title", v.title);
  put(j, "department", v.department);
  put(j, "management_level", v.management_level);
  put(j, "company_id", v.company_id);
  put(j, "company_name", v.company_name);
  put(j, "experience", v.experience);
  put(j, "location", v.location);
  put(j, "country", v.country);
  put(j, "country_iso2", v.country_iso2);
  put(j, "profile_url", v.profile_url);
  put(j, "contacts", v.contacts);
  put(j, "skills", v.skills);
  put(j, "connections", v.connections);
  put(j, "followers", v.followers);
  put(j, "manager_id", v.manager_id);
  put(j, "deleted", v.deleted);
  put(j, "duplicate", v.duplicate);
  j["provenance"] = v.provenance;
}
void from_json(const json& j, Person& v) {
  take(j, "id", v.id);
  take(j, "alt_ids", v.alt_ids);
  take(j, "full_name", v.full_name);
  take(j, "first_name", v.first_name);
  take(j, "last_name", v.last_name);
  take(j, "headline", v.headline);
  take(j, "title", v.title);
  take(j, "department", v.department);
  take(j, "management_level", v.management_level);
  take(j, "company_id", v.company_id);
  take(j, "company_name", v.company_name);
  take(j, "experience", v.experience);
  take(j, "location", v.location);
  take(j, "country", v.country);
  take(j, "country_iso2", v.country_iso2);
  take(j, "profile_url", v.profile_url);
  take(j, "contacts", v.contacts);
  take(j, "skills", v.skills);
  take(j, "connections", v.connections);
  take(j, "followers", v.followers);
  take(j, "manager_id", v.manager_id);
  take(j, "deleted", v.deleted);
  take(j, "duplicate", v.duplicate);
  take(j, "provenance", v.provenance);
}

const Experience* Person::current_role_at(std::string_view company) const {
  for (const auto& e : experience)
    if (e.current && e.company_id == company) return &e;
  return nullptr;
}

void to_json(json& j, const SellerProfile& v) {
  j = json::object();
  put(j, "name", v.name);
  put(j, "product", v.product);
  put(j, "category", v.category);
  put(j, "value_propositions", v.value_propositions);
  j["deal_size"] = v.deal_size;
  j["currency"] = v.currency;
  put(j, "target_functions", v.target_functions);
  put(j, "secondary_functions", v.secondary_functions);
  put(j, "personas", v.personas);
  put(j, "anti_personas", v.anti_personas);
  put(j, "geography", v.geography);
  put(j, "processes_personal_data", v.processes_personal_data);
  put(j, "source_file", v.source_file);
  put(j, "sales_cycle_days", v.sales_cycle_days);
  j["deal_stage"] = v.deal_stage;
  put(j, "sells_to_sales_teams", v.sells_to_sales_teams);
  j["integration_depth"] = v.integration_depth;
  put(j, "security_review", v.security_review);
  j["introducer_definition"] = v.introducer_definition;
  put(j, "role_rules", v.role_rules);
  put(j, "notes", v.notes);
}
void from_json(const json& j, SellerProfile& v) {
  take(j, "name", v.name);
  take(j, "product", v.product);
  take(j, "category", v.category);
  take(j, "value_propositions", v.value_propositions);
  take(j, "deal_size", v.deal_size);
  take(j, "currency", v.currency);
  take(j, "target_functions", v.target_functions);
  take(j, "secondary_functions", v.secondary_functions);
  take(j, "personas", v.personas);
  take(j, "anti_personas", v.anti_personas);
  take(j, "geography", v.geography);
  take(j, "processes_personal_data", v.processes_personal_data);
  take(j, "source_file", v.source_file);
  take(j, "sales_cycle_days", v.sales_cycle_days);
  take(j, "deal_stage", v.deal_stage);
  take(j, "sells_to_sales_teams", v.sells_to_sales_teams);
  take(j, "integration_depth", v.integration_depth);
  take(j, "security_review", v.security_review);
  take(j, "introducer_definition", v.introducer_definition);
  take(j, "role_rules", v.role_rules);
  take(j, "notes", v.notes);
}

void to_json(json& j, const QueryTarget& v) {
  j = json{{"purpose", v.purpose}};
  put(j, "title_terms", v.title_terms);
  put(j, "functions", v.functions);
  put(j, "seniorities", v.seniorities);
  put(j, "limit", v.limit);
}
void from_json(const json& j, QueryTarget& v) {
  take(j, "purpose", v.purpose);
  take(j, "title_terms", v.title_terms);
  take(j, "functions", v.functions);
  take(j, "seniorities", v.seniorities);
  take(j, "limit", v.limit);
}

void to_json(json& j, const PeopleQuery& v) {
  j = json{{"company", v.company}, {"targets", v.targets}};
  put(j, "strategy", v.strategy);
}
void from_json(const json& j, PeopleQuery& v) {
  take(j, "company", v.company);
  take(j, "targets", v.targets);
  take(j, "strategy", v.strategy);
}

void to_json(json& j, const Score& v) {
  j = json{{"name", v.name}, {"value", v.value}};
  put(j, "inputs", v.inputs);
}
void from_json(const json& j, Score& v) {
  take(j, "name", v.name);
  take(j, "value", v.value);
  take(j, "inputs", v.inputs);
}

void to_json(json& j, const Candidate& v) {
  j = json::object();
  j["person"] = v.person;
  put(j, "seniority", v.seniority);
  put(j, "function", v.function);
  put(j, "title_confidence", v.title_confidence);
  put(j, "title_rule", v.title_rule);
  put(j, "scores", v.scores);
  put(j, "role", v.role);
  put(j, "sub_role", v.sub_role);
  put(j, "other_roles", v.other_roles);
  put(j, "employment_status", v.employment_status);
  put(j, "flags", v.flags);
  put(j, "rule_ids", v.rule_ids);
  put(j, "confidence", v.confidence);
  put(j, "evidence", v.evidence);
  put(j, "excluded_reason", v.excluded_reason);
}
void from_json(const json& j, Candidate& v) {
  take(j, "person", v.person);
  take(j, "seniority", v.seniority);
  take(j, "function", v.function);
  take(j, "title_confidence", v.title_confidence);
  take(j, "title_rule", v.title_rule);
  take(j, "scores", v.scores);
  take(j, "role", v.role);
  take(j, "sub_role", v.sub_role);
  take(j, "other_roles", v.other_roles);
  take(j, "employment_status", v.employment_status);
  take(j, "flags", v.flags);
  take(j, "rule_ids", v.rule_ids);
  take(j, "confidence", v.confidence);
  take(j, "evidence", v.evidence);
  take(j, "excluded_reason", v.excluded_reason);
}

void to_json(json& j, const BuyerGroup& v) {
  j = json{{"company", v.company},           {"seller", v.seller},     {"members", v.members},
           {"excluded", v.excluded},         {"coverage", v.coverage}, {"engagement", v.engagement},
           {"intelligence", v.intelligence}, {"ledger", v.ledger},     {"run", v.run}};
}
void from_json(const json& j, BuyerGroup& v) {
  take(j, "company", v.company);
  take(j, "seller", v.seller);
  take(j, "members", v.members);
  take(j, "excluded", v.excluded);
  take(j, "coverage", v.coverage);
  take(j, "engagement", v.engagement);
  take(j, "intelligence", v.intelligence);
  take(j, "ledger", v.ledger);
  take(j, "run", v.run);
}

}  // namespace buyergraph::sdk
