// write_demo_dataset: plans the companies, then streams one company at a time (company line,
// its people, their truth rows), so memory is bounded by the largest org chart.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "buyergraph/demo/demo.hpp"
#include "calendar.hpp"
#include "company_plan.hpp"
#include "json_line.hpp"
#include "org_tree.hpp"
#include "person.hpp"
#include "buyergraph/common/data_dir.hpp"
#include "records.hpp"
#include "vocabulary.hpp"


namespace buyergraph::demo {
namespace {

constexpr int kFormatVersion = 1;

/// A JSON Lines output file with a large buffer.
class LineFile {
 public:
  explicit LineFile(const std::string& path) : path_(path), f_(std::fopen(path.c_str(), "wb")) {
    if (f_) std::setvbuf(f_, nullptr, _IOFBF, 1 << 20);
  }
  ~LineFile() {
    if (f_) std::fclose(f_);
  }
  LineFile(const LineFile&) = delete;
  LineFile& operator=(const LineFile&) = delete;
  bool ok() const { return f_ != nullptr && !std::ferror(f_); }
  void write(const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), f_);
    std::fputc('\n', f_);
    ++lines_;
  }
  bool close() {
    const bool good = f_ && !std::ferror(f_) && std::fclose(f_) == 0;
    f_ = nullptr;
    return good;
  }
  const std::string& path() const { return path_; }
  std::size_t lines() const { return lines_; }

 private:
  std::string path_;
  std::FILE* f_;
  std::size_t lines_ = 0;
};

std::uint64_t isqrt(std::uint64_t n) {
  std::uint64_t r = 0;
  while ((r + 1) * (r + 1) <= n) ++r;
  return r;
}

struct TrapCounts {
  std::size_t former = 0, duplicate = 0, deleted = 0, namesake = 0, malformed_email = 0,
              malformed_phone = 0, missing_fields = 0, recently_appointed = 0,
              two_current_roles = 0;
};

}  // namespace

std::string default_demo_data_dir() {
  return (std::filesystem::path(common::data_dir()) / "demo").string();
}

sdk::Result<DemoSummary> write_demo_dataset(const DemoOptions& o, const std::string& out_dir) {
  const auto ref = parse_civil_date(o.reference_date);
  if (!ref)
    return sdk::Error{"invalid_input",
                      "reference date must be YYYY-MM-DD: '" + o.reference_date + "'"};
  if (out_dir.empty()) return sdk::Error{"invalid_input", "output folder is empty"};
  auto vocab = load_vocabulary(o.data_dir.empty() ? default_demo_data_dir() : o.data_dir);
  if (!vocab) return vocab.error();
  auto planned = plan_companies(*vocab, o);
  if (!planned) return planned.error();
  const std::vector<CompanyPlan>& plans = *planned;
  const std::vector<Employer> outside = outside_employers(*vocab);

  // Past employers inside the dataset are picked in proportion to size^0.75, so big companies
  // have many alumni without small ones being swamped.
  std::vector<std::uint64_t> cumulative;
  std::uint64_t acc = 0;
  for (const auto& p : plans) {
    const auto n = static_cast<std::uint64_t>(p.employer.employees);
    acc += std::max<std::uint64_t>(1, isqrt(n) * isqrt(isqrt(n)));
    cumulative.push_back(acc);
  }

  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return sdk::Error{"io", "cannot create " + out_dir + ": " + ec.message()};
  const auto dir = std::filesystem::path(out_dir);
  LineFile companies((dir / "companies.jsonl").string());
  LineFile employees((dir / "employees.jsonl").string());
  LineFile truth((dir / "truth.jsonl").string());
  for (const LineFile* f : {&companies, &employees, &truth})
    if (!f->ok()) return sdk::Error{"io", "cannot write " + f->path()};

  PersonContext ctx;
  ctx.vocab = &*vocab;
  ctx.plans = &plans;
  ctx.outside = &outside;
  ctx.former_cumulative = &cumulative;
  ctx.seed = o.seed;
  ctx.reference_month = month_index(ref->year, ref->month);
  ctx.reference_days = days_from_civil(*ref);

  TrapCounts traps;
  JsonLine line;
  DemoProgress progress;
  progress.companies_total = plans.size();
  for (std::size_t ci = 0; ci < plans.size(); ++ci) {
    const CompanyPlan& plan = plans[ci];
    const OrgTree tree = build_org_tree(*vocab, plans, ci, o.seed);
    PersonFactory factory(ctx, ci, tree);
    const int n = static_cast<int>(tree.nodes.size());

    CompanyFacts facts;
    facts.plan = &plan;
    facts.plans = &plans;
    facts.tree = &tree;
    facts.seed = o.seed;
    facts.reference_month = ctx.reference_month;
    facts.reference_days = ctx.reference_days;
    for (int i = 0; i < n; ++i)
      if (tree.nodes[static_cast<std::size_t>(i)].traps & kRecentlyAppointed)
        facts.arrivals.push_back(factory.preview(i));
    line.clear();
    write_company(line, *vocab, facts);
    companies.write(line.str());

    std::vector<std::int64_t> namesake_ids;
    for (int k : plan.namesakes)
      namesake_ids.push_back(plans[static_cast<std::size_t>(k)].employer.id);
    int duplicates = 0;
    for (int i = 0; i < n; ++i) {
      const OrgNode& node = tree.nodes[static_cast<std::size_t>(i)];
      const Person p = factory.make(i);
      const std::int64_t manager = node.parent >= 0 ? factory.person_id(node.parent) : 0;
      const bool deleted = node.traps & kDeleted;
      const bool dup = node.traps & (kDuplicateChild | kDuplicateNear);
      const std::int64_t dup_id = dup ? factory.person_id(n + duplicates++) : 0;

      RecordMeta meta;
      meta.id = p.id;
      meta.parent_id = p.id;
      meta.is_deleted = deleted;
      meta.historical_ids = {p.id};
      if (node.traps & kDuplicateChild) meta.historical_ids.push_back(dup_id);
      meta.linkedin_url = "https://www.linkedin.com/in/" + p.slug;
      line.clear();
      write_employee(line, *vocab, p, meta, ctx.reference_month);
      employees.write(line.str());
      line.clear();
      write_truth(line, p, p.id, node, plan.employer.id, manager, 0, deleted, namesake_ids);
      truth.write(line.str());

      if (o.on_progress && employees.lines() % 20000 < 2) {  // also inside big companies
        progress.companies_done = ci;
        progress.employees_written = employees.lines();
        o.on_progress(progress);
      }
      const int records = dup ? 2 : 1;
      traps.former += p.former.empty() ? 0 : records;
      traps.deleted += deleted;
      traps.namesake += namesake_ids.empty() ? 0 : records;
      traps.malformed_email += p.malformed_email ? records : 0;
      traps.malformed_phone += p.malformed_phone ? records : 0;
      traps.missing_fields += p.missing.empty() ? 0 : records;
      traps.recently_appointed += p.recently_appointed ? records : 0;
      traps.two_current_roles += p.board_company ? records : 0;
      if (!dup) continue;

      // The duplicate record follows its original: an older child copy, or a near-duplicate
      // parent record with a differently written LinkedIn URL and maybe a nickname.
      ++traps.duplicate;
      RecordMeta d;
      d.id = dup_id;
      d.historical_ids = {dup_id};
      d.updated = p.updated -
                  static_cast<std::int64_t>(mix64(static_cast<std::uint64_t>(dup_id)) % 300) - 30;
      if (node.traps & kDuplicateChild) {
        d.parent_id = p.id;
        d.is_parent = false;
        d.linkedin_url = meta.linkedin_url;
      } else {
        d.parent_id = dup_id;
        d.is_parent = true;
        d.linkedin_url = "http://linkedin.com/in/" + p.slug + "/";
        auto nick = vocab->nicknames.find(p.first);
        if (nick != vocab->nicknames.end()) {
          d.first_name = nick->second;
          d.full_name = nick->second + " " + p.last;
        }
      }
      line.clear();
      write_employee(line, *vocab, p, d, ctx.reference_month);
      employees.write(line.str());
      line.clear();
      write_truth(line, p, dup_id, node, plan.employer.id, manager, p.id, false, namesake_ids);
      truth.write(line.str());
    }
    progress.companies_done = ci + 1;
    progress.employees_written = employees.lines();
    if (o.on_progress) o.on_progress(progress);
  }

  DemoSummary summary;
  summary.companies = companies.lines();
  summary.employees = employees.lines();
  summary.truth_rows = truth.lines();
  for (LineFile* f : {&companies, &employees, &truth}) {
    if (!f->close()) return sdk::Error{"io", "failed writing " + f->path()};
    summary.files.push_back(f->path());
  }

  // The manifest: options, counts, file sizes and the company-level traps. No timings, so it
  // is as deterministic as the data.
  nlohmann::ordered_json m;
  m["generator"] = "buyergraph demo-data";
  m["format_version"] = kFormatVersion;
  m["synthetic"] = true;
  m["note"] =
      "Synthetic demo data: fictional companies on reserved .example domains and invented people.";
  m["format"] = "CoreSignal multi-source JSON Lines (company_multi_source, employee_multi_source)";
  m["seed"] = o.seed;
  m["reference_date"] = o.reference_date;
  m["include_largest"] = o.include_largest;
  m["extra_companies"] = o.extra_companies;
  m["counts"] = {{"companies", summary.companies},
                 {"employees", summary.employees},
                 {"truth_rows", summary.truth_rows}};
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& path : summary.files)
    files.push_back({{"name", std::filesystem::path(path).filename().string()},
                     {"bytes", std::filesystem::file_size(path, ec)}});
  m["files"] = files;
  nlohmann::ordered_json namesakes = nlohmann::ordered_json::array();
  nlohmann::ordered_json families = nlohmann::ordered_json::array();
  for (const auto& p : plans) {
    if (!p.namesakes.empty() && p.namesakes.front() > static_cast<int>(&p - plans.data())) {
      nlohmann::ordered_json group = nlohmann::ordered_json::array({p.employer.id});
      for (int k : p.namesakes) group.push_back(plans[static_cast<std::size_t>(k)].employer.id);
      namesakes.push_back(group);
    }
    if (!p.subsidiaries.empty()) {
      nlohmann::ordered_json subs = nlohmann::ordered_json::array();
      for (int k : p.subsidiaries) subs.push_back(plans[static_cast<std::size_t>(k)].employer.id);
      families.push_back({{"parent_id", p.employer.id}, {"subsidiary_ids", subs}});
    }
  }
  m["traps"] = {{"namesake_groups", namesakes},
                {"families", families},
                {"records",
                 {{"former", traps.former},
                  {"duplicate", traps.duplicate},
                  {"deleted", traps.deleted},
                  {"namesake_company", traps.namesake},
                  {"malformed_email", traps.malformed_email},
                  {"malformed_phone", traps.malformed_phone},
                  {"missing_fields", traps.missing_fields},
                  {"recently_appointed", traps.recently_appointed},
                  {"two_current_roles", traps.two_current_roles}}}};
  m["extensions"] = {{"synthetic", "top-level boolean on every line of every file: always true"},
                     {"demo_phone_numbers",
                      "employee records: array of phone strings (CoreSignal has no phones); "
                      "demo-only, some deliberately malformed"},
                     {"parent_company_id",
                      "company records: parent's id on a subsidiary (with parent_company_name, "
                      "parent_company_website); subsidiary_company_ids on the parent"}};
  const std::string manifest_path = (dir / "manifest.json").string();
  {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(manifest_path.c_str(), "wb"),
                                                      &std::fclose);
    if (!f) return sdk::Error{"io", "cannot write " + manifest_path};
    const std::string text = m.dump(2) + "\n";
    if (std::fwrite(text.data(), 1, text.size(), f.get()) != text.size())
      return sdk::Error{"io", "failed writing " + manifest_path};
  }
  summary.files.push_back(manifest_path);
  return summary;
}

}  // namespace buyergraph::demo
