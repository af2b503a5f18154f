#pragma once
// The buyergraph plugin SDK: the only header a plugin needs.
//
//   #include <buyergraph/sdk.hpp>
//   using namespace buyergraph::sdk;
//   class Double : public MapStage {
//    public:
//     explicit Double(const StageInit&) {}
//     Item map(const Item& in, Context&) override {
//       auto n = in.as<JsonRecord>()->data.at("n").get<int>();
//       return Item::make<JsonRecord>("example.number", nlohmann::json{{"n", 2 * n}});
//     }
//   };
//   static void reg(Registrar& r) {
//     r.add({.name = "example.double", .kind = StageKind::map, .input_type = "example.number",
//            .output_type = "example.number", .summary = "Doubles n",
//            .factory = make_factory<Double>()});
//   }
//   BUYERGRAPH_PLUGIN("example", "1.0.0", "Example stages", reg)
#include "buyergraph/sdk/abi.hpp"
#include "buyergraph/sdk/account.hpp"
#include "buyergraph/sdk/host.hpp"
#include "buyergraph/sdk/ledger_json.hpp"
#include "buyergraph/sdk/options.hpp"
#include "buyergraph/sdk/plugin.hpp"
#include "buyergraph/sdk/record.hpp"
#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/stage.hpp"
#include "buyergraph/sdk/status.hpp"
