// Title classification speed, one thread, without the demo store (docs/titles.md, "Speed"):
//  - the hand-labelled B2B titles (tests/fixtures/titles/*.tsv), rules only and rules + model;
//  - ESCO preferred labels in four languages (data/esco/), where the rules know fewer titles and
//    the model answers more often;
//  - generic titles with a department, where the department is classified too;
//  - the function model alone: the runtime's prediction path against fastText's predict().
// Compare the rows of one run with each other: the machine is shared and absolute numbers move.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "buyergraph/titles/classifier.hpp"
#include "function_model.hpp"

using namespace buyergraph;

namespace {

const std::string kRepo = BUYERGRAPH_SOURCE_DIR;

std::vector<std::string> fixture_titles() {
  std::vector<std::string> out;
  for (const char* f : {"titles.tsv", "holdout.tsv"}) {
    std::ifstream in(kRepo + "/tests/fixtures/titles/" + f);
    std::string line;
    while (std::getline(in, line))
      if (!line.empty() && line[0] != '#') out.push_back(line.substr(0, line.find('\t')));
  }
  if (out.empty()) throw std::runtime_error("no fixture titles");
  return out;
}

// The preferred label (first gendered form) of every ESCO occupation, en/de/fr/es. The label is
// the third CSV field; alternative labels follow in quotes and may span lines, so only lines
// starting with the concept URI are read.
std::vector<std::string> esco_titles() {
  std::vector<std::string> out;
  for (const char* lang : {"en", "de", "fr", "es"}) {
    std::ifstream in(kRepo + "/data/esco/occupations_" + std::string(lang) + ".csv");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("http://data.europa.eu/esco/occupation/", 0) != 0) continue;
      std::size_t a = line.find(',', line.find(',') + 1) + 1;
      std::string label;
      if (line[a] == '"') {
        const std::size_t b = line.find('"', a + 1);
        label = line.substr(a + 1, b - a - 1);
      } else {
        label = line.substr(a, line.find(',', a) - a);
      }
      out.push_back(label.substr(0, label.find('/')));
    }
  }
  if (out.empty()) throw std::runtime_error("no ESCO titles");
  return out;
}

const titles::TitleClassifier& with_model() {
  static const titles::TitleClassifier c = [] {
    auto r = titles::TitleClassifier::load(kRepo + "/data/titles/rules.yaml",
                                           kRepo + "/data/titles/function-model.json");
    if (!r) throw std::runtime_error(r.error().message);
    return *r;
  }();
  return c;
}

// Rules + model as before rule trust: a copy of rules.yaml without rule_trust.tsv next to it, so
// every sure rule decides and the model runs only where no rule does.
const titles::TitleClassifier& with_model_no_trust() {
  static const titles::TitleClassifier c = [] {
    const auto dir = std::filesystem::temp_directory_path() / "titles_bench_no_trust";
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(kRepo + "/data/titles/rules.yaml", dir / "rules.yaml",
                               std::filesystem::copy_options::overwrite_existing);
    auto r = titles::TitleClassifier::load((dir / "rules.yaml").string(),
                                           kRepo + "/data/titles/function-model.json");
    if (!r) throw std::runtime_error(r.error().message);
    return *r;
  }();
  return c;
}

const titles::TitleClassifier& rules_only() {
  static const titles::TitleClassifier c = [] {
    auto r = titles::TitleClassifier::load(kRepo + "/data/titles/rules.yaml");
    if (!r) throw std::runtime_error(r.error().message);
    return *r;
  }();
  return c;
}

void run(benchmark::State& state, const titles::TitleClassifier& c,
         const std::vector<std::string>& titles, const char* department) {
  std::size_t i = 0, model_decided = 0, n = 0;
  for (auto _ : state) {
    auto l = c.classify(titles[i], department);
    model_decided += l.layer == "model";
    ++n;
    benchmark::DoNotOptimize(l);
    if (++i == titles.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["distinct_inputs"] = static_cast<double>(titles.size());
  state.counters["model_share"] = n ? static_cast<double>(model_decided) / n : 0.0;
}

void BM_Fixtures_RulesOnly(benchmark::State& s) {
  static const auto t = fixture_titles();
  run(s, rules_only(), t, "");
}
void BM_Fixtures_RulesAndModel(benchmark::State& s) {
  static const auto t = fixture_titles();
  run(s, with_model(), t, "");
}
void BM_Esco_RulesOnly(benchmark::State& s) {
  static const auto t = esco_titles();
  run(s, rules_only(), t, "");
}
void BM_Esco_RulesAndModel(benchmark::State& s) {
  static const auto t = esco_titles();
  run(s, with_model(), t, "");
}
void BM_Esco_RulesAndModelNoTrust(benchmark::State& s) {
  static const auto t = esco_titles();
  run(s, with_model_no_trust(), t, "");
}
void BM_Fixtures_RulesAndModelNoTrust(benchmark::State& s) {
  static const auto t = fixture_titles();
  run(s, with_model_no_trust(), t, "");
}
void BM_GenericWithDepartment(benchmark::State& s) {
  static const std::vector<std::string> t = {"Manager",    "Senior Analyst", "Coordinator",
                                             "Specialist", "Team Lead",      "Associate"};
  run(s, with_model(), t, "Lohnbuchhaltung");
}

// The model alone on normalised ESCO preferred labels: the runtime's prediction path against
// fastText's own predict() (the same answers; unit-tested).
const titles::detail::FunctionModel& bare_model() {
  static const titles::detail::FunctionModel m = [] {
    auto r = titles::detail::FunctionModel::load(kRepo + "/data/titles/function-model.json");
    if (!r) throw std::runtime_error(r.error().message);
    return *r;
  }();
  return m;
}
const std::vector<std::string>& normalised_esco() {
  static const std::vector<std::string> t = [] {
    std::vector<std::string> out;
    for (const auto& title : esco_titles()) out.push_back(rules_only().normalize(title));
    return out;
  }();
  return t;
}
template <bool kFastText>
void BM_ModelOnly(benchmark::State& state) {
  const auto& m = bare_model();
  const auto& t = normalised_esco();
  std::size_t i = 0;
  for (auto _ : state) {
    auto g = kFastText ? m.predict_with_fasttext(t[i]) : m.predict(t[i]);
    benchmark::DoNotOptimize(g);
    if (++i == t.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_ModelOnly_FastTextPredict(benchmark::State& s) { BM_ModelOnly<true>(s); }
void BM_ModelOnly_Runtime(benchmark::State& s) { BM_ModelOnly<false>(s); }

BENCHMARK(BM_Fixtures_RulesOnly)->MinTime(1.0);
BENCHMARK(BM_Fixtures_RulesAndModel)->MinTime(1.0);
BENCHMARK(BM_Fixtures_RulesAndModelNoTrust)->MinTime(1.0);
BENCHMARK(BM_Esco_RulesOnly)->MinTime(1.0);
BENCHMARK(BM_Esco_RulesAndModel)->MinTime(1.0);
BENCHMARK(BM_Esco_RulesAndModelNoTrust)->MinTime(1.0);
BENCHMARK(BM_GenericWithDepartment)->MinTime(1.0);
BENCHMARK(BM_ModelOnly_FastTextPredict)->MinTime(1.0);
BENCHMARK(BM_ModelOnly_Runtime)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
