// normalize.title: person -> candidate with seniority and function from the title classifier
// (rules, then the function model, then the person's department), the rule that fired and its
// confidence. See docs/titles.md.
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/titles/classifier.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class NormalizeTitle final : public MapOf<Person, Candidate> {
 public:
  using Options = RulesOption;
  static OptionsSpec<Options> options() { return RulesOption::spec("data/titles/rules.yaml"); }
  NormalizeTitle(const StageInit&, const Options& options) {
    const std::string& rules = options.rules;
    auto c = rules.empty() ? titles::TitleClassifier::load_default()
                           : titles::TitleClassifier::load(rules);
    if (!c) throw std::runtime_error(c.error().message);
    classifier_ = std::make_unique<titles::TitleClassifier>(std::move(*c));
  }

 protected:
  Candidate map(const Person& person, Context& ctx) override {
    const Person* p = &person;
    Candidate c;
    c.person = person;
    // The title that matters is the one at the account's company: a person with a board seat
    // here and a C-level job elsewhere is a board member here, not a CTO. The department follows
    // the title: that role's own department when the provider gives one.
    std::string department = p->department;
    if (const Company* company = ctx.resolved().as<Company>()) {
      const Experience* here = p->current_role_at(company->id);
      if (here && !here->department.empty()) department = here->department;
      if (here && !here->title.empty() && here->title != p->title) {
        c.evidence.push_back(
            {.field = "person.title",
             .value = p->title,
             .source = p->provenance.source,
             .note = "primary title elsewhere; the title at " + company->id + " is used"});
        c.person.title = here->title;
      }
    }
    // The department decides only when the title does not ("Manager" in "Finance").
    titles::TitleLabel label = classifier_->classify(c.person.title, department);
    c.seniority = label.seniority;
    c.function = label.function;
    c.title_confidence = label.confidence;
    c.title_rule = label.rule;
    c.evidence.push_back({.field = "person.title",
                          .value = c.person.title,
                          .source = p->provenance.source,
                          .note = "title -> " + label.seniority + "/" + label.function + ": " +
                                  label.evidence + " (" + label.rule + ")"});
    if (label.layer == "department")
      c.evidence.push_back(
          {.field = "person.department",
           .value = department,
           .source = p->provenance.source,
           .note = "the title names no function; the department decides " + label.function});
    return c;
  }

 private:
  std::unique_ptr<titles::TitleClassifier> classifier_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<NormalizeTitle>(
      {.name = "normalize.title",
       .kind = StageKind::map,
       .summary = "Seniority and function from the title, with the rule and confidence",
       .docs = "Rules are data (data/titles/rules.yaml, RE2 patterns, whole words); see "
               "docs/titles.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("normalize", "0.1.0", "Title and field normalisation", register_stages)
