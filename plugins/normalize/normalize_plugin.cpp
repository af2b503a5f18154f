// normalize.title: person -> candidate with seniority and function from the title classifier
// (rules, then the function model, then the person's department), the rule that fired and its
// confidence. See docs/titles.md.
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/titles/classifier.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class NormalizeTitle final : public MapStage {
 public:
  explicit NormalizeTitle(const StageInit& init) {
    std::string rules = init.config.value("rules", "");
    auto c = rules.empty() ? titles::TitleClassifier::load_default()
                           : titles::TitleClassifier::load(rules);
    if (!c) throw std::runtime_error(c.error().message);
    classifier_ = std::make_unique<titles::TitleClassifier>(std::move(*c));
  }

 protected:
  Item map(const Item& in, Context& ctx) override {
    const Person* p = in.as<Person>();
    if (!p) throw std::runtime_error("normalize.title reads people");
    Candidate c;
    c.person = *p;
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
    return Item::make<Candidate>(std::move(c));
  }

 private:
  std::unique_ptr<titles::TitleClassifier> classifier_;
};

void register_stages(Registrar& r) {
  r.add({.name = "normalize.title",
         .kind = StageKind::map,
         .input_type = "person",
         .output_type = "candidate",
         .summary = "Seniority and function from the title, with the rule and confidence",
         .docs = "Rules are data (data/titles/rules.yaml, RE2 patterns, whole words); see "
                 "docs/titles.md.",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "rules":{"type":"string","default":"","description":"rules file (default: data/titles/rules.yaml)"}}})json",
         .factory = make_factory<NormalizeTitle>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("normalize", "0.1.0", "Title and field normalisation", register_stages)
