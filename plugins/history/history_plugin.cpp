// store.history: saves each finished buyer group in the store's run history, so
// `buyergraph history COMPANY` lists it and `buyergraph show RUN_ID` re-renders it.
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/store/store.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class SaveHistory final : public SinkOf<BuyerGroup> {
 public:
  using Options = StoreOption;
  static OptionsSpec<Options> options() { return StoreOption::spec(); }
  SaveHistory(const StageInit&, const Options& options) {
    std::string path = options.store.empty() ? store::default_store_path() : options.store;
    auto s = store::Store::open(path);
    if (!s) throw std::runtime_error("cannot open the store " + path + ": " + s.error().message);
    store_ = std::move(*s);
  }

 protected:
  void write(const BuyerGroup& g, Context& ctx) override {
    if (const Ledger* l = ctx.host().ledger(); l && l->dry_run()) return;  // not a real run
    if (auto st = store_->save_run(g); !st)
      throw std::runtime_error("cannot save the run: " + st.error().message);
  }

 private:
  std::unique_ptr<store::Store> store_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<SaveHistory>(
      {.name = "store.history",
       .kind = StageKind::sink,
       .summary = "Saves each buyer group in the store's run history (runs, members, the group)",
       .docs = "The group is saved whole as JSON under run.id, plus one row per member with "
               "role, confidence and provenance. See docs/history.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("history", "0.1.0", "Run history in the local store", register_stages)
