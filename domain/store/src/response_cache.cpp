#include "buyergraph/store/response_cache.hpp"

#include <chrono>

#include "buyergraph/store/store.hpp"

namespace buyergraph::store {
namespace {

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class ResponseCache final : public sdk::Cache {
 public:
  explicit ResponseCache(std::unique_ptr<Store> s) : store_(std::move(s)) {}
  std::optional<std::string> get(std::string_view key) override {
    return store_->cache_get(key, now_unix());
  }
  void put(std::string_view key, std::string value, std::chrono::seconds ttl,
           std::string_view data_class) override {
    const std::int64_t now = now_unix();
    (void)store_->cache_put(key, data_class, value, now, now + ttl.count());
  }

 private:
  std::unique_ptr<Store> store_;
};

}  // namespace

sdk::Result<std::unique_ptr<sdk::Cache>> open_response_cache(const std::string& path) {
  const std::string p = path.empty() ? default_store_path() : path;
  auto s = Store::open(p);
  if (!s)
    return sdk::Error{
        "store", "cannot open the store " + p + " for the response cache: " + s.error().message};
  return std::unique_ptr<sdk::Cache>(std::make_unique<ResponseCache>(std::move(*s)));
}

}  // namespace buyergraph::store
