// The normalize.title stage as the engine sees it (loaded with dlopen, built by its factory,
// invoked through the Call interface): the person's department reaches the title classifier.
#include <gtest/gtest.h>

#include <buyergraph/sdk.hpp>

#include "loaded_plugin.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class NormalizePlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    stage_ = plugin_.build("normalize.title", nlohmann::json::object(), "normalize");
    ASSERT_TRUE(stage_);
  }

  /// Runs the stage on one person; `company` is the resolved account company (may be empty).
  Candidate run(const Person& p, const Company* company = nullptr) {
    test::RecordingCall call;
    call.ctx.stage = "normalize";
    call.in = Item::make<Person>(p);
    if (company) call.ctx.company = Item::make<Company>(*company);
    stage_->invoke(call);
    EXPECT_TRUE(call.status.has_value() && *call.status);
    EXPECT_EQ(call.out.size(), 1u);
    if (call.out.empty() || !call.out.front().as<Candidate>()) return {};
    return *call.out.front().as<Candidate>();
  }

  static const Evidence* evidence_for(const Candidate& c, const std::string& field) {
    for (const auto& e : c.evidence)
      if (e.field == field) return &e;
    return nullptr;
  }

  test::LoadedPlugin plugin_{"normalize"};
  std::unique_ptr<Stage> stage_;  // destroyed before the plugin is unloaded
};

Person person(const std::string& title, const std::string& department) {
  Person p;
  p.id = "p1";
  p.full_name = "Ada Example";
  p.title = title;
  p.department = department;
  p.provenance.source = "csv";
  return p;
}

}  // namespace

TEST_F(NormalizePlugin, GenericTitleTakesItsFunctionFromTheDepartment) {
  const Candidate c = run(person("Manager", "Finance"));
  EXPECT_EQ(c.seniority, "manager");
  EXPECT_EQ(c.function, "finance");
  EXPECT_NE(c.title_rule.find("dept:"), std::string::npos) << c.title_rule;
  const Evidence* e = evidence_for(c, "person.department");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->value, "Finance");
  EXPECT_EQ(e->source, "csv");
}

TEST_F(NormalizePlugin, WithoutADepartmentAGenericTitleHasNoFunction) {
  const Candidate c = run(person("Manager", ""));
  EXPECT_EQ(c.function, "other");
  EXPECT_EQ(evidence_for(c, "person.department"), nullptr);
}

TEST_F(NormalizePlugin, ATitleRuleIsNotOverruledByTheDepartment) {
  const Candidate c = run(person("Software Engineer", "Sales"));
  EXPECT_EQ(c.function, "engineering");
  EXPECT_EQ(evidence_for(c, "person.department"), nullptr);
}

TEST_F(NormalizePlugin, TheRoleAtTheAccountCompanyBringsItsOwnDepartment) {
  Person p = person("Board Member", "Engineering");  // the primary job, elsewhere
  Experience here;
  here.company_id = "acme";
  here.company_name = "Acme";
  here.title = "Manager";
  here.department = "Procurement";
  here.current = true;
  p.experience.push_back(here);
  Company acme;
  acme.id = "acme";
  acme.name = "Acme";
  const Candidate c = run(p, &acme);
  EXPECT_EQ(c.person.title, "Manager");
  EXPECT_EQ(c.function, "procurement");
  const Evidence* e = evidence_for(c, "person.department");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->value, "Procurement");
}
