// The reports plugin as the engine sees it: loaded with dlopen, stages registered through the
// descriptor, built by their factories and invoked through the Call interface.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <buyergraph/sdk.hpp>

#include "fixtures.hpp"
#include "loaded_plugin.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;
namespace fs = std::filesystem;

namespace {

using FakeCall = test::RecordingCall;

class ReportsPlugin : public ::testing::Test {
 protected:
  std::unique_ptr<Stage> build(const std::string& name, nlohmann::json config) {
    return plugin_.build(name, std::move(config));
  }
  test::LoadedPlugin plugin_{"reports"};
};

}  // namespace

TEST_F(ReportsPlugin, RegistersBothSinks) {
  ASSERT_EQ(plugin_.specs().size(), 2u);
  for (const auto& s : plugin_.specs()) {
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
  for (const auto& s : plugin_.specs())
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
