// Streaming import of CoreSignal JSONL and CSV exports into the store.
#include "buyergraph/store/import.hpp"

#include <array>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include <sys/stat.h>

#include "buyergraph/coresignal/mapping.hpp"
#include "buyergraph/coresignal/text.hpp"
#include "buyergraph/coresignal/web.hpp"
#include "buyergraph/store/csv.hpp"
#include "buyergraph/store/line_reader.hpp"

namespace buyergraph::store {
namespace {

namespace cs = buyergraph::coresignal;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// ---- CSV columns: each field and its accepted header spellings (compared after fold()).

enum Col {
  kId,
  kFirstName,
  kLastName,
  kFullName,
  kTitle,
  kHeadline,
  kDepartment,
  kLevel,
  kCompany,
  kCompanyId,
  kCompanyDomain,
  kEmail,
  kPhone,
  kLinkedin,
  kLocation,
  kCity,
  kState,
  kCountry,
  kSkills,
  kConnections,
  kManagerRef,
  kManagerEmail,
  kManagerName,
  // companies
  kName,
  kDomain,
  kAliases,
  kFormerNames,
  kLegalName,
  kIndustry,
  kEmployees,
  kSizeRange,
  kRevenue,
  kTicker,
  kParentId,
  kColCount
};

struct ColumnSpec {
  Col col;
  std::vector<std::string_view> names;
};

const std::vector<ColumnSpec>& people_columns() {
  static const std::vector<ColumnSpec> spec = {
      {kId,
       {"id", "person id", "contact id", "record id", "coresignal id", "lead id", "employee id"}},
      {kFirstName, {"first name", "firstname", "given name", "first"}},
      {kLastName, {"last name", "lastname", "surname", "family name", "last"}},
      {kFullName, {"full name", "name", "fullname", "contact name", "contact", "employee name"}},
      {kTitle, {"title", "job title", "current title", "position", "job position", "role"}},
      {kHeadline, {"headline", "summary headline"}},
      {kDepartment, {"department", "function", "job function"}},
      {kLevel, {"management level", "seniority", "seniority level", "level"}},
      {kCompany,
       {"company", "company name", "account name", "account", "organization", "organisation",
        "employer", "current company"}},
      {kCompanyId, {"company id", "account id", "coresignal company id"}},
      {kCompanyDomain,
       {"company domain", "company website", "website", "domain", "company url", "account website",
        "company website url"}},
      {kEmail,
       {"email", "email address", "e mail", "e mail address", "work email", "business email",
        "primary email", "emails"}},
      {kPhone,
       {"phone", "phone number", "mobile", "mobile phone", "direct phone", "work phone",
        "direct dial", "phones", "telephone"}},
      {kLinkedin,
       {"linkedin url", "linkedin", "linkedin profile", "linkedin profile url", "profile url",
        "person linkedin url", "linkedin link"}},
      {kLocation, {"location", "geography", "person location"}},
      {kCity, {"city", "person city"}},
      {kState, {"state", "region", "person state", "state province"}},
      {kCountry, {"country", "person country"}},
      {kSkills, {"skills"}},
      {kConnections, {"connections", "connections count"}},
      // The manager as an id of this file (or of the store), else an email or a name.
      {kManagerRef,
       {"manager id", "managerid", "reports to", "reportsto", "reports to id", "supervisor",
        "supervisor id", "manager", "line manager", "line manager id", "manager employee id",
        "parent employee id", "boss id"}},
      {kManagerEmail,
       {"manager email", "manager e mail", "manager email address", "supervisor email",
        "reports to email", "line manager email"}},
      {kManagerName,
       {"manager name", "manager full name", "supervisor name", "reports to name",
        "line manager name"}},
  };
  return spec;
}

const std::vector<ColumnSpec>& company_columns() {
  static const std::vector<ColumnSpec> spec = {
      {kId, {"id", "company id", "account id", "coresignal id", "coresignal company id"}},
      {kName,
       {"name", "company", "company name", "account name", "account", "organization",
        "organisation"}},
      {kDomain,
       {"domain", "website", "company domain", "company website", "url", "web site",
        "primary domain", "domains"}},
      {kAliases, {"aliases", "alias", "aka", "also known as", "other names", "trading names"}},
      {kFormerNames,
       {"former names", "former name", "previous names", "previous name", "formerly known as",
        "previously known as", "old names"}},
      {kLegalName, {"legal name", "company legal name"}},
      {kIndustry, {"industry"}},
      {kEmployees,
       {"employees", "employee count", "employees count", "number of employees", "headcount",
        "company size", "size"}},
      {kSizeRange, {"size range", "employee range", "employees range"}},
      {kRevenue, {"revenue", "annual revenue", "revenue range", "revenue band"}},
      {kCountry, {"country", "hq country", "headquarters country"}},
      {kCity, {"city", "hq city", "headquarters city"}},
      {kLinkedin, {"linkedin", "linkedin url", "company linkedin url", "linkedin company url"}},
      {kTicker, {"ticker", "tickers", "stock ticker", "stock symbol"}},
      {kParentId, {"parent id", "parent company id", "parent"}},
  };
  return spec;
}

// Column index per field, -1 when absent.
using ColumnMap = std::array<int, kColCount>;

ColumnMap map_header(const std::vector<std::string>& header, const std::vector<ColumnSpec>& spec) {
  ColumnMap m;
  m.fill(-1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = cs::fold(header[i]);
    for (const auto& s : spec)
      for (auto name : s.names)
        if (h == name && m[s.col] < 0) m[s.col] = static_cast<int>(i);
  }
  return m;
}

std::string cell(const std::vector<std::string>& row, const ColumnMap& m, Col c) {
  int i = m[c];
  if (i < 0 || static_cast<std::size_t>(i) >= row.size()) return {};
  std::string_view v = row[static_cast<std::size_t>(i)];
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
  return std::string(v);
}

std::vector<std::string> split_list(const std::string& s, std::string_view seps) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto end = s.find_first_of(seps, pos);
    if (end == std::string::npos) end = s.size();
    std::string item = s.substr(pos, end - pos);
    auto b = item.find_first_not_of(" \t");
    auto e = item.find_last_not_of(" \t");
    if (b != std::string::npos) {
      item = item.substr(b, e - b + 1);
      if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    }
    pos = end + 1;
  }
  return out;
}

std::optional<std::int64_t> parse_count(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::int64_t n = 0;
  bool digits = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (n > 100000000000000) return std::nullopt;
      n = n * 10 + (c - '0');
      digits = true;
    } else if (c != ',' && c != ' ') {
      return std::nullopt;
    }
  }
  return digits ? std::optional<std::int64_t>(n) : std::nullopt;
}

std::string mtime_iso(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  std::time_t tt = st.st_mtime;
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string strip_gz(std::string name) {
  if (name.ends_with(".gz")) name.resize(name.size() - 3);
  return name;
}

// ---- The import loop shared by all formats.

class Importer {
 public:
  Importer(Store& store, const std::string& path, const ImportOptions& opt, ImportFormat format)
      : store_(store), opt_(opt), start_(Clock::now()) {
    sum_.file = path;
    sum_.format = format;
    prov_.endpoint = std::filesystem::path(path).filename().string();
    prov_.retrieved_at = mtime_iso(path);
  }

  sdk::Status begin() { return store_.begin(); }
  sdk::Status finish() {
    auto s = store_.commit();
    sum_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    return s;
  }

  void error(std::uint64_t line, std::string message) {
    ++sum_.errors;
    if (opt_.on_error) opt_.on_error(ImportError{sum_.file, line, std::move(message)});
  }

  void warn(std::uint64_t line, std::string message) {
    if (opt_.on_warning) opt_.on_warning(ImportError{sum_.file, line, std::move(message)});
  }

  // Counts one record read; commits the batch and reports progress every `batch` records.
  sdk::Status tick(const LineReader& lines) {
    ++sum_.read;
    if (sum_.read % std::max<std::size_t>(opt_.batch, 1) != 0) return sdk::Status::ok();
    if (auto s = store_.commit(); !s) return s;
    if (opt_.on_progress)
      opt_.on_progress({sum_.read, lines.bytes_read(), lines.file_size(),
                        std::chrono::duration<double>(Clock::now() - start_).count()});
    return store_.begin();
  }

  // Records the outcome of an upsert. A store failure aborts the import; a rejected record
  // (invalid_input) is a line error.
  sdk::Status count(const sdk::Result<Upsert>& r, std::uint64_t line, bool person) {
    if (!r) {
      if (r.error().code == "invalid_input") {
        error(line, r.error().message);
        return sdk::Status::ok();
      }
      return sdk::Status::from(r.error());
    }
    switch (*r) {
      case Upsert::inserted:
        ++sum_.inserted;
        break;
      case Upsert::updated:
        ++sum_.updated;
        break;
      case Upsert::unchanged:
        ++sum_.unchanged;
        break;
    }
    ++(person ? sum_.people : sum_.companies);
    return sdk::Status::ok();
  }

  sdk::Provenance provenance(std::string source) const {
    sdk::Provenance p = prov_;
    p.source = std::move(source);
    return p;
  }

  Store& store_;
  const ImportOptions& opt_;
  ImportSummary sum_;
  sdk::Provenance prov_;
  Clock::time_point start_;
};

sdk::Status import_jsonl(Importer& imp, LineReader& lines) {
  std::string line;
  auto prov = imp.provenance("coresignal");
  while (lines.next(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto n = lines.line_number();
    json j = json::parse(line, nullptr, false);
    sdk::Status s;
    if (j.is_discarded()) {
      imp.error(n, "invalid JSON");
    } else {
      switch (cs::classify(j)) {
        case cs::RecordKind::employee: {
          auto p = cs::person_from_coresignal(j, prov);
          if (!p)
            imp.error(n, p.error().message);
          else
            s = imp.count(imp.store_.upsert_person(*p), n, true);
          break;
        }
        case cs::RecordKind::company: {
          auto c = cs::company_from_coresignal(j, prov);
          if (!c)
            imp.error(n, c.error().message);
          else
            s = imp.count(imp.store_.upsert_company(*c), n, false);
          break;
        }
        case cs::RecordKind::unknown:
          imp.error(n, j.is_object() ? "neither an employee record (full_name, experience, ...) "
                                       "nor a company record (company_name, website, ...)"
                                     : "expected a JSON object");
      }
    }
    if (!s) return s;
    if (auto t = imp.tick(lines); !t) return t;
  }
  if (!lines.error().empty()) return sdk::Status::error("invalid_input", lines.error());
  return sdk::Status::ok();
}

// A stable id for a CSV row without one: derived, prefixed by the key kind.
std::string derive_person_id(const std::string& linkedin, const std::string& email,
                             const std::string& name, const std::string& domain) {
  if (auto li = cs::normalize_linkedin_url(linkedin); !li.empty()) return "li:" + li.substr(13);
  if (!email.empty()) {
    std::string e = email;
    std::transform(e.begin(), e.end(), e.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return "email:" + e;
  }
  if (!domain.empty()) return "name:" + cs::fold(name) + "@" + domain;
  return {};
}

// A data row can be imported when it parsed and has as many fields as the header; otherwise the
// problem is reported with the row's line number.
bool row_is_usable(Importer& imp, const CsvRecord& row, const CsvRecord& header) {
  if (!row.error.empty()) {
    imp.error(row.line, row.error);
    return false;
  }
  if (row.fields.size() != header.fields.size()) {
    imp.error(row.line, "expected " + std::to_string(header.fields.size()) + " fields, got " +
                            std::to_string(row.fields.size()));
    return false;
  }
  return true;
}

// Reporting lines of one people CSV. A manager cell names a person of the same file by id,
// email or full name, or (ids only) a person already in the store. A reference to a row further
// down is linked after the last row; one that matches nobody, or a name two people share, is
// reported as a warning and left empty (never guessed).
class ManagerLinks {
 public:
  enum class Kind { ref, email, name };
  struct Pending {
    std::string person_id, ref;
    Kind kind;
    std::uint64_t line;
  };

  void saw(const sdk::Person& p) {
    ids_.insert(p.id);
    for (const auto& c : p.contacts)
      if (c.kind == "email") emails_.emplace(lower(c.value), p.id);
    auto [it, fresh] = names_.emplace(cs::fold(p.full_name), p.id);
    if (!fresh && it->second != p.id) it->second.clear();  // a shared name identifies nobody
  }

  // The manager's id, or "" when the reference matches nobody of the file (yet).
  std::string resolve(const std::string& ref, Kind kind) const {
    if (kind != Kind::name && ids_.count(ref)) return ref;
    if (kind != Kind::name && ref.find('@') != std::string::npos) {
      auto it = emails_.find(lower(ref));
      return it == emails_.end() ? "" : it->second;
    }
    if (kind != Kind::email) {
      auto it = names_.find(cs::fold(ref));
      if (it != names_.end()) return it->second;
    }
    return {};
  }

  bool ambiguous_name(const std::string& ref) const {
    auto it = names_.find(cs::fold(ref));
    return it != names_.end() && it->second.empty();
  }

  std::vector<Pending> pending;

 private:
  static std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  }
  std::set<std::string> ids_;
  std::map<std::string, std::string> emails_, names_;
};

// Links the rows whose manager came later in the file; the batch is committed first so the
// stored rows can be read back.
sdk::Status link_pending_managers(Importer& imp, const ManagerLinks& links) {
  if (links.pending.empty()) return sdk::Status::ok();
  if (auto s = imp.store_.commit(); !s) return s;
  if (auto s = imp.store_.begin(); !s) return s;
  for (const auto& p : links.pending) {
    std::string id = links.resolve(p.ref, p.kind);
    if (id.empty() && p.kind == ManagerLinks::Kind::ref && imp.store_.person(p.ref)) id = p.ref;
    if (id.empty() || id == p.person_id) {
      ++imp.sum_.managers_unresolved;
      imp.warn(p.line, id == p.person_id ? "manager '" + p.ref + "' is the person themself"
                       : links.ambiguous_name(p.ref)
                           ? "manager '" + p.ref + "': several people have this name; left empty"
                           : "manager '" + p.ref +
                                 "' matches nobody in this file or the store; "
                                 "left empty");
      continue;
    }
    auto person = imp.store_.person(p.person_id);
    if (!person) continue;  // the row itself was rejected
    person->manager_id = id;
    auto r = imp.store_.upsert_person(*person);
    if (!r) return sdk::Status::from(r.error());
    ++imp.sum_.managers_linked;
  }
  return sdk::Status::ok();
}

// The row's manager reference: set now when that person was already read, else kept for the
// end of the file.
void link_manager(Importer& imp, ManagerLinks& links, const std::vector<std::string>& fields,
                  const ColumnMap& m, sdk::Person& p, std::uint64_t line) {
  links.saw(p);
  auto kind = ManagerLinks::Kind::ref;
  std::string ref = cell(fields, m, kManagerRef);
  if (ref.empty()) ref = cell(fields, m, kManagerEmail), kind = ManagerLinks::Kind::email;
  if (ref.empty()) ref = cell(fields, m, kManagerName), kind = ManagerLinks::Kind::name;
  if (ref.empty()) return;
  std::string id = links.resolve(ref, kind);
  if (!id.empty() && id != p.id) {
    p.manager_id = id;
    ++imp.sum_.managers_linked;
  } else {
    links.pending.push_back({p.id, ref, kind, line});
  }
}

sdk::Status import_people_csv(Importer& imp, CsvReader& csv) {
  CsvRecord header, row;
  if (!csv.next(header)) return sdk::Status::ok();
  if (!header.error.empty()) return sdk::Status::error("invalid_input", "header: " + header.error);
  ColumnMap m = map_header(header.fields, people_columns());
  if (m[kFullName] < 0 && m[kFirstName] < 0 && m[kLastName] < 0)
    return sdk::Status::error(
        "invalid_input", "people CSV needs a name column (First Name / Last Name or Full Name)");
  auto prov = imp.provenance("import");
  std::map<std::string, std::string> domain_company;  // registrable domain -> company id
  ManagerLinks links;
  while (csv.next(row)) {
    auto n = row.line;
    sdk::Status s;
    if (row_is_usable(imp, row, header)) {
      sdk::Person p;
      p.provenance = prov;
      p.first_name = cell(row.fields, m, kFirstName);
      p.last_name = cell(row.fields, m, kLastName);
      p.full_name = cell(row.fields, m, kFullName);
      if (p.full_name.empty())
        p.full_name =
            p.first_name + (p.first_name.empty() || p.last_name.empty() ? "" : " ") + p.last_name;
      p.title = cell(row.fields, m, kTitle);
      p.headline = cell(row.fields, m, kHeadline);
      p.department = cell(row.fields, m, kDepartment);
      p.management_level = cell(row.fields, m, kLevel);
      p.company_name = cell(row.fields, m, kCompany);
      p.profile_url = cell(row.fields, m, kLinkedin);
      p.location = cell(row.fields, m, kLocation);
      p.country = cell(row.fields, m, kCountry);
      if (p.location.empty()) {
        for (Col c : {kCity, kState, kCountry}) {
          auto v = cell(row.fields, m, c);
          if (!v.empty()) p.location += (p.location.empty() ? "" : ", ") + v;
        }
      }
      p.skills = split_list(cell(row.fields, m, kSkills), ";|,");
      if (auto c = parse_count(cell(row.fields, m, kConnections)); c && *c < INT32_MAX)
        p.connections = static_cast<int>(*c);
      for (const auto& e : split_list(cell(row.fields, m, kEmail), ";, ")) {
        sdk::ContactPoint cp;
        cp.kind = "email";
        cp.value = e;
        cp.source = prov.source;
        p.contacts.push_back(std::move(cp));
      }
      for (const auto& ph : split_list(cell(row.fields, m, kPhone), ";|")) {
        sdk::ContactPoint cp;
        cp.kind = "phone";
        cp.value = ph;
        cp.source = prov.source;
        p.contacts.push_back(std::move(cp));
      }
      std::string domain_cell = cell(row.fields, m, kCompanyDomain);
      std::string domain =
          cs::is_platform_host(domain_cell) ? "" : cs::registrable_domain(domain_cell);

      if (p.full_name.empty()) {
        imp.error(n, "First Name/Last Name/Full Name: missing");
      } else {
        p.id = cell(row.fields, m, kId);
        if (p.id.empty())
          p.id = derive_person_id(
              p.profile_url,
              p.contacts.empty() || p.contacts[0].kind != "email" ? "" : p.contacts[0].value,
              p.full_name, domain);
        if (p.id.empty()) {
          imp.error(n, "no id: needs an Id, LinkedIn URL, Email or Company Domain column value");
        } else {
          // The employer: an explicit id, else the one stored company on that domain, else a
          // stub company keyed by the domain. Never by name alone (namesakes).
          p.company_id = cell(row.fields, m, kCompanyId);
          if (p.company_id.empty() && !domain.empty()) {
            auto known = domain_company.find(domain);
            if (known != domain_company.end()) {
              p.company_id = known->second;
            } else {
              auto found = imp.store_.companies_by_domain(domain);
              if (found.size() == 1) {
                p.company_id = found.front().id;
              } else if (found.empty()) {
                sdk::Company stub;
                stub.id = "domain:" + domain;
                stub.name = p.company_name.empty() ? domain : p.company_name;
                stub.domains = {domain};
                stub.provenance = prov;
                // A stub is not a line of the file: counted in `companies` only.
                auto r = imp.store_.upsert_company(stub);
                if (r) {
                  p.company_id = stub.id;
                  if (*r != Upsert::unchanged) ++imp.sum_.companies;
                } else {
                  s = sdk::Status::from(r.error());
                }
              }  // several companies share the domain: leave the employer unresolved
              if (!p.company_id.empty()) domain_company[domain] = p.company_id;
            }
          }
          if (s && (!p.company_id.empty() || !p.company_name.empty() || !p.title.empty())) {
            sdk::Experience e;
            e.company_id = p.company_id;
            e.company_name = p.company_name;
            e.title = p.title;
            e.department = p.department;
            e.management_level = p.management_level;
            e.current = true;
            p.experience.push_back(std::move(e));
          }
          if (s) {
            link_manager(imp, links, row.fields, m, p, n);
            s = imp.count(imp.store_.upsert_person(p), n, true);
          }
        }
      }
    }
    if (!s) return s;
    if (auto t = imp.tick(csv.lines()); !t) return t;
  }
  return link_pending_managers(imp, links);
}

sdk::Status import_companies_csv(Importer& imp, CsvReader& csv) {
  CsvRecord header, row;
  if (!csv.next(header)) return sdk::Status::ok();
  if (!header.error.empty()) return sdk::Status::error("invalid_input", "header: " + header.error);
  ColumnMap m = map_header(header.fields, company_columns());
  if (m[kName] < 0)
    return sdk::Status::error("invalid_input",
                              "companies CSV needs a Name (or Company Name) column");
  auto prov = imp.provenance("import");
  while (csv.next(row)) {
    auto n = row.line;
    sdk::Status s;
    if (row_is_usable(imp, row, header)) {
      sdk::Company c;
      c.provenance = prov;
      c.name = cell(row.fields, m, kName);
      c.legal_name = cell(row.fields, m, kLegalName);
      c.aliases = split_list(cell(row.fields, m, kAliases), ";|");
      c.former_names = split_list(cell(row.fields, m, kFormerNames), ";|");
      for (const auto& d : split_list(cell(row.fields, m, kDomain), ";|, ")) {
        if (cs::is_platform_host(d)) continue;
        auto reg = cs::registrable_domain(d);
        if (!reg.empty() && std::find(c.domains.begin(), c.domains.end(), reg) == c.domains.end())
          c.domains.push_back(reg);
      }
      c.industry = cell(row.fields, m, kIndustry);
      std::string employees = cell(row.fields, m, kEmployees);
      if (auto e = parse_count(employees))
        c.employees = *e;
      else if (!employees.empty())
        c.size_range = employees;  // "51-200"
      if (auto r = cell(row.fields, m, kSizeRange); !r.empty()) c.size_range = r;
      c.revenue_band = cell(row.fields, m, kRevenue);
      c.hq_country = cell(row.fields, m, kCountry);
      c.hq_city = cell(row.fields, m, kCity);
      c.linkedin_url = cell(row.fields, m, kLinkedin);
      c.tickers = split_list(cell(row.fields, m, kTicker), ";|, ");
      c.parent_id = cell(row.fields, m, kParentId);
      c.id = cell(row.fields, m, kId);
      if (c.id.empty()) {
        if (!c.domains.empty())
          c.id = "domain:" + c.domains.front();
        else if (auto key = cs::normalize_company_name(c.name); !key.empty())
          c.id = "name:" + key;
      }
      if (c.name.empty())
        imp.error(n, "Name: missing");
      else if (c.id.empty())
        imp.error(n, "no id: needs an Id, Domain or Name");
      else
        s = imp.count(imp.store_.upsert_company(c), n, false);
    }
    if (!s) return s;
    if (auto t = imp.tick(csv.lines()); !t) return t;
  }
  return sdk::Status::ok();
}

bool has_person_columns(const std::vector<std::string>& header) {
  ColumnMap m = map_header(header, people_columns());
  return m[kFirstName] >= 0 || m[kLastName] >= 0 || m[kTitle] >= 0 || m[kEmail] >= 0 ||
         (m[kFullName] >= 0 && cs::fold(header[static_cast<std::size_t>(m[kFullName])]) != "name");
}

}  // namespace

std::string_view format_name(ImportFormat f) {
  switch (f) {
    case ImportFormat::coresignal_jsonl:
      return "coresignal-jsonl";
    case ImportFormat::companies_csv:
      return "companies-csv";
    case ImportFormat::people_csv:
      return "people-csv";
    case ImportFormat::automatic:
      break;
  }
  return "auto";
}

std::optional<ImportFormat> parse_format(std::string_view name) {
  for (auto f : {ImportFormat::automatic, ImportFormat::coresignal_jsonl,
                 ImportFormat::companies_csv, ImportFormat::people_csv})
    if (format_name(f) == name) return f;
  return std::nullopt;
}

sdk::Result<ImportFormat> detect_format(const std::string& path) {
  std::string name = strip_gz(std::filesystem::path(path).filename().string());
  for (const char* ext : {".jsonl", ".ndjson", ".json"})
    if (name.ends_with(ext)) return ImportFormat::coresignal_jsonl;
  auto csv = CsvReader::open(path);
  if (!csv) return csv.error();
  CsvRecord header;
  if (!(*csv)->next(header))
    return sdk::Error{"invalid_input", path + " is empty; cannot detect its format", false};
  if (!header.fields.empty() && header.fields[0].starts_with("{"))
    return ImportFormat::coresignal_jsonl;
  if (!header.error.empty())
    return sdk::Error{"invalid_input",
                      path + ":" + std::to_string(header.line) + ": " + header.error, false};
  if (has_person_columns(header.fields)) return ImportFormat::people_csv;
  ColumnMap m = map_header(header.fields, company_columns());
  if (m[kName] >= 0) return ImportFormat::companies_csv;
  return sdk::Error{"invalid_input",
                    "cannot tell the format of " + path +
                        " (use --format coresignal-jsonl|companies-csv|people-csv)",
                    false};
}

sdk::Result<ImportSummary> import_file(Store& store, const std::string& path,
                                       const ImportOptions& options) {
  ImportFormat format = options.format;
  if (format == ImportFormat::automatic) {
    auto f = detect_format(path);
    if (!f) return f.error();
    format = *f;
  }
  Importer imp(store, path, options, format);
  sdk::Status s;
  if (format == ImportFormat::coresignal_jsonl) {
    auto lines = LineReader::open(path);
    if (!lines) return lines.error();
    if (s = imp.begin(); !s) return s.error();
    s = import_jsonl(imp, **lines);
  } else {
    auto csv = CsvReader::open(path);
    if (!csv) return csv.error();
    if (s = imp.begin(); !s) return s.error();
    s = format == ImportFormat::people_csv ? import_people_csv(imp, **csv)
                                           : import_companies_csv(imp, **csv);
  }
  if (!s) {
    (void)store.rollback();  // the current batch only; earlier batches stay committed
    return s.error();
  }
  if (auto c = imp.finish(); !c) return c.error();
  return imp.sum_;
}

}  // namespace buyergraph::store
