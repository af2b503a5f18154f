// filter.suppression: drops every suppressed person (by email, email domain or profile URL) so
// they never reach candidates, groups, reports or the run history (docs/suppression.md). The
// lead places it right after the provider's people stage in every pipeline.
#include <filesystem>
#include <memory>
#include <stdexcept>

#include <buyergraph/sdk.hpp>

#include "buyergraph/store/store.hpp"
#include "buyergraph/suppression/suppression.hpp"

using namespace buyergraph;
using namespace buyergraph::sdk;

namespace {

class DropSuppressed final : public FilterOf<Person> {
 public:
  struct Options {
    StoreOption store;
    std::string file;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .include(&Options::store, StoreOption::spec())
        .option("file", &Options::file,
                "an extra suppression file (one value per line, or kind,value[,reason]); "
                "relative to the pipeline file")
        .example("suppressed.csv");
  }
  // The list is loaded once here; a list that cannot be read fails the pipeline at start
  // rather than letting suppressed people through.
  DropSuppressed(const StageInit& init, const Options& options) {
    std::string path =
        options.store.store.empty() ? store::default_store_path() : options.store.store;
    auto s = store::Store::open(path);
    if (!s) throw std::runtime_error("cannot open the store " + path + ": " + s.error().message);
    auto list = suppression::SuppressionList::load(**s);
    if (!list)
      throw std::runtime_error("cannot read the suppression list: " + list.error().message);
    list_ = std::move(*list);
    std::string file = options.file;
    if (!file.empty()) {
      if (std::filesystem::path(file).is_relative() && !init.pipeline_dir.empty())
        file = (std::filesystem::path(init.pipeline_dir) / file).string();
      auto extra = suppression::SuppressionList::load_file(file);
      if (!extra) throw std::runtime_error(extra.error().message);
      list_.merge(*extra);
    }
  }

 protected:
  Verdict keep(const Person& p, Context&) override {
    if (auto why = list_.why(p)) return Verdict::reject(*why);
    return Verdict::pass();
  }

 private:
  suppression::SuppressionList list_;
};

void register_stages(Registrar& r) {
  r.add(make_stage<DropSuppressed>(
      {.name = "filter.suppression",
       .kind = StageKind::filter,
       .summary = "Drops people on the suppression list (email, email domain, profile URL)",
       .docs = "Loads the store's suppression list (and an optional file) once, at start. The "
               "drop reason names the kind only, never the value. Place it right after the "
               "provider's people stage. See docs/suppression.md."}));
}

}  // namespace

BUYERGRAPH_PLUGIN("suppression", "0.1.0", "The suppression list as a pipeline filter",
                  register_stages)
