// OptionsSpec: one declaration gives the schema (defaults from the struct) and the filled struct.
#include <gtest/gtest.h>

#include <buyergraph/sdk.hpp>

#include "buyergraph/engine/schema_check.hpp"

using namespace buyergraph::sdk;
using nlohmann::json;

namespace {

enum class Color { red, green };

struct Costs {
  double search = 2;
  double collect = 20;
  static OptionsSpec<Costs> spec() {
    return OptionsSpec<Costs>()
        .option("search", &Costs::search, "credits per search")
        .min(0)
        .option("collect", &Costs::collect, "credits per collect")
        .min(0);
  }
};

struct Options {
  int limit = 5;
  double share = 1.0;
  bool online = false;
  std::string name;
  std::vector<std::string> terms{"cto"};
  Color color = Color::green;
  std::vector<Color> palette{Color::red};
  StoreOption store;
  Costs costs;
  std::string mode = "fast";
};

OptionsSpec<Options> spec() {
  return OptionsSpec<Options>()
      .option("limit", &Options::limit, "most people")
      .min(1)
      .max(10)
      .example(3)
      .option("share", &Options::share, "share previewed")
      .above(0)
      .max(1)
      .option("online", &Options::online, "allow lookups")
      .option("name", &Options::name, "a name")
      .option("terms", &Options::terms, "title terms")
      .choice("color", &Options::color, {{"red", Color::red}, {"green", Color::green}}, "colour")
      .choice("palette", &Options::palette, {{"red", Color::red}, {"green", Color::green}},
              "colours")
      .include(&Options::store, StoreOption::spec())
      .group("costs", &Options::costs, Costs::spec(), "credits per call")
      .option("mode", &Options::mode, "speed")
      .one_of({"fast", "slow"});
}

TEST(OptionsSpec, SchemaDefaultsComeFromTheStruct) {
  json s = spec().schema();
  const json& p = s["properties"];
  EXPECT_EQ(s["additionalProperties"], false);
  EXPECT_EQ(p["limit"]["type"], "integer");
  EXPECT_EQ(p["limit"]["default"], 5);
  EXPECT_EQ(p["limit"]["minimum"], 1);
  EXPECT_EQ(p["limit"]["maximum"], 10);
  EXPECT_EQ(p["limit"]["examples"], json::array({3}));
  EXPECT_EQ(p["share"]["exclusiveMinimum"], 0);
  EXPECT_EQ(p["online"]["default"], false);
  EXPECT_EQ(p["name"]["default"], "");
  EXPECT_EQ(p["terms"]["default"], json::array({"cto"}));
  EXPECT_EQ(p["color"]["enum"], json::array({"red", "green"}));
  EXPECT_EQ(p["color"]["default"], "green");
  EXPECT_EQ(p["palette"]["items"]["enum"], json::array({"red", "green"}));
  EXPECT_EQ(p["palette"]["default"], json::array({"red"}));
  EXPECT_EQ(p["store"]["type"], "string");  // the shared group sits beside the others
  EXPECT_EQ(p["costs"]["properties"]["collect"]["default"], 20);
  EXPECT_EQ(p["costs"]["default"], (json{{"search", 2}, {"collect", 20}}));
  EXPECT_EQ(p["mode"]["enum"], json::array({"fast", "slow"}));
  EXPECT_FALSE(s.contains("required"));
  // valijson accepts it, so lint can use it.
  EXPECT_TRUE(buyergraph::engine::check_schema_text(s.dump()));
}

TEST(OptionsSpec, ReadFillsTheStructAndKeepsDefaults) {
  Options o = spec().read(json{{"limit", 7},
                               {"color", "red"},
                               {"palette", {"green", "red"}},
                               {"store", "/tmp/x.db"},
                               {"costs", {{"search", 0.5}}}});
  EXPECT_EQ(o.limit, 7);
  EXPECT_EQ(o.color, Color::red);
  EXPECT_EQ(o.palette, (std::vector<Color>{Color::green, Color::red}));
  EXPECT_EQ(o.store.store, "/tmp/x.db");
  EXPECT_DOUBLE_EQ(o.costs.search, 0.5);
  EXPECT_DOUBLE_EQ(o.costs.collect, 20);  // absent inside the group: the group's default
  EXPECT_EQ(o.terms, std::vector<std::string>{"cto"});
  EXPECT_EQ(spec().read(json()).limit, 5);
  // What lint hands the factory (defaults filled) reads back to the same struct.
  EXPECT_EQ(spec().values(spec().read(spec().values(Options{}))), spec().values(Options{}));
}

TEST(OptionsSpec, ReadRefusesBadValuesNamingTheOption) {
  auto error_of = [](const json& config) {
    try {
      (void)spec().read(config);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error_of({{"limit", 11}}), "option 'limit': 11 is above the maximum 10");
  EXPECT_EQ(error_of({{"limit", 0}}), "option 'limit': 0 is below the minimum 1");
  EXPECT_EQ(error_of({{"limit", "many"}}), "option 'limit': \"many\" is not an integer");
  EXPECT_EQ(error_of({{"share", 0}}), "option 'share': 0 must be above 0");
  EXPECT_EQ(error_of({{"color", "blue"}}),
            "option 'color': \"blue\" is not one of \"red\", \"green\"");
  EXPECT_EQ(error_of({{"palette", {"red", "red"}}}), "option 'palette': \"red\" is listed twice");
  EXPECT_EQ(error_of({{"mode", "slowest"}}),
            "option 'mode': \"slowest\" is not one of \"fast\", \"slow\"");
  EXPECT_EQ(error_of({{"costs", {{"search", -1}}}}),
            "option 'costs.search': -1 is below the minimum 0");
  EXPECT_EQ(error_of({{"costs", {{"serch", 1}}}}), "unknown option 'costs.serch'");
  EXPECT_EQ(error_of({{"limt", 3}}), "unknown option 'limt'");
  EXPECT_EQ(error_of(json::array()), "options must be a mapping");
}

struct Calls {
  ResourceOption resource{"coresignal"};
};

TEST(OptionsSpec, AnIncludedGroupTakesItsDefaultFromTheEnclosingStruct) {
  auto s = OptionsSpec<Calls>().include(&Calls::resource, ResourceOption::spec());
  EXPECT_EQ(s.schema()["properties"]["resource"]["default"], "coresignal");
  EXPECT_EQ(s.read(json::object()).resource.resource, "coresignal");
  EXPECT_EQ(s.read(json{{"resource", "cs-eu"}}).resource.resource, "cs-eu");
}

struct Needs {
  int count = 0;
};

TEST(OptionsSpec, RequiredOptionsHaveNoDefault) {
  auto s = OptionsSpec<Needs>().option("count", &Needs::count, "how many").required();
  EXPECT_EQ(s.schema()["required"], json::array({"count"}));
  EXPECT_FALSE(s.schema()["properties"]["count"].contains("default"));
  EXPECT_THROW((void)s.read(json::object()), std::invalid_argument);
  EXPECT_EQ(s.read(json{{"count", 4}}).count, 4);
}

TEST(OptionsSpec, DeclaringAnOptionTwiceIsAProgrammingError) {
  EXPECT_THROW((void)OptionsSpec<Needs>()
                   .option("count", &Needs::count, "a")
                   .option("count", &Needs::count, "b"),
               std::logic_error);
}

// make_stage: the schema and the factory come from the stage type.
class Counted final : public SinkStage {
 public:
  using Options = Needs;
  static OptionsSpec<Needs> options() {
    return OptionsSpec<Needs>().option("count", &Needs::count, "how many").min(1);
  }
  Counted(const StageInit&, Options o) : count(o.count) {}
  int count;

 protected:
  void write(const Item&, Context&) override {}
};

TEST(OptionsSpec, MakeStageTakesSchemaAndFactoryFromTheType) {
  StageSpec s = make_stage<Counted>({.name = "test.counted", .kind = StageKind::sink});
  EXPECT_EQ(json::parse(s.config_schema)["properties"]["count"]["minimum"], 1);
  Error err;
  auto stage = s.factory(StageInit{.stage_id = "c", .config = {{"count", 3}}}, err);
  ASSERT_NE(stage, nullptr);
  EXPECT_EQ(static_cast<Counted&>(*stage).count, 3);
  EXPECT_EQ(s.factory(StageInit{.stage_id = "c", .config = {{"count", 0}}}, err), nullptr);
  EXPECT_EQ(err.message, "option 'count': 0 is below the minimum 1");
}

}  // namespace
