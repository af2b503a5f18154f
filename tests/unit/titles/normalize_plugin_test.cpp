// The normalize.title stage as the engine sees it (loaded with dlopen, built by its factory,
// invoked through the Call interface): the person's department reaches the title classifier.
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <buyergraph/sdk.hpp>

#include "buyergraph/engine/host_services.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

struct Registry final : Registrar {
  std::vector<StageSpec> specs;
  std::string failure;
  void add(StageSpec spec) override { specs.push_back(std::move(spec)); }
  void fail(std::string reason) override { failure = std::move(reason); }
};

struct FakeContext final : Context {
  Account acc;
  Item company;  // the resolved account company, or empty
  buyergraph::engine::HostServices services;
  const Account& account() const override { return acc; }
  Host& host() override { return services; }
  bool cancelled() const noexcept override { return false; }
  std::string_view stage_id() const noexcept override { return "normalize"; }
  const Item& resolved() const noexcept override { return company; }
};

struct FakeCall final : Call {
  Item in;
  std::vector<Item> all;
  std::vector<Item> out;
  FakeContext ctx;
  std::optional<Status> status;
  const Item& input() const override { return in; }
  std::vector<Item>& inputs() override { return all; }
  Context& context() override { return ctx; }
  void emit(Item i) override { out.push_back(std::move(i)); }
  void drop(std::string_view) override {}
  void finish(Status s) noexcept override { status = std::move(s); }
  std::shared_ptr<Call> retain() override { return nullptr; }
};

class NormalizePlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = std::string(BUYERGRAPH_PLUGIN_DIR) + "/libbuyergraph-normalize.so";
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle_, nullptr) << dlerror();
    auto* d = static_cast<const PluginDescriptor*>(dlsym(handle_, "buyergraph_plugin_descriptor"));
    ASSERT_NE(d, nullptr);
    d->register_stages(registry_);
    ASSERT_TRUE(registry_.failure.empty()) << registry_.failure;
    for (const auto& s : registry_.specs)
      if (s.name == "normalize.title") {
        Error err;
        StageInit init{.stage_id = "normalize", .config = nlohmann::json::object()};
        stage_ = s.factory(init, err);
        ASSERT_TRUE(stage_) << err.message;
      }
    ASSERT_TRUE(stage_) << "no stage normalize.title";
  }
  void TearDown() override {
    stage_.reset();
    if (handle_) dlclose(handle_);
  }

  /// Runs the stage on one person; `company` is the resolved account company (may be empty).
  Candidate run(const Person& p, const Company* company = nullptr) {
    FakeCall call;
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

  void* handle_ = nullptr;
  Registry registry_;
  std::unique_ptr<Stage> stage_;
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
