#include "buyergraph/report/csv.hpp"

#include <algorithm>

#include <sstream>

#include "summary.hpp"
#include "text.hpp"

namespace buyergraph::report {

using nlohmann::json;

std::optional<CrmFlavor> parse_crm_flavor(std::string_view name) {
  if (name == "generic") return CrmFlavor::generic;
  if (name == "hubspot") return CrmFlavor::hubspot;
  if (name == "salesforce") return CrmFlavor::salesforce;
  return std::nullopt;
}

std::vector<std::string> csv_columns(CrmFlavor flavor) {
  switch (flavor) {
    case CrmFlavor::hubspot:
      return {"firstname",
              "lastname",
              "email",
              "jobtitle",
              "company",
              "hs_buying_role",
              "phone",
              "buyergraph_person_id",
              "buyergraph_role",
              "buyergraph_sub_role",
              "buyergraph_confidence",
              "buyergraph_email_status",
              "buyergraph_source"};
    case CrmFlavor::salesforce:
      return {"FirstName",
              "LastName",
              "Email",
              "Title",
              "AccountName",
              "Role",
              "IsPrimary",
              "Buyergraph_Person_Id__c",
              "Buyergraph_Role__c",
              "Buyergraph_Sub_Role__c",
              "Buyergraph_Confidence__c",
              "Buyergraph_Email_Status__c",
              "Buyergraph_Source__c"};
    case CrmFlavor::generic:
      break;
  }
  return {"person_id",    "full_name",    "first_name",    "last_name",         "title",
          "company_id",   "company_name", "role",          "sub_role",          "other_roles",
          "flags",        "confidence",   "seniority",     "function",          "employment_status",
          "email",        "email_status", "email_reasons", "email_verified_at", "phone",
          "phone_status", "profile_url",  "rule_ids",      "call_rank",         "source",
          "retrieved_at", "synthetic"};
}

namespace {

std::string salesforce_role(const sdk::Candidate& m) {
  const std::string& r = m.role;
  const std::string& s = m.sub_role;
  if (r == "decision") {
    if (s == "economic_buyer") return "Economic Buyer";
    if (s == "executive_sponsor") return "Executive Sponsor";
    return "Decision Maker";
  }
  if (r == "champion") return "Influencer";  // no default Champion value in OCR's picklist
  if (r == "stakeholder") {
    if (s == "technical_evaluator") return "Technical Buyer";
    if (s == "end_user") return "Business User";
    return "Influencer";
  }
  if (r == "blocker") return s == "security" ? "Technical Buyer" : "Other";
  return "Other";
}

std::string hubspot_role(const sdk::Candidate& m, const CsvOptions& opt) {
  const std::string& r = m.role;
  const std::string& s = m.sub_role;
  if (r == "decision") {
    if (s == "economic_buyer") return "Budget Holder";
    if (s == "executive_sponsor") return "Executive Sponsor";
    return "Decision Maker";
  }
  if (r == "champion")
    return has_flag(m, "evidenced_champion") && s != "coach" ? "Champion" : "Influencer";
  if (r == "stakeholder") return s == "end_user" ? "End User" : "Influencer";
  if (r == "blocker") {
    if (s == "legal" || s == "security") return "Legal & Compliance";
    if (s == "finance") return "Other";
    // HubSpot's Blocker means "opposes the deal"; ours is a gatekeeping function.
    return opt.hubspot_blocker_label ? "Blocker" : "Other";
  }
  return "Other";
}

const sdk::ContactPoint* first_contact(const sdk::Candidate& m, std::string_view kind) {
  const sdk::ContactPoint* best = nullptr;
  for (const auto& c : m.person.contacts) {
    if (c.kind != kind) continue;
    // An address with invisible or direction-changing characters can pass for another one in
    // a CRM: never exported, whatever else is known about it.
    if (std::find(c.reasons.begin(), c.reasons.end(), "unsafe_character") != c.reasons.end())
      continue;
    if (!best || (c.status == "valid" && best->status != "valid")) best = &c;
  }
  return best;
}

std::string contact_value(const sdk::ContactPoint* c) {
  if (!c) return "";
  return c->normalized.empty() ? c->value : c->normalized;
}

int call_rank(const sdk::BuyerGroup& g, const std::string& id) {
  if (!g.engagement.is_object() || !g.engagement.contains("call_order") ||
      !g.engagement["call_order"].is_array())
    return 0;
  for (const auto& step : g.engagement["call_order"])
    if (step.is_object() && step.value("person_id", json()) == json(id) && step.contains("rank") &&
        step["rank"].is_number_integer())
      return step["rank"].get<int>();
  return 0;
}

std::string confidence_text(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", c);
  return buf;
}

std::vector<std::string> row(const sdk::BuyerGroup& g, const sdk::Candidate& m, CrmFlavor f,
                             const CsvOptions& opt, bool primary) {
  const auto* email = first_contact(m, "email");
  const auto* phone = first_contact(m, "phone");
  const auto& p = m.person;
  std::string company = p.company_name.empty() ? g.company.name : p.company_name;
  switch (f) {
    case CrmFlavor::hubspot:
      return {p.first_name,
              p.last_name,
              contact_value(email),
              p.title,
              company,
              hubspot_role(m, opt),
              contact_value(phone),
              p.id,
              m.role,
              m.sub_role,
              confidence_text(m.confidence),
              email ? email->status : "",
              p.provenance.source};
    case CrmFlavor::salesforce:
      return {p.first_name,
              p.last_name,
              contact_value(email),
              p.title,
              company,
              salesforce_role(m),
              primary ? "true" : "false",
              p.id,
              m.role,
              m.sub_role,
              confidence_text(m.confidence),
              email ? email->status : "",
              p.provenance.source};
    case CrmFlavor::generic:
      break;
  }
  int rank = call_rank(g, p.id);
  return {p.id,
          p.full_name,
          p.first_name,
          p.last_name,
          p.title,
          p.company_id.empty() ? g.company.id : p.company_id,
          company,
          m.role,
          m.sub_role,
          text::join(m.other_roles, ";"),
          text::join(m.flags, ";"),
          confidence_text(m.confidence),
          m.seniority,
          m.function,
          m.employment_status,
          contact_value(email),
          email ? email->status : "",
          email ? text::join(email->reasons, ";") : "",
          email ? email->verified_at : "",
          contact_value(phone),
          phone ? phone->status : "",
          p.profile_url,
          text::join(m.rule_ids, ";"),
          rank ? std::to_string(rank) : "",
          p.provenance.source,
          p.provenance.retrieved_at,
          p.provenance.synthetic ? "true" : "false"};
}

}  // namespace

std::string crm_role(const sdk::Candidate& m, CrmFlavor flavor, const CsvOptions& options) {
  switch (flavor) {
    case CrmFlavor::hubspot:
      return hubspot_role(m, options);
    case CrmFlavor::salesforce:
      return salesforce_role(m);
    case CrmFlavor::generic:
      break;
  }
  return m.sub_role.empty() ? m.role : m.role + "/" + m.sub_role;
}

std::string csv_cell(std::string_view v) {
  std::string s(v);
  // A leading = + - @ (or tab/CR, which some spreadsheets skip before one) makes the cell a
  // formula in Excel and Sheets; the apostrophe keeps it text (OWASP CSV injection advice).
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    s.insert(s.begin(), '\'');
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string render_csv(const sdk::BuyerGroup& g, CrmFlavor flavor, const CsvOptions& options) {
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
    out += "\r\n";
  };
  line(csv_columns(flavor));
  // OCR allows one primary contact per opportunity: the first member of the call order.
  std::string primary;
  int best = 1 << 30;
  for (const auto& m : g.members)
    if (int r = call_rank(g, m.person.id); r > 0 && r < best) {
      best = r;
      primary = m.person.id;
    }
  for (const auto& m : g.members) line(row(g, m, flavor, options, m.person.id == primary));
  return out;
}

}  // namespace buyergraph::report
