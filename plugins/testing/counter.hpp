#pragma once
// The smallest useful record and map body, shared by the `test.counters`/`test.inc` stages and
// the hand-wired oneTBB graph in bench/, so the engine-overhead benchmark compares like with like.
#include <buyergraph/sdk.hpp>

namespace buyergraph::testing {

struct Counter : sdk::RecordOf<Counter> {
  static constexpr std::string_view kType = "test.counter";
  std::int64_t value = 0;
};
inline void to_json(nlohmann::json& j, const Counter& c) { j = {{"value", c.value}}; }

/// The map body: a new counter, one more.
inline sdk::Item increment(const sdk::Item& in) {
  auto out = std::make_shared<Counter>();
  out->value = in.as<Counter>()->value + 1;
  return sdk::Item(std::move(out));
}

}  // namespace buyergraph::testing
