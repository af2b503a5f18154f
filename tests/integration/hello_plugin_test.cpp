// examples/hello-plugin as a plugin author builds it: loaded by the host's registry, its options
// schema and record types taken from the stage type, built and invoked like any stage.
#include <gtest/gtest.h>

#include <buyergraph/sdk.hpp>

#include "buyergraph/engine/registry.hpp"
#include "loaded_plugin.hpp"

using namespace buyergraph;

namespace {

const std::string kHello = std::string(BUYERGRAPH_BIN_DIR) + "/examples/libbuyergraph-hello.so";

struct HelloPlugin : ::testing::Test {
  void SetUp() override {
    ASSERT_TRUE(reg.load_file(kHello)) << (reg.failures().empty() ? "" : reg.failures()[0].reason);
    def = reg.find("hello.greet");
    ASSERT_NE(def, nullptr);
  }
  std::unique_ptr<sdk::Stage> build(const nlohmann::json& config, sdk::Error& err) {
    return def->spec.factory({.stage_id = "greet", .config = config}, err);
  }
  engine::PluginRegistry reg;
  const engine::StageDef* def = nullptr;
};

TEST_F(HelloPlugin, DeclaresItsTypesAndOptionsOnce) {
  EXPECT_EQ(def->spec.input_type, "person");
  EXPECT_EQ(def->spec.output_type, "hello.greeting");
  const auto& props = def->schema["properties"];
  EXPECT_EQ(props["greeting"]["default"], "Hello");
  EXPECT_EQ(props["with_title"]["default"], true);
  EXPECT_EQ(props["max_length"]["default"], 80);
  EXPECT_EQ(props["max_length"]["minimum"], 10);
}

TEST_F(HelloPlugin, GreetsThePerson) {
  sdk::Error err;
  auto stage = build({{"greeting", "Good morning"}, {"max_length", 30}}, err);
  ASSERT_NE(stage, nullptr) << err.message;
  test::RecordingCall call;
  sdk::Person p;
  p.full_name = "Ada Lovelace";
  p.title = "Chief Technology Officer";
  call.in = sdk::Item::make<sdk::Person>(p);
  stage->invoke(call);
  ASSERT_TRUE(call.status && *call.status);
  ASSERT_EQ(call.out.size(), 1u);
  EXPECT_EQ(call.out[0].type(), "hello.greeting");
  // 30 characters at most: the line is cut and ends with "...".
  EXPECT_EQ(call.out[0].to_json()["text"].get<std::string>(), "Good morning, Ada Lovelace ...");

  auto plain = build(nlohmann::json::object(), err);  // the defaults
  ASSERT_NE(plain, nullptr) << err.message;
  test::RecordingCall again;
  again.in = call.in;
  plain->invoke(again);
  ASSERT_EQ(again.out.size(), 1u);
  EXPECT_EQ(again.out[0].to_json()["text"].get<std::string>(),
            "Hello, Ada Lovelace (Chief Technology Officer)!");
}

TEST_F(HelloPlugin, AMiswiredInputIsAnItemErrorNotACrash) {
  sdk::Error err;
  auto stage = build(nlohmann::json::object(), err);
  ASSERT_NE(stage, nullptr) << err.message;
  test::RecordingCall call;
  call.in = sdk::Item::make<sdk::Company>();
  stage->invoke(call);
  ASSERT_TRUE(call.status.has_value());
  EXPECT_FALSE(*call.status);
  EXPECT_EQ(call.status->error().message, "test reads person records, got 'company'");
}

TEST_F(HelloPlugin, RefusesAnOptionOutOfBounds) {
  sdk::Error err;
  EXPECT_EQ(build({{"max_length", 5}}, err), nullptr);
  EXPECT_EQ(err.message, "option 'max_length': 5 is below the minimum 10");
}

}  // namespace
