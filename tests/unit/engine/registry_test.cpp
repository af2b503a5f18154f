#include "buyergraph/engine/registry.hpp"
#include "buyergraph/sdk/abi.hpp"

#include <gtest/gtest.h>

using namespace buyergraph::engine;

namespace {
const std::string kPlugins = BUYERGRAPH_PLUGIN_DIR;
const std::string kFixtures = FIXTURE_PLUGIN_DIR;

std::string load_error(PluginRegistry& reg, const std::string& path) {
  auto s = reg.load_file(path);
  EXPECT_FALSE(s) << path << " loaded but should not";
  return s ? "" : s.error().message;
}
}  // namespace

TEST(Registry, LoadsTheTestingPluginAndItsStages) {
  PluginRegistry reg;
  auto s = reg.load_file(kPlugins + "/libbuyergraph-testing.so");
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(reg.plugins().size(), 1u);
  EXPECT_EQ(reg.plugins()[0].name, "testing");
  const StageDef* gen = reg.find("test.generate");
  ASSERT_NE(gen, nullptr);
  EXPECT_EQ(gen->spec.kind, buyergraph::sdk::StageKind::expand);
  EXPECT_EQ(gen->spec.input_type, "account");
  EXPECT_EQ(gen->schema["properties"]["count"]["default"], 3);
  EXPECT_NE(reg.find("test.sleep"), nullptr);
  EXPECT_EQ(reg.find("test.nope"), nullptr);
  EXPECT_EQ(reg.suggest("test.generat"), "test.generate");
  // Loading the same file again is a no-op, not a duplicate.
  EXPECT_TRUE(reg.load_file(kPlugins + "/libbuyergraph-testing.so"));
  EXPECT_EQ(reg.plugins().size(), 1u);
}

TEST(Registry, MissingFileSaysSo) {
  PluginRegistry reg;
  auto msg = load_error(reg, kFixtures + "/does-not-exist.so");
  EXPECT_NE(msg.find("plugin file not found"), std::string::npos) << msg;
  EXPECT_NE(msg.find("does-not-exist.so"), std::string::npos);
}

TEST(Registry, NotALibrary) {
  PluginRegistry reg;
  auto msg = load_error(reg, kFixtures + "/not-a-library.so");
  EXPECT_NE(msg.find("cannot load"), std::string::npos) << msg;
}

TEST(Registry, MissingDescriptorSymbol) {
  PluginRegistry reg;
  auto msg = load_error(reg, kFixtures + "/libfixture-no_descriptor.so");
  EXPECT_NE(msg.find("not a buyergraph plugin"), std::string::npos) << msg;
  EXPECT_NE(msg.find("buyergraph_plugin_descriptor"), std::string::npos) << msg;
}

TEST(Registry, AbiMismatchNamesBothVersions) {
  PluginRegistry reg;
  auto msg = load_error(reg, kFixtures + "/libfixture-bad_abi.so");
  EXPECT_NE(msg.find("ABI mismatch"), std::string::npos) << msg;
  EXPECT_NE(msg.find("99.0"), std::string::npos) << msg;
  EXPECT_NE(msg.find(std::to_string(buyergraph::sdk::kAbiMajor) + ".0"), std::string::npos) << msg;
  EXPECT_TRUE(reg.stages().empty());
}

TEST(Registry, PluginOfThePreviousAbiIsToldToRebuild) {
  // ABI 6 is the plugin SDK v4 (options specs, the provider framework); ABI 5 plugins predate it.
  PluginRegistry reg;
  auto msg = load_error(reg, kFixtures + "/libfixture-old_abi.so");
  const auto old_major = std::to_string(buyergraph::sdk::kAbiMajor - 1);
  EXPECT_NE(msg.find("plugin built for SDK ABI " + old_major + ".0"), std::string::npos) << msg;
  EXPECT_NE(msg.find("rebuild the plugin"), std::string::npos) << msg;
  EXPECT_TRUE(reg.stages().empty());
}

TEST(Registry, DuplicateStageNameRefusesThePlugin) {
  PluginRegistry reg;
  ASSERT_TRUE(reg.load_file(kPlugins + "/libbuyergraph-testing.so"));
  auto before = reg.stages().size();
  auto msg = load_error(reg, kFixtures + "/libfixture-duplicate_stage.so");
  EXPECT_NE(msg.find("duplicate stage name 'test.generate'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("testing"), std::string::npos) << msg;
  EXPECT_EQ(reg.stages().size(), before);
  EXPECT_EQ(reg.find("test.generate")->plugin, "testing");
}

TEST(Registry, ExceptionDuringRegistrationStaysInsideThePlugin) {
  PluginRegistry reg;
  auto msg = load_error(reg, kFixtures + "/libfixture-throwing_register.so");
  EXPECT_NE(msg.find("registration exploded"), std::string::npos) << msg;
}

TEST(Registry, FolderLoadingRecordsEachFailureAndGoesOn) {
  PluginRegistry reg;
  reg.load_dir(kFixtures);
  // Five broken fixtures (bad and old ABI, no descriptor, throwing, not a library) and one
  // (duplicate_stage) that loads fine on its own.
  EXPECT_EQ(reg.failures().size(), 5u);
  EXPECT_NE(reg.find("test.generate"), nullptr);
  reg.load_dir(kFixtures + "/no-such-folder");
  EXPECT_EQ(reg.failures().back().reason, "plugin folder not found");
}
