#include "provider_stages.hpp"

#include <stdexcept>

namespace buyergraph::providers {
namespace {

// A stage call's reply as the outlet of a provider operation.
class ReplyOutlet final : public sdk::Outlet {
 public:
  explicit ReplyOutlet(sdk::Reply reply) : reply_(std::move(reply)) {}
  sdk::Context& context() override { return reply_.context(); }
  void emit(sdk::Item item) override { reply_.emit(std::move(item)); }
  void drop(std::string_view reason) override { reply_.drop(reason); }
  void finish(sdk::Status status) noexcept override { reply_.finish(std::move(status)); }

 private:
  sdk::Reply reply_;
};

template <class T>
const T& input(const sdk::Item& in, const std::string& stage, const char* type) {
  const T* rec = in.as<T>();
  if (rec == nullptr) throw std::runtime_error(stage + " reads " + type);
  return *rec;
}

}  // namespace

void OperationStage::start(const sdk::Item& in, sdk::Context& ctx, sdk::Reply reply) {
  const sdk::ProviderInfo& info = provider_->info();
  if (ctx.host().http() == nullptr)  // here, not in a completion: the run stops with the reason
    throw std::runtime_error("the pipeline declares no resources.http." + info.resource + " (" +
                             info.name + " base_url and api_key_env)");
  sdk::ProviderCall call(std::make_shared<ReplyOutlet>(std::move(reply)), info);
  sdk::PeopleProvider& p = *provider_;
  switch (op_) {
    case Op::resolve_company:
      p.resolve_company(std::move(call), input<sdk::Account>(in, name_, "accounts"));
      return;
    case Op::search_people:
      p.search_people(std::move(call), input<sdk::PeopleQuery>(in, name_, "people queries"));
      return;
    case Op::preview_people:
      p.preview_people(std::move(call), input<sdk::PeopleQuery>(in, name_, "people queries"));
      return;
    case Op::collect:
      p.collect(std::move(call), input<sdk::Person>(in, name_, "people"));
      return;
  }
}

}  // namespace buyergraph::providers
