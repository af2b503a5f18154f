#pragma once
// The stages a provider gets from the framework. A provider plugin implements
// sdk::PeopleProvider (constructed from the stage's StageInit) and registers it once:
//
//   BUYERGRAPH_PLUGIN("provider.apollo", "0.1.0", "Apollo.io",
//                     [](sdk::Registrar& r) { register_provider<Apollo>(r, kApolloStages); })
//
// which adds <family>.resolve_company, .search_people, .preview_people, .collect and
// .collect_finalists, every one asynchronous and sharing the provider's options (declared once
// with sdk::OptionsSpec). See docs/providers.md.
#include <memory>
#include <string>

#include <buyergraph/sdk.hpp>
#include <buyergraph/sdk/provider.hpp>

namespace buyergraph::providers {

/// The finalists stage's options; every provider's Options holds them as `finalists`
/// (`.include(&Options::finalists, FinalistsOptions::spec())`).
struct FinalistsOptions {
  int max_rounds = 3;
  int max_replacements = 5;
  bool partial_finalists = false;
  static sdk::OptionsSpec<FinalistsOptions> spec();
};

/// What the registry shows for a provider's stages (the options come from `P::options()`).
struct ProviderStages {
  std::string family;  ///< "provider.apollo"
  struct Text {
    std::string summary, docs;
  };
  Text resolve_company, search_people, preview_people, collect;
};

/// A provider's operation as a stage: the input record handed to the provider's call.
class OperationStage final : public sdk::AsyncStage {
 public:
  enum class Op { resolve_company, search_people, preview_people, collect };
  OperationStage(std::unique_ptr<sdk::PeopleProvider> provider, Op op, std::string name)
      : provider_(std::move(provider)), op_(op), name_(std::move(name)) {}

 protected:
  void start(const sdk::Item& in, sdk::Context& ctx, sdk::Reply reply) override;

 private:
  std::unique_ptr<sdk::PeopleProvider> provider_;
  Op op_;
  std::string name_;
};

/// buyer_group -> buyer_group: buys the full records of the group's members only (the
/// provider's collect), verifies each and replaces failures from the ranked spares
/// (domain/finalists) in bounded rounds; budget-aware, estimated in a dry run.
std::unique_ptr<sdk::Stage> make_collect_finalists(std::unique_ptr<sdk::PeopleProvider> provider,
                                                   const FinalistsOptions& options);

namespace detail {
template <class P, OperationStage::Op op>
sdk::StageFactory operation_factory() {
  return [](const sdk::StageInit& init, sdk::Error& err) noexcept -> std::unique_ptr<sdk::Stage> {
    try {
      const auto options = sdk::options_of<P>().read(init.config);
      return std::make_unique<OperationStage>(std::make_unique<P>(init, options), op,
                                              init.stage_id);
    } catch (const std::exception& e) {
      err = sdk::Error{"config", e.what()};
    } catch (...) {
      err = sdk::Error{"config", "unknown exception while building the stage"};
    }
    return nullptr;
  };
}
template <class P>
sdk::StageFactory finalists_factory() {
  return [](const sdk::StageInit& init, sdk::Error& err) noexcept -> std::unique_ptr<sdk::Stage> {
    try {
      const auto options = sdk::options_of<P>().read(init.config);
      return make_collect_finalists(std::make_unique<P>(init, options), options.finalists);
    } catch (const std::exception& e) {
      err = sdk::Error{"config", e.what()};
    } catch (...) {
      err = sdk::Error{"config", "unknown exception while building the stage"};
    }
    return nullptr;
  };
}
}  // namespace detail

/// Registers the provider's five stages. P declares its options once (`using Options`, a
/// static `options()` returning their sdk::OptionsSpec, a `finalists` member) and is built
/// from `(const sdk::StageInit&, const Options&)`; it may throw: the stage then fails to build
/// with that message.
template <class P>
requires sdk::StageWithOptions<P>
void register_provider(sdk::Registrar& r, const ProviderStages& s) {
  const std::string schema = sdk::options_of<P>().schema_text();
  using Op = OperationStage::Op;
  using sdk::Execution;
  using sdk::StageKind;
  r.add({.name = s.family + ".resolve_company",
         .kind = StageKind::resolve,
         .execution = Execution::async,
         .input_type = "account",
         .output_type = "company",
         .summary = s.resolve_company.summary,
         .docs = s.resolve_company.docs,
         .config_schema = schema,
         .factory = detail::operation_factory<P, Op::resolve_company>()});
  r.add({.name = s.family + ".search_people",
         .kind = StageKind::expand,
         .execution = Execution::async,
         .input_type = "people_query",
         .output_type = "person",
         .summary = s.search_people.summary,
         .docs = s.search_people.docs,
         .config_schema = schema,
         .factory = detail::operation_factory<P, Op::search_people>()});
  r.add({.name = s.family + ".preview_people",
         .kind = StageKind::expand,
         .execution = Execution::async,
         .input_type = "people_query",
         .output_type = "person",
         .summary = s.preview_people.summary,
         .docs = s.preview_people.docs,
         .config_schema = schema,
         .factory = detail::operation_factory<P, Op::preview_people>()});
  r.add({.name = s.family + ".collect",
         .kind = StageKind::filter,
         .execution = Execution::async,
         .input_type = "person",
         .output_type = "person",
         .summary = s.collect.summary,
         .docs = s.collect.docs,
         .config_schema = schema,
         .factory = detail::operation_factory<P, Op::collect>()});
  r.add({.name = s.family + ".collect_finalists",
         .kind = StageKind::group,
         .execution = Execution::async,
         .input_type = "buyer_group",
         .output_type = "buyer_group",
         .summary = "Collects the group's members only, verifies each on the full record and "
                    "replaces failures from the ranked spares in bounded rounds",
         .docs = "Every swap is recorded with its reason in the excluded list, "
                 "coverage.verification and ledger.verification. A dry run estimates the group "
                 "max plus max_replacements collects. See docs/providers.md.",
         .config_schema = schema,
         .factory = detail::finalists_factory<P>()});
}

}  // namespace buyergraph::providers
