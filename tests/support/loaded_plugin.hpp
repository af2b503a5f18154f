#pragma once
// A plugin as the engine sees it, for tests that call stages directly: the shared object loaded
// with dlopen, its stages registered through the descriptor, built by their factories and invoked
// through a recording Call (no graph, no pipeline file).
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <buyergraph/sdk.hpp>

#include "buyergraph/engine/host_services.hpp"

namespace buyergraph::test {

struct RecordingRegistrar final : sdk::Registrar {
  std::vector<sdk::StageSpec> specs;
  std::string failure;
  void add(sdk::StageSpec spec) override { specs.push_back(std::move(spec)); }
  void fail(std::string reason) override { failure = std::move(reason); }
};

struct DirectContext final : sdk::Context {
  sdk::Account acc;
  sdk::Item company;  // the resolved account company, or empty
  std::string stage = "test";
  engine::HostServices services;  // sinks ask the ledger whether it is a dry run
  const sdk::Account& account() const override { return acc; }
  sdk::Host& host() override { return services; }
  bool cancelled() const noexcept override { return false; }
  std::string_view stage_id() const noexcept override { return stage; }
  const sdk::Item& resolved() const noexcept override { return company; }
};

/// One call: `in` goes in; what the stage emits lands in `out`, how it ended in `status`.
struct RecordingCall final : sdk::Call {
  sdk::Item in;
  std::vector<sdk::Item> all;
  std::vector<sdk::Item> out;
  DirectContext ctx;
  std::optional<sdk::Status> status;
  const sdk::Item& input() const override { return in; }
  std::vector<sdk::Item>& inputs() override { return all; }
  sdk::Context& context() override { return ctx; }
  void emit(sdk::Item i) override { out.push_back(std::move(i)); }
  void drop(std::string_view) override {}
  void finish(sdk::Status s) noexcept override { status = std::move(s); }
  std::shared_ptr<sdk::Call> retain() override { return nullptr; }
};

/// Loads <plugin dir>/libbuyergraph-NAME.so and registers its stages (test failures, not
/// exceptions, when that does not work). Unloaded on destruction: destroy stages first.
class LoadedPlugin {
 public:
  explicit LoadedPlugin(const std::string& name) {
    const std::string path = std::string(BUYERGRAPH_PLUGIN_DIR) + "/libbuyergraph-" + name + ".so";
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle_) {
      ADD_FAILURE() << dlerror();
      return;
    }
    auto* d =
        static_cast<const sdk::PluginDescriptor*>(dlsym(handle_, "buyergraph_plugin_descriptor"));
    if (!d) {
      ADD_FAILURE() << "no plugin descriptor in " << path;
      return;
    }
    d->register_stages(registrar_);
    if (!registrar_.failure.empty()) ADD_FAILURE() << registrar_.failure;
  }
  ~LoadedPlugin() {
    if (handle_) dlclose(handle_);
  }
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  const std::vector<sdk::StageSpec>& specs() const { return registrar_.specs; }

  /// Builds stage `name` with `config`; null (and a test failure) when it cannot.
  std::unique_ptr<sdk::Stage> build(const std::string& name, nlohmann::json config,
                                    const std::string& stage_id = "") const {
    for (const auto& s : registrar_.specs)
      if (s.name == name) {
        sdk::Error err;
        sdk::StageInit init{.stage_id = stage_id.empty() ? name : stage_id,
                            .config = std::move(config)};
        auto stage = s.factory(init, err);
        if (!stage) ADD_FAILURE() << err.message;
        return stage;
      }
    ADD_FAILURE() << "no stage " << name;
    return nullptr;
  }

 private:
  void* handle_ = nullptr;
  RecordingRegistrar registrar_;
};

}  // namespace buyergraph::test
