// Domain benchmarks over the demo store ($BUYERGRAPH_STORE, else the user's store):
//  - title classification: the current titles of the demo companies, titles/s on one thread;
//  - company resolution: 10,000 generated companies, name / URL / LinkedIn queries per second;
//    and the evaluation set's typed names over 100,000 companies (its listings + generated);
//  - scoring + roles: one candidate (a real demo employee with its title label) per iteration.
// End-to-end `find` and batch throughput go through the CLI (bench/find.sh, `buyergraph bench`).
#include <benchmark/benchmark.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "buyergraph/resolve/candidate_source.hpp"
#include "buyergraph/resolve/resolver.hpp"
#include "buyergraph/roles/engine.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/store/csv.hpp"
#include "buyergraph/store/store.hpp"
#include "buyergraph/titles/classifier.hpp"

using namespace buyergraph;

namespace {

std::unique_ptr<store::Store> open_demo_store() {
  const char* env = std::getenv("BUYERGRAPH_STORE");
  const std::string path = env && *env ? env : store::default_store_path();
  auto s = store::Store::open(path);
  if (!s) throw std::runtime_error("cannot open the store " + path + ": " + s.error().message);
  return std::move(*s);
}

// The store's companies with at most `max_employees` declared, smallest first.
std::vector<sdk::Company> demo_companies(store::Store& s, std::int64_t max_employees) {
  std::vector<sdk::Company> out;
  for (auto& c : s.all_companies())
    if (c.employees && *c.employees <= max_employees) out.push_back(std::move(c));
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return *a.employees < *b.employees; });
  return out;
}

const titles::TitleClassifier& classifier() {
  static const titles::TitleClassifier c = [] {
    auto loaded = titles::TitleClassifier::load_default();
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return *loaded;
  }();
  return c;
}

// Every current title of the small and medium demo companies (the roster, no JSON parsing).
const std::vector<std::string>& demo_titles() {
  static const std::vector<std::string> titles = [] {
    auto s = open_demo_store();
    std::vector<std::string> out;
    for (const auto& c : demo_companies(*s, 5000))
      for (auto& r : s->current_roster(c.id))
        if (!r.title.empty()) out.push_back(std::move(r.title));
    if (out.empty()) throw std::runtime_error("the demo store has no titles");
    return out;
  }();
  return titles;
}

void BM_TitleClassify(benchmark::State& state) {
  const auto& titles = demo_titles();
  const auto& c = classifier();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.classify(titles[i]));
    if (++i == titles.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["distinct_inputs"] = static_cast<double>(titles.size());
}
BENCHMARK(BM_TitleClassify)->MinTime(1.0);

// 10,000 unique generated companies: names with legal forms, domains under several TLDs.
std::vector<sdk::Company> generated_companies(std::size_t n) {
  const char* syll[] = {"ka",  "lo", "mi", "ne", "tor", "vex", "qua", "ri",  "zen", "bel",
                        "dra", "fo", "gi", "hu", "jas", "mor", "pel", "sti", "ur",  "wyn"};
  const char* words[] = {"Systems", "Labs",   "Foods",    "Logistics", "Capital",
                         "Health",  "Energy", "Software", "Media",     "Partners"};
  const char* forms[] = {"Inc.", "Ltd", "GmbH", "S.A.", "LLC", "B.V.", "AB", "Pty Ltd"};
  const char* tlds[] = {"com", "co.uk", "de", "fr", "io", "com.au", "se", "nl"};
  std::mt19937 rng(7);
  std::vector<sdk::Company> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string stem;
    for (int k = 0; k < 3; ++k) stem += syll[rng() % 20];
    stem[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(stem[0])));
    stem += std::to_string(i);
    std::string lower = stem;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    sdk::Company c;
    c.id = "g-" + std::to_string(i);
    c.name = stem + " " + words[rng() % 10] + " " + forms[i % 8];
    c.domains = {lower + "." + tlds[i % 8]};
    c.linkedin_url = "https://www.linkedin.com/company/" + lower;
    c.employees = static_cast<std::int64_t>(10 + rng() % 5000);
    out.push_back(std::move(c));
  }
  return out;
}

void BM_ResolveCompany_10k(benchmark::State& state) {
  auto loaded = resolve::Resolver::load_default();
  if (!loaded) {
    state.SkipWithError(loaded.error().message.c_str());
    return;
  }
  const resolve::Resolver resolver = *loaded;
  const auto companies = generated_companies(10000);
  resolve::VectorCandidateSource source(resolver, companies);
  std::vector<std::string> queries;  // one of each form for every 10th company
  for (std::size_t i = 0; i < companies.size(); i += 10) {
    queries.push_back(companies[i].name);
    queries.push_back("https://www." + companies[i].domains[0] + "/about");
    queries.push_back(companies[i].linkedin_url);
  }
  std::size_t i = 0, resolved = 0;
  for (auto _ : state) {
    auto r = resolve::resolve(resolver, queries[i], source, 50);
    resolved += r.status == "resolved";
    if (++i == queries.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["resolved_fraction"] =
      static_cast<double>(resolved) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ResolveCompany_10k)->MinTime(1.0);

// The listings directory of the evaluation set (tools/resolve-eval/data/companies.csv: ID,
// Name, Ticker, Former Names), as the importer maps those columns.
std::vector<sdk::Company> listed_companies() {
  const std::string path =
      std::string(BUYERGRAPH_SOURCE_DIR) + "/tools/resolve-eval/data/companies.csv";
  auto csv = store::CsvReader::open(path);
  if (!csv) throw std::runtime_error(csv.error().message);
  std::vector<sdk::Company> out;
  store::CsvRecord row;
  (*csv)->next(row);  // header
  auto list = [](const std::string& cell) {
    std::vector<std::string> v;
    std::size_t start = 0;
    while (start < cell.size()) {
      auto end = cell.find(';', start);
      if (end == std::string::npos) end = cell.size();
      if (end > start) v.push_back(cell.substr(start, end - start));
      start = end + 1;
    }
    return v;
  };
  while ((*csv)->next(row)) {
    if (!row.error.empty() || row.fields.size() < 4) continue;
    sdk::Company c;
    c.id = row.fields[0];
    c.name = row.fields[1];
    c.tickers = list(row.fields[2]);
    c.former_names = list(row.fields[3]);
    out.push_back(std::move(c));
  }
  return out;
}

// Typed queries of both splits of the evaluation set (queries.tsv: split, query, ...).
std::vector<std::string> typed_queries() {
  std::ifstream in(std::string(BUYERGRAPH_SOURCE_DIR) + "/tools/resolve-eval/data/queries.tsv");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto a = line.find('\t'), b = line.find('\t', a + 1);
    if (a != std::string::npos && b != std::string::npos)
      out.push_back(line.substr(a + 1, b - a - 1));
  }
  return out;
}

// 100,000 companies: the real listings directory plus generated companies (unique names with
// legal forms, domains) up to 100,000; the queries are the evaluation set's typed names, so
// each one meets real neighbours ("Royal", "American ...") and 95,000 generated ones.
void BM_ResolveListings_100k(benchmark::State& state) {
  auto loaded = resolve::Resolver::load_default();
  if (!loaded) {
    state.SkipWithError(loaded.error().message.c_str());
    return;
  }
  const resolve::Resolver resolver = *loaded;
  auto companies = listed_companies();
  const std::size_t listed = companies.size();
  for (auto& c : generated_companies(100000 - listed)) companies.push_back(std::move(c));
  resolve::VectorCandidateSource source(resolver, std::move(companies));
  const auto queries = typed_queries();
  if (queries.empty()) {
    state.SkipWithError("no queries in tools/resolve-eval/data/queries.tsv");
    return;
  }
  std::size_t i = 0, resolved = 0;
  for (auto _ : state) {
    auto r = resolve::resolve(resolver, queries[i], source, 50);
    resolved += r.status == "resolved";
    if (++i == queries.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["companies"] = static_cast<double>(source.size());
  state.counters["listed_companies"] = static_cast<double>(listed);
  state.counters["resolved_fraction"] =
      static_cast<double>(resolved) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ResolveListings_100k)->MinTime(1.0)->Unit(benchmark::kMicrosecond);

// Candidates of one medium demo company: the person record and its title label, as the
// screening stage hands them to scoring.
struct ScoringFixture {
  sdk::Company company;
  std::vector<sdk::Candidate> candidates;
};
const ScoringFixture& scoring_fixture() {
  static const ScoringFixture f = [] {
    auto s = open_demo_store();
    auto companies = demo_companies(*s, 5000);
    if (companies.empty()) throw std::runtime_error("no small/medium company in the store");
    ScoringFixture out;
    out.company = companies[companies.size() / 2];
    for (auto& p : s->current_employees(out.company.id, {}, 400)) {
      sdk::Candidate c;
      c.person = std::move(p);
      std::string title = c.person.headline;  // the current title here, when there is one
      for (const auto& e : c.person.experience)
        if (e.current && e.company_id == out.company.id) {
          title = e.title;
          break;
        }
      const auto label = classifier().classify(title);
      c.seniority = label.seniority;
      c.function = label.function;
      c.title_confidence = label.confidence;
      c.title_rule = label.rule;
      c.employment_status = "current";
      out.candidates.push_back(std::move(c));
    }
    return out;
  }();
  return f;
}

void BM_ScoreAndRoles(benchmark::State& state) {
  const auto& f = scoring_fixture();
  // A real seller: the default profile has no target functions, so no candidate would get a
  // role and the rules would stop early.
  auto loaded =
      sellers::load_seller_profile(std::string(BUYERGRAPH_SOURCE_DIR) + "/sellers/security.yaml");
  if (!loaded) {
    state.SkipWithError(loaded.error().message.c_str());
    return;
  }
  const sdk::SellerProfile seller = *loaded;
  auto base = roles::RoleEngine::load_default();
  if (!base) {
    state.SkipWithError(base.error().message.c_str());
    return;
  }
  auto engine = base->with_overrides(seller.role_rules);  // as the roles plugin does, per seller
  if (!engine) {
    state.SkipWithError(engine.error().message.c_str());
    return;
  }
  const auto acct = engine->prepare(seller, f.company, "2026-11-01");
  std::size_t i = 0, with_role = 0;
  for (auto _ : state) {
    sdk::Candidate c = f.candidates[i];  // the copy is part of the per-candidate cost
    engine->score(c, acct);
    engine->assign(c, acct);
    with_role += !c.role.empty();
    benchmark::DoNotOptimize(c);
    if (++i == f.candidates.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["candidates"] = static_cast<double>(f.candidates.size());
  state.counters["company_employees"] = static_cast<double>(f.company.employees.value_or(0));
  state.counters["with_role_fraction"] =
      static_cast<double>(with_role) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ScoreAndRoles)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
