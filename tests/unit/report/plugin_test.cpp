// The reports plugin as the engine sees it: loaded with dlopen, stages registered through the
// descriptor, built by their factories and invoked through the Call interface.
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <buyergraph/sdk.hpp>

#include "buyergraph/engine/host_services.hpp"

#include "fixtures.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;
namespace fs = std::filesystem;

namespace {

struct Registry final : Registrar {
  std::vector<StageSpec> specs;
  std::string failure;
  void add(StageSpec spec) override { specs.push_back(std::move(spec)); }
  void fail(std::string reason) override { failure = std::move(reason); }
};

struct FakeContext final : Context {
  Account acc;
  Item none;
  const Account& account() const override { return acc; }
  Host& host() override { return services; }  // the sinks ask the ledger whether it is a dry run
  buyergraph::engine::HostServices services;
  bool cancelled() const noexcept override { return false; }
  std::string_view stage_id() const noexcept override { return "report"; }
  const Item& resolved() const noexcept override { return none; }
};

struct FakeCall final : Call {
  Item in;
  std::vector<Item> all;
  FakeContext ctx;
  std::optional<Status> status;
  const Item& input() const override { return in; }
  std::vector<Item>& inputs() override { return all; }
  Context& context() override { return ctx; }
  void emit(Item) override {}
  void drop(std::string_view) override {}
  void finish(Status s) noexcept override { status = std::move(s); }
  std::shared_ptr<Call> retain() override { return nullptr; }
};

class ReportsPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path = std::string(BUYERGRAPH_PLUGIN_DIR) + "/libbuyergraph-reports.so";
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(handle_, nullptr) << dlerror();
    auto* d = static_cast<const PluginDescriptor*>(dlsym(handle_, "buyergraph_plugin_descriptor"));
    ASSERT_NE(d, nullptr);
    d->register_stages(registry_);
    ASSERT_TRUE(registry_.failure.empty()) << registry_.failure;
  }
  void TearDown() override {
    if (handle_) dlclose(handle_);
  }
  std::unique_ptr<Stage> build(const std::string& name, nlohmann::json config) {
    for (const auto& s : registry_.specs)
      if (s.name == name) {
        Error err;
        StageInit init{.stage_id = name, .config = std::move(config)};
        auto stage = s.factory(init, err);
        if (!stage) ADD_FAILURE() << err.message;
        return stage;
      }
    ADD_FAILURE() << "no stage " << name;
    return nullptr;
  }
  void* handle_ = nullptr;
  Registry registry_;
};

}  // namespace

TEST_F(ReportsPlugin, RegistersBothSinks) {
  ASSERT_EQ(registry_.specs.size(), 2u);
  for (const auto& s : registry_.specs) {
    EXPECT_EQ(s.kind, StageKind::sink);
    EXPECT_EQ(s.input_type, "buyer_group");
    EXPECT_FALSE(nlohmann::json::parse(s.config_schema).is_discarded());
  }
}

TEST_F(ReportsPlugin, FilesSinkWritesSafeNamesInsideDir) {
  fs::path dir = fs::temp_directory_path() / ("bg-report-plugin-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto stage =
      build("report.files",
            {{"dir", dir.string()}, {"formats", {"md", "csv"}}, {"csv_flavor", "salesforce"}});
  ASSERT_TRUE(stage);
  auto group = report::testing::fixture("group_full");
  group.company.name = "../../../tmp/evil";
  group.company.id = "/etc/passwd";
  FakeCall call;
  call.in = Item::make<BuyerGroup>(group);
  stage->invoke(call);
  ASSERT_TRUE(call.status.has_value());
  ASSERT_TRUE(*call.status) << call.status->error().message;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"tmp-evil-etc-passwd.csv", "tmp-evil-etc-passwd.md"}));
  std::ifstream csv(dir / "tmp-evil-etc-passwd.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_NE(header.find("IsPrimary"), std::string::npos);
  fs::remove_all(dir);
}

TEST_F(ReportsPlugin, WrongRecordTypeFailsTheItemNotTheProcess) {
  auto stage = build("report.files", {{"dir", "unused"}});
  ASSERT_TRUE(stage);
  FakeCall call;
  call.in = Item::make<Person>();
  stage->invoke(call);
  ASSERT_TRUE(call.status.has_value());
  EXPECT_FALSE(*call.status);
  EXPECT_NE(call.status->error().message.find("buyer_group"), std::string::npos);
  EXPECT_FALSE(fs::exists("unused"));
}

TEST_F(ReportsPlugin, UnknownFormatIsAConfigError) {
  for (const auto& s : registry_.specs)
    if (s.name == "report.files") {
      Error err;
      StageInit init{.stage_id = "x", .config = {{"formats", {"pdf"}}}};
      EXPECT_EQ(s.factory(init, err), nullptr);
      EXPECT_NE(err.message.find("pdf"), std::string::npos);
    }
}

TEST_F(ReportsPlugin, StdoutSummaryPrintsTheTerminalSummary) {
  auto stage = build("report.stdout_summary", {{"color", "never"}});
  ASSERT_TRUE(stage);
  FakeCall call;
  call.in = Item::make<BuyerGroup>(report::testing::fixture("group_tiny_gaps"));
  testing::internal::CaptureStdout();
  stage->invoke(call);
  std::string out = testing::internal::GetCapturedStdout();
  ASSERT_TRUE(call.status && *call.status);
  EXPECT_NE(out.find("Quince Tooling"), std::string::npos);
  EXPECT_NE(out.find("0 decision makers"), std::string::npos);
  EXPECT_EQ(out.find('\033'), std::string::npos);
}
