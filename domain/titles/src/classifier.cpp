#include "buyergraph/titles/classifier.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "buyergraph/common/data_dir.hpp"
#include "rules_file.hpp"

namespace buyergraph::titles {
namespace {

constexpr std::array<std::string_view, 7> kSeniorities = {"c_level",   "vp", "director", "manager",
                                                          "senior_ic", "ic", "intern"};
constexpr std::array<std::string_view, 17> kFunctions = {
    "executive", "engineering", "it",    "security",  "data",
    "product",   "design",      "sales", "marketing", "customer_success",
    "finance",   "procurement", "legal", "hr",        "operations",
    "admin",     "other"};

RE2::Options re2_options() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);  // the sets' DFAs are shared by all threads; give them room
  return o;
}

double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

}  // namespace

bool is_seniority(std::string_view s) {
  return std::find(kSeniorities.begin(), kSeniorities.end(), s) != kSeniorities.end();
}
int seniority_rank(std::string_view s) {
  auto it = std::find(kSeniorities.begin(), kSeniorities.end(), s);
  return it == kSeniorities.end() ? -1 : static_cast<int>(kSeniorities.end() - it) - 1;
}
bool is_function(std::string_view s) {
  return std::find(kFunctions.begin(), kFunctions.end(), s) != kFunctions.end();
}

// One section of rules compiled into a single RE2::Set, so a title is scanned once per section
// however many rules there are. First rule in file order wins.
class CompiledSection {
 public:
  explicit CompiledSection(std::vector<detail::Rule> rules)
      : rules_(std::move(rules)), set_(re2_options(), RE2::UNANCHORED) {
    for (const auto& r : rules_) {
      std::string err;
      set_.Add(detail::whole_words(r.pattern), &err);  // validated by read_rules_file
      singles_.push_back(std::make_unique<RE2>(detail::whole_words(r.pattern), re2_options()));
      unless_.push_back(r.unless.empty()
                            ? nullptr
                            : std::make_unique<RE2>(detail::whole_words(r.unless), re2_options()));
    }
    compiled_ = set_.Compile();
  }

  /// The winning rule, or nullptr.
  const detail::Rule* match(const std::string& text) const {
    thread_local std::vector<int> hits;
    hits.clear();
    RE2::Set::ErrorInfo info{};
    const bool any = compiled_ && set_.Match(text, &hits, &info);
    if (!any) {
      if (compiled_ && info.kind == RE2::Set::kNoError) return nullptr;
      // The set could not run (DFA out of memory): fall back to one regex per rule.
      hits.clear();
      for (std::size_t i = 0; i < singles_.size(); ++i)
        if (RE2::PartialMatch(text, *singles_[i])) hits.push_back(static_cast<int>(i));
    }
    std::sort(hits.begin(), hits.end());
    for (int i : hits) {
      const auto& veto = unless_[static_cast<std::size_t>(i)];
      if (veto && RE2::PartialMatch(text, *veto)) continue;
      return &rules_[static_cast<std::size_t>(i)];
    }
    return nullptr;
  }

 private:
  std::vector<detail::Rule> rules_;
  RE2::Set set_;
  bool compiled_ = false;
  std::vector<std::unique_ptr<RE2>> singles_;
  std::vector<std::unique_ptr<RE2>> unless_;
};

struct TitleClassifier::Impl {
  explicit Impl(detail::RulesFile f)
      : normalize(std::move(f.normalize)),
        defaults(f.defaults),
        seniority(std::move(f.seniority)),
        function(std::move(f.function)) {}
  NormalizeRules normalize;
  detail::Defaults defaults;
  CompiledSection seniority;
  CompiledSection function;
};

sdk::Result<TitleClassifier> TitleClassifier::load(const std::string& rules_yaml_path) {
  auto file = detail::read_rules_file(rules_yaml_path);
  if (!file) return file.error();
  return TitleClassifier(std::make_shared<const Impl>(std::move(*file)));
}

std::string TitleClassifier::default_rules_path() {
  return common::data_dir() + "/titles/rules.yaml";
}

sdk::Result<TitleClassifier> TitleClassifier::load_default() { return load(default_rules_path()); }

std::string TitleClassifier::normalize(std::string_view title) const {
  return normalize_title(title, impl_->normalize);
}

TitleLabel TitleClassifier::classify(std::string_view title) const {
  const std::string text = normalize(title);
  if (text.empty()) return TitleLabel{"ic", "other", 0.0, "empty", 0.0, 0.0};

  const auto& d = impl_->defaults;
  TitleLabel out;
  const detail::Rule* fn = impl_->function.match(text);
  const detail::Rule* sen = impl_->seniority.match(text);
  if (fn != nullptr) {
    out.function = fn->label;
    out.function_confidence = fn->confidence;
  } else {
    out.function = "other";
    out.function_confidence = d.other_function;
  }
  if (sen != nullptr) {
    out.seniority = sen->label;
    out.seniority_confidence = sen->confidence;
  } else {
    // No level word: "Accountant" is an individual contributor; gibberish is a guess.
    out.seniority = "ic";
    out.seniority_confidence = fn != nullptr ? d.ic_with_function : d.ic_unknown;
  }
  out.rule = (sen != nullptr ? sen->id : std::string("sen_default")) + "+" +
             (fn != nullptr ? fn->id : std::string("fn_default"));
  out.confidence = round3(out.seniority_confidence * out.function_confidence);
  return out;
}

}  // namespace buyergraph::titles
