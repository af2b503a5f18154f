// titles-train: trains the fastText function model on ESCO, calibrates its threshold, quantises
// it, evaluates the combined classifier on every labelled set and writes the model and its
// manifest to data/titles/ (run through tools/titles-train.sh; docs/titles.md).
#include <fasttext/fasttext.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "buyergraph/titles/classifier.hpp"
#include "esco.hpp"
#include "evaluate.hpp"
#include "function_model.hpp"
#include "rules_file.hpp"

namespace fs = std::filesystem;
using buyergraph::titles::TitleClassifier;
using namespace buyergraph::titles::train;
using buyergraph::titles::detail::file_checksum;
using buyergraph::titles::detail::FunctionModel;
using buyergraph::titles::detail::text_checksum;

namespace {

struct Params {
  int dim = 16, epoch = 30, word_ngrams = 2, minn = 3, maxn = 5, bucket = 200000, seed = 7;
  double lr = 0.5;
  std::string loss = "softmax";
  std::size_t cutoff = 60000, dsub = 2;
};

// "dim=64,epoch=50,loss=ova" -> Params (the defaults for keys not given).
Params parse_params(const std::string& spec, Params p) {
  std::istringstream in(spec);
  std::string kv;
  while (std::getline(in, kv, ',')) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) throw std::runtime_error("--try: expected key=value, got " + kv);
    const std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
    if (k == "dim")
      p.dim = std::stoi(v);
    else if (k == "epoch")
      p.epoch = std::stoi(v);
    else if (k == "wordNgrams")
      p.word_ngrams = std::stoi(v);
    else if (k == "minn")
      p.minn = std::stoi(v);
    else if (k == "maxn")
      p.maxn = std::stoi(v);
    else if (k == "bucket")
      p.bucket = std::stoi(v);
    else if (k == "lr")
      p.lr = std::stod(v);
    else if (k == "loss")
      p.loss = v;
    else
      throw std::runtime_error("--try: unknown parameter " + k);
  }
  return p;
}

// Smoothing of the rule trust: a rule seen on few training titles keeps most of its own
// confidence (as if it had been seen this many more times, agreeing at that rate).
constexpr double kTrustPrior = 10;

// The threshold is the lowest cut whose dev accuracy is this close to the best one. 0: the best
// cut. (0.002 was tried: it picks 0.00, which lowers the `other` rate by a point but costs B2B
// titles where the model's least sure guesses are wrong; docs/titles.md.)
constexpr double kThresholdTolerance = 0.0;

const std::vector<std::string> kLangs = {"en", "de", "fr", "es"};

template <class T>
T must(buyergraph::sdk::Result<T> r) {
  if (!r) throw std::runtime_error(r.error().message);
  return std::move(*r);
}

// Writes "__label__fn text" lines in a seeded shuffled order; returns the text's checksum.
std::string write_training_file(const std::vector<const Example*>& rows, const std::string& path,
                                int seed) {
  std::vector<const Example*> order = rows;
  std::mt19937 rng(static_cast<std::mt19937::result_type>(seed));
  std::shuffle(order.begin(), order.end(), rng);
  std::string text;
  for (const Example* e : order) text += "__label__" + e->function + " " + e->text + "\n";
  std::ofstream(path, std::ios::binary) << text;
  return text_checksum(text);
}

fasttext::Args train_args(const Params& p, const std::string& input) {
  fasttext::Args a;
  a.input = input;
  a.model = fasttext::model_name::sup;
  a.loss = p.loss == "ova"  ? fasttext::loss_name::ova
           : p.loss == "hs" ? fasttext::loss_name::hs
                            : fasttext::loss_name::softmax;
  a.dim = p.dim;
  a.epoch = p.epoch;
  a.lr = p.lr;
  a.wordNgrams = p.word_ngrams;
  a.minn = p.minn;
  a.maxn = p.maxn;
  a.bucket = p.bucket;
  a.minCount = 1;
  a.thread = 1;  // one thread: the same input and seed give the same model
  a.seed = p.seed;
  a.verbose = 0;
  return a;
}

nlohmann::ordered_json params_json(const Params& p) {
  return {{"loss", p.loss},
          {"dim", p.dim},
          {"epoch", p.epoch},
          {"lr", p.lr},
          {"wordNgrams", p.word_ngrams},
          {"minn", p.minn},
          {"maxn", p.maxn},
          {"bucket", p.bucket},
          {"minCount", 1},
          {"thread", 1},
          {"seed", p.seed}};
}

// Saves a model with a manifest so FunctionModel (the runtime loader) can read it.
void write_manifest(const std::string& path, const std::string& model_file, double threshold,
                    nlohmann::ordered_json extra = nlohmann::ordered_json::object()) {
  nlohmann::ordered_json j;
  j["about"] =
      "Function model for buyergraph job titles (docs/titles.md). This service uses the ESCO "
      "classification of the European Commission; the training data is a modified version of "
      "ESCO v1.2.0 (see data/esco/SOURCES.md). Written by tools/titles-train.sh; do not edit.";
  const auto model_path = (fs::path(path).parent_path() / model_file).string();
  j["model"] = {{"file", model_file},
                {"checksum_fnv1a64", file_checksum(model_path)},
                {"bytes", fs::file_size(model_path)},
                {"threshold", threshold}};
  for (auto& [k, v] : extra.items()) j[k] = v;
  std::ofstream(path) << j.dump(2) << '\n';
}

// Trains a model on `rows` and saves it as work/<name>.bin with its manifest work/<name>.json.
FunctionModel train_model(const Params& p, const std::string& work, const std::string& name,
                          const std::vector<const Example*>& rows, double threshold) {
  const std::string file = work + "/" + name + ".txt";
  write_training_file(rows, file, p.seed);
  {
    fasttext::FastText ft;
    ft.train(train_args(p, file));
    ft.saveModel(work + "/" + name + ".bin");
  }
  write_manifest(work + "/" + name + ".json", name + ".bin", threshold);
  return must(FunctionModel::load(work + "/" + name + ".json"));
}

double accuracy_at(const FunctionModel& m, const std::vector<const Example*>& rows, double t) {
  std::size_t ok = 0;
  for (const Example* e : rows) {
    const auto g = m.predict(e->text);
    const std::string f = (!g.function.empty() && g.probability >= t) ? g.function : "other";
    ok += f == e->function;
  }
  return rows.empty() ? 0 : static_cast<double>(ok) / static_cast<double>(rows.size());
}

// Share of the business-function titles (label not `other`) the model leaves as `other`.
double other_rate_at(const FunctionModel& m, const std::vector<const Example*>& rows, double t) {
  std::size_t business = 0, other = 0;
  for (const Example* e : rows) {
    if (e->function == "other") continue;
    ++business;
    const auto g = m.predict(e->text);
    other += g.function.empty() || g.function == "other" || g.probability < t;
  }
  return business == 0 ? 0 : static_cast<double>(other) / static_cast<double>(business);
}

double round4(double x) { return std::round(x * 10000.0) / 10000.0; }

std::vector<const Example*> examples_all(const std::vector<Example>& examples) {
  std::vector<const Example*> out;
  for (const auto& e : examples) out.push_back(&e);
  return out;
}

nlohmann::ordered_json scores_json(const std::map<std::string, Score>& s) {
  nlohmann::ordered_json j;
  for (const auto& [k, v] : s) j[k] = v.to_json();
  return j;
}

// A rule defers to a model answer only if, where they disagreed, the model gave the label this
// many more times than the rule (a margin against noise on a handful of titles).
constexpr std::size_t kMinGain = 2;

// One function rule on the train occupations, and how a sure model would overrule it, per answer.
struct RuleCount {
  struct Against {                                // the model answering one function
    std::size_t overruled = 0;                    // train titles it would overrule the rule on
    std::size_t model_right = 0, rule_right = 0;  // of those, who gave the label
    std::size_t table_overruled = 0, table_losses = 0;  // titles.tsv: overruled; rule was right
    bool defers() const { return model_right >= rule_right + kMinGain && table_losses == 0; }
  };
  std::string function;
  double confidence = 0;
  std::size_t fires = 0, agrees = 0;  // train titles the rule decides; of them, label = rule's
  std::map<std::string, Against> against;
  double smoothed() const {
    return (static_cast<double>(agrees) + kTrustPrior * confidence) /
           (static_cast<double>(fires) + kTrustPrior);
  }
};

// The function rule that decides `label` alone (rules only), or "".
std::string deciding_rule(const TitleClassifier& rules, const std::string& title) {
  const auto l = rules.classify(title);
  return l.layer == "rule" ? l.rule.substr(l.rule.find('+') + 1) : std::string();
}

// Whether a sure model answer would overrule a rule trusted `trust` (the runtime's condition).
bool overrules(const buyergraph::titles::detail::ModelGuess& g, double threshold, double trust,
               const std::string& rule_function) {
  return !g.function.empty() && g.function != "other" && g.function != rule_function &&
         g.probability >= threshold && g.probability > trust;
}

// Measures every function rule against the train occupations and the model, per model answer.
// The model's answers on a train title come from a model trained on the other half of the train
// occupations (two folds by occupation), so they are as honest as on unseen titles; dev and test
// are not read. A rule defers to one model answer only if, where that sure answer disagreed with
// the rule, the model gave the label at least kMinGain times more than the rule, and if on
// titles.tsv (where the rules encode this project's B2B conventions) no title the rule gets right
// would be overruled by that answer of the model trained on train or of the shipped model
// (`table_models`).
std::map<std::string, RuleCount> measure_rules(
    const TitleClassifier& rules, const std::vector<buyergraph::titles::detail::Rule>& fn_rules,
    const std::vector<const Example*>& train, const std::array<const FunctionModel*, 2>& folds,
    const std::array<const FunctionModel*, 2>& table_models,
    const std::vector<LabelledTitle>& table, double threshold) {
  std::map<std::string, RuleCount> out;
  for (const auto& r : fn_rules) out[r.id] = RuleCount{r.label, r.confidence, 0, 0, {}};
  std::vector<std::pair<const Example*, std::string>> fired;
  for (const Example* e : train) {
    auto id = deciding_rule(rules, e->label);
    if (id.empty()) continue;
    auto& c = out.at(id);
    ++c.fires;
    c.agrees += c.function == e->function;
    fired.emplace_back(e, std::move(id));
  }
  for (const auto& [e, id] : fired) {
    auto& c = out.at(id);
    // The fold model that did not see this occupation.
    const auto g = folds[e->bucket % 2 == 0 ? 1 : 0]->predict(e->text);
    if (!overrules(g, threshold, c.smoothed(), c.function)) continue;
    auto& a = c.against[g.function];
    ++a.overruled;
    a.model_right += g.function == e->function;
    a.rule_right += c.function == e->function;
  }
  for (const auto& t : table) {
    const auto id = deciding_rule(rules, t.title);
    if (id.empty()) continue;
    auto& c = out.at(id);
    for (const FunctionModel* m : table_models) {
      const auto g = m->predict(rules.normalize(t.title));
      if (!overrules(g, threshold, c.smoothed(), c.function)) continue;
      auto& a = c.against[g.function];
      ++a.table_overruled;
      a.table_losses += c.function == t.function;
    }
  }
  return out;
}

std::string fixed4(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.4f", x);
  return buf;
}

// Writes rule_trust.tsv (read with the rules at run time; reviewed in diffs).
void write_rule_trust(const std::string& path, const std::map<std::string, RuleCount>& counts) {
  std::ofstream out(path);
  out << "# When a sure answer of the function model may overrule a function rule of rules.yaml\n"
         "# (docs/titles.md, \"How the layers combine\"). Written by tools/titles-train.sh; do\n"
         "# not edit. One line per rule and model answer seen overruling it. trust: '-' = the\n"
         "# rule keeps winning against that answer; a number = that answer overrules the rule "
         "when\n"
         "# its probability is higher (the rule's agreement with the train labels, smoothed).\n"
         "# fires/agrees: ESCO train titles the rule decides / of them, the label is the rule's.\n"
         "# overruled: of them, titles where the model (trained on the other half of the train\n"
         "# occupations) gives this answer, sure and above the rule's agreement; model_right /\n"
         "# rule_right: who gave the label there. table_overruled / table_losses: titles.tsv rows\n"
         "# the answer would overrule (model trained on train, then the shipped model; a row can\n"
         "# count twice) / of them, rows the rule gets right. An answer overrules "
         "only\n"
         "# if model_right >= rule_right + "
      << kMinGain
      << " and table_losses = 0.\n"
         "rule\tmodel_answer\ttrust\trule_function\tfires\tagrees\tagreement\toverruled"
         "\tmodel_right\trule_right\ttable_overruled\ttable_losses\n";
  for (const auto& [id, c] : counts)
    for (const auto& [fn, a] : c.against)
      out << id << '\t' << fn << '\t' << (a.defers() ? fixed4(c.smoothed()) : "-") << '\t'
          << c.function << '\t' << c.fires << '\t' << c.agrees << '\t' << fixed4(c.smoothed())
          << '\t' << a.overruled << '\t' << a.model_right << '\t' << a.rule_right << '\t'
          << a.table_overruled << '\t' << a.table_losses << '\n';
}

// --try: trains on the train occupations with other parameters and scores the model alone on the
// dev occupations (never the test ones); nothing in data/ is written.
void try_params(const Params& p, const std::string& work, const std::vector<const Example*>& train,
                const std::vector<const Example*>& dev) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string file = work + "/try_train.txt";
  write_training_file(train, file, p.seed);
  {
    fasttext::FastText ft;
    ft.train(train_args(p, file));
    ft.saveModel(work + "/try.bin");
  }
  write_manifest(work + "/try.json", "try.bin", 0.0);
  const auto m = must(FunctionModel::load(work + "/try.json"));
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_lang;  // ok, n
  double best = 0, best_t = 0;
  for (int i = 0; i <= 18; ++i) {
    const double t = 0.05 * i;
    const double acc = accuracy_at(m, dev, t);
    if (acc > best + 1e-9) best = acc, best_t = t;
  }
  for (const Example* e : dev) {
    const auto g = m.predict(e->text);
    const std::string f = (!g.function.empty() && g.probability >= best_t) ? g.function : "other";
    auto& c = by_lang[e->lang];
    c.first += f == e->function;
    ++c.second;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("try %s: dev %.4f at threshold %.2f", params_json(p).dump().c_str(), best, best_t);
  for (const auto& [lang, c] : by_lang)
    std::printf("  %s %.4f", lang.c_str(),
                static_cast<double>(c.first) / static_cast<double>(c.second));
  std::printf("  (%.0f s)\n", secs);
  std::fflush(stdout);
}

void print_row(const std::string& set, const std::string& variant,
               const std::map<std::string, Score>& s) {
  for (const auto& [group, score] : s) {
    std::printf("  %-26s %-22s %-4s n=%-6zu function %.3f  other-rate %.3f", set.c_str(),
                variant.c_str(), group.c_str(), score.n, score.function_accuracy(),
                score.other_rate());
    if (score.seniority_n > 0)
      std::printf("  seniority %.3f",
                  static_cast<double>(score.seniority_ok) / static_cast<double>(score.seniority_n));
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train and evaluate the job-title function model (docs/titles.md)"};
  std::string repo = ".";
  std::string work = "build/titles-train";
  Params p;
  app.add_option("--repo", repo, "Repository root (data/, tests/fixtures/)");
  app.add_option("--work", work, "Scratch directory for training files");
  app.add_option("--epoch", p.epoch, "Training epochs");
  app.add_option("--dim", p.dim, "Vector size");
  app.add_option("--seed", p.seed, "Random seed");
  std::string baseline;
  app.add_option("--baseline", baseline,
                 "Another model manifest (e.g. a copy of the previous function-model.json) to "
                 "score on the same sets, for before/after figures; printed, not written");
  std::vector<std::string> tries;
  app.add_option("--try", tries,
                 "Parameters to try instead of training, e.g. dim=64,epoch=50,wordNgrams=2,"
                 "minn=2,maxn=5,lr=0.5,loss=softmax (repeatable): trains on the train occupations "
                 "and prints the model's accuracy on the dev occupations; writes nothing to data/");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto t0 = std::chrono::steady_clock::now();
    fs::create_directories(work);
    const std::string data = repo + "/data";
    const std::string out_dir = data + "/titles";
    const std::string rules_path = out_dir + "/rules.yaml";
    // The rules alone, without any rule trust table (a copy of rules.yaml in the work dir).
    const std::string bare_rules = work + "/rules-only/rules.yaml";
    fs::create_directories(work + "/rules-only");
    fs::copy_file(rules_path, bare_rules, fs::copy_options::overwrite_existing);
    const auto rules = must(TitleClassifier::load(bare_rules));
    const auto rules_file = must(buyergraph::titles::detail::read_rules_file(rules_path));
    const auto isco = read_isco_table(out_dir + "/isco_functions.tsv");
    const auto overrides = read_overrides(out_dir + "/esco_overrides.tsv", isco);
    const auto examples = read_esco(data + "/esco", kLangs, isco, overrides, rules);

    std::vector<const Example*> train, dev, test, train_dev;
    std::array<std::vector<const Example*>, 2> folds;  // train occupations, by bucket parity
    for (const auto& e : examples) {
      (e.split == Split::train ? train : e.split == Split::dev ? dev : test).push_back(&e);
      if (e.split != Split::test) train_dev.push_back(&e);
      if (e.split == Split::train) folds[e.bucket % 2].push_back(&e);
    }
    std::printf("ESCO labels: %zu train, %zu dev, %zu test (whole occupations per split)\n",
                train.size(), dev.size(), test.size());
    if (!tries.empty()) {
      for (const auto& spec : tries) try_params(parse_params(spec, p), work, train, dev);
      return 0;
    }

    // 1. Calibrate the threshold on the dev occupations with a model trained on train only: the
    // lowest cut whose dev accuracy is within kThresholdTolerance of the best, so that `other`
    // is said as rarely as accuracy allows.
    const auto calib = train_model(p, work, "calibration", train, 0.0);
    std::vector<double> accuracy_by_t;
    double best_acc = -1;
    nlohmann::ordered_json curve, other_curve;
    for (int i = 0; i <= 18; ++i) {
      const double t = 0.05 * i;
      accuracy_by_t.push_back(accuracy_at(calib, dev, t));
      best_acc = std::max(best_acc, accuracy_by_t.back());
      char key[8];
      std::snprintf(key, sizeof key, "%.2f", t);
      curve[key] = round4(accuracy_by_t.back());
      other_curve[key] = round4(other_rate_at(calib, dev, t));
    }
    double best_t = 0;
    for (std::size_t i = 0; i < accuracy_by_t.size(); ++i)
      if (accuracy_by_t[i] >= best_acc - kThresholdTolerance - 1e-9) {
        best_t = 0.05 * static_cast<double>(i);
        break;
      }
    std::printf("threshold %.2f (dev accuracy %.4f, best %.4f)\n", best_t,
                accuracy_by_t[static_cast<std::size_t>(std::lround(best_t / 0.05))], best_acc);

    // 2. The shipped model: train + dev, quantised (rule trust checks titles.tsv with it too).
    const std::string final_file = work + "/train_dev.txt";
    const std::string text_sum = write_training_file(train_dev, final_file, p.seed);
    const std::string model_file = "function-model.ftz";
    {
      fasttext::FastText ft;
      ft.train(train_args(p, final_file));
      fasttext::Args q = train_args(p, final_file);
      q.qnorm = true;
      q.retrain = true;
      q.cutoff = p.cutoff;
      q.dsub = p.dsub;
      ft.quantize(q);
      ft.saveModel(out_dir + "/" + model_file);
    }
    const std::string manifest = out_dir + "/function-model.json";
    write_manifest(manifest, model_file, best_t);

    // 3. Rule trust: each rule against a model that did not see the title's occupation.
    const std::string fixtures = repo + "/tests/fixtures/titles";
    const auto titles_table = read_title_table(fixtures + "/titles.tsv", "");
    const auto fold0 = train_model(p, work, "fold0", folds[0], 0.0);
    const auto fold1 = train_model(p, work, "fold1", folds[1], 0.0);
    const auto model = must(FunctionModel::load(manifest));
    const auto rule_counts = measure_rules(rules, rules_file.function, train, {&fold0, &fold1},
                                           {&calib, &model}, titles_table, best_t);
    const std::string trust_file = out_dir + "/rule_trust.tsv";
    write_rule_trust(trust_file, rule_counts);
    std::size_t pairs = 0, deferring = 0;
    for (const auto& [id, c] : rule_counts)
      for (const auto& [fn, a] : c.against) ++pairs, deferring += a.defers();
    std::printf("rule trust: %zu of %zu (rule, model answer) pairs defer to a sure model\n",
                deferring, pairs);

    // How rules and model combine, on the dev occupations and the hand tables, with the model
    // trained on train only: the model alone, every title rule first, and with rule trust.
    nlohmann::ordered_json combination;
    {
      write_manifest(work + "/calibration.json", "calibration.bin", best_t);
      fs::create_directories(work + "/with-trust");
      fs::copy_file(rules_path, work + "/with-trust/rules.yaml",
                    fs::copy_options::overwrite_existing);
      fs::copy_file(trust_file, work + "/with-trust/rule_trust.tsv",
                    fs::copy_options::overwrite_existing);
      std::vector<LabelledTitle> dev_rows;
      for (const Example* e : dev) dev_rows.push_back({e->label, "", "", e->function, e->lang});
      {
        std::map<std::string, Score> model_only;
        for (const Example* e : dev) {
          const auto g = calib.predict(e->text);
          buyergraph::titles::TitleLabel l;
          l.function = (!g.function.empty() && g.probability >= best_t) ? g.function : "other";
          l.layer = "model";
          const LabelledTitle t{e->label, "", "", e->function, e->lang};
          model_only["all"].add(t, l);
          model_only[e->lang].add(t, l);
        }
        print_row("esco dev occupations", "model_only", model_only);
        for (const auto& [g, score] : model_only)
          combination["model_only"]["esco_dev_" + g] = round4(score.function_accuracy());
      }
      const auto tables = std::vector<std::pair<std::string, std::string>>{
          {"titles_tsv", "titles.tsv"}, {"holdout_tsv", "holdout.tsv"}};
      for (const auto& [variant, rules_yaml] : std::vector<std::pair<std::string, std::string>>{
               {"rules_first", bare_rules}, {"rule_trust", work + "/with-trust/rules.yaml"}}) {
        const auto c = must(TitleClassifier::load(rules_yaml, work + "/calibration.json"));
        const auto d = score_by_group(c, dev_rows, false);
        print_row("esco dev occupations", variant, d);
        nlohmann::ordered_json v;
        for (const auto& [g, score] : d) v["esco_dev_" + g] = round4(score.function_accuracy());
        v["esco_dev_other_rate"] = round4(d.at("all").other_rate());
        for (const auto& [name, tf] : tables) {
          const auto r = score_by_group(c, read_title_table(fixtures + "/" + tf, ""), false);
          print_row(tf, variant, r);
          v[name] = round4(r.at("all").function_accuracy());
        }
        const auto gen =
            score_by_group(c, read_generator_titles(data + "/demo/titles.yaml"), false);
        print_row("generator vocabulary", variant, gen);
        v["generator"] = round4(gen.at("all").function_accuracy());
        combination[variant] = v;
      }
    }

    const double train_secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // 4. Evaluate.
    {
      // The runtime's own prediction path must give fastText's answers.
      std::size_t same = 0;
      double worst = 0;
      for (const Example* e : examples_all(examples)) {
        const auto a = model.predict(e->text), b = model.predict_with_fasttext(e->text);
        same += a.function == b.function;
        worst = std::max(worst, std::abs(a.probability - b.probability));
      }
      std::printf(
          "runtime prediction = fastText's on %zu of %zu labels (largest p difference %.2g)\n",
          same, examples.size(), worst);
      if (same != examples.size())
        throw std::runtime_error("runtime prediction differs from fastText");
    }
    const auto combined = must(TitleClassifier::load(rules_path, manifest));
    nlohmann::ordered_json metrics;
    std::vector<LabelledTitle> esco_test;
    for (const Example* e : test) esco_test.push_back({e->label, "", "", e->function, e->lang});
    {
      std::map<std::string, Score> model_only;
      for (const Example* e : test) {
        const auto g = model.predict(e->text);
        buyergraph::titles::TitleLabel l;
        l.function = (!g.function.empty() && g.probability >= best_t) ? g.function : "other";
        l.layer = "model";
        LabelledTitle t{e->label, "", "", e->function, e->lang};
        model_only["all"].add(t, l);
        model_only[e->lang].add(t, l);
      }
      const auto r = score_by_group(rules, esco_test, false);
      const auto c = score_by_group(combined, esco_test, false);
      print_row("esco held-out occupations", "model only", model_only);
      print_row("esco held-out occupations", "rules only", r);
      print_row("esco held-out occupations", "rules + model", c);
      metrics["esco_heldout"] = {{"model_only", scores_json(model_only)},
                                 {"rules_only", scores_json(r)},
                                 {"rules_and_model", scores_json(c)}};
    }
    std::vector<std::string> misses;
    for (const auto& [name, file] : std::vector<std::pair<std::string, std::string>>{
             {"titles_tsv", "titles.tsv"}, {"holdout_tsv", "holdout.tsv"}}) {
      const auto rows = read_title_table(fixtures + "/" + file, "");
      const auto r = score_by_group(rules, rows, false);
      const auto c = score_by_group(combined, rows, false, &misses);
      print_row(file, "rules only", r);
      print_row(file, "rules + model", c);
      metrics[name] = {{"rules_only", r.at("all").to_json()},
                       {"rules_and_model", c.at("all").to_json()}};
    }
    {
      const auto rows = read_generator_titles(data + "/demo/titles.yaml");
      const auto r = score_by_group(rules, rows, false);
      const auto c = score_by_group(combined, rows, false, &misses);
      const auto cd = score_by_group(combined, rows, true);
      print_row("generator vocabulary", "rules only", r);
      print_row("generator vocabulary", "rules + model", c);
      print_row("generator vocabulary", "+ department", cd);
      metrics["generator_vocabulary"] = {{"rules_only", scores_json(r)},
                                         {"rules_and_model", scores_json(c)},
                                         {"rules_model_department", scores_json(cd)}};
    }
    {
      const auto rows = read_rome_table(fixtures + "/independent/rome_fr.tsv");
      const auto r = score_by_group(rules, rows, false);
      const auto c = score_by_group(combined, rows, false);
      print_row("rome_fr (independent)", "rules only", r);
      print_row("rome_fr (independent)", "rules + model", c);
      metrics["rome_fr_independent"] = {{"rules_only", r.at("all").to_json()},
                                        {"rules_and_model", c.at("all").to_json()}};
    }
    if (!baseline.empty()) {
      // The same sets through another model, combined the way its manifest says.
      const auto b = must(TitleClassifier::load(rules_path, baseline));
      print_row("esco held-out occupations", "baseline", score_by_group(b, esco_test, false));
      for (const char* file : {"titles.tsv", "holdout.tsv"})
        print_row(file, "baseline",
                  score_by_group(b, read_title_table(fixtures + "/" + file, ""), false));
      const auto gen = read_generator_titles(data + "/demo/titles.yaml");
      print_row("generator vocabulary", "baseline", score_by_group(b, gen, false));
      print_row("generator vocabulary", "baseline + department", score_by_group(b, gen, true));
      print_row("rome_fr (independent)", "baseline",
                score_by_group(b, read_rome_table(fixtures + "/independent/rome_fr.tsv"), false));
      print_row("noc_en (independent)", "baseline",
                score_by_group(b, read_noc_table(fixtures + "/independent/noc_en.tsv"), false));
    }
    {
      const auto rows = read_noc_table(fixtures + "/independent/noc_en.tsv");
      const auto r = score_by_group(rules, rows, false);
      const auto c = score_by_group(combined, rows, false);
      print_row("noc_en (independent)", "rules only", r);
      print_row("noc_en (independent)", "rules + model", c);
      metrics["noc_en_independent"] = {{"rules_only", scores_json(r)},
                                       {"rules_and_model", scores_json(c)}};
    }
    std::ofstream(work + "/misses.txt") << [&] {
      std::string s;
      for (const auto& m : misses) s += m + "\n";
      return s;
    }();

    nlohmann::ordered_json inputs;
    for (const auto& lang : kLangs) {
      const std::string f = "data/esco/occupations_" + lang + ".csv";
      inputs[f] = file_checksum(repo + "/" + f);
    }
    for (const char* f : {"data/titles/isco_functions.tsv", "data/titles/esco_overrides.tsv",
                          "data/titles/rules.yaml"})
      inputs[f] = file_checksum(repo + "/" + f);
    std::map<std::string, std::map<std::string, std::size_t>> counts;
    for (const auto& e : examples)
      ++counts[e.lang][e.split == Split::train ? "train" : e.split == Split::dev ? "dev" : "test"];
    nlohmann::ordered_json training;
    training["tool"] = "tools/titles-train.sh";
    training["library"] = "fastText 0.9.2 (Debian libfasttext-dev), supervised";
    training["params"] = params_json(p);
    training["quantize"] = {
        {"qnorm", true}, {"retrain", true}, {"cutoff", p.cutoff}, {"dsub", p.dsub}};
    training["inputs_fnv1a64"] = inputs;
    training["training_text_fnv1a64"] = text_sum;
    training["labels"] = counts;
    training["split"] =
        "by occupation: FNV-1a of the ESCO concept URI mod 10; 0-1 test, 2 dev, 3-9 train; the "
        "shipped model is trained on train + dev";
    training["threshold_calibration"] = {
        {"on", "dev occupations, model trained on train only"},
        {"rule", "the lowest threshold whose dev accuracy is within " +
                     fixed4(kThresholdTolerance) + " of the best"},
        {"dev_accuracy_by_threshold", curve},
        {"dev_other_rate_by_threshold", other_curve},
        {"chosen", best_t}};
    training["rule_trust"] = {
        {"file", "data/titles/rule_trust.tsv"},
        {"checksum_fnv1a64", file_checksum(trust_file)},
        {"on",
         "per rule and model answer, on the train occupations (model answers from a model "
         "trained on the other half of them) and titles.tsv; an answer overrules a rule if it "
         "was right at least " +
             std::to_string(kMinGain) +
             " more times than the rule and cost no titles.tsv row; agreement smoothed as if "
             "seen " +
             std::to_string(static_cast<int>(kTrustPrior)) +
             " more times at the rule's own confidence"},
        {"function_accuracy_with_model_trained_on_train", combination}};
    training["seconds"] = std::round(train_secs);
    write_manifest(manifest, model_file, best_t, {{"training", training}, {"metrics", metrics}});
    std::printf("wrote %s (%ju bytes) and %s; misses in %s/misses.txt\n",
                (out_dir + "/" + model_file).c_str(),
                static_cast<std::uintmax_t>(fs::file_size(out_dir + "/" + model_file)),
                manifest.c_str(), work.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "titles-train: %s\n", e.what());
    return 1;
  }
  return 0;
}
