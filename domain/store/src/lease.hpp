#pragma once
// Store internals shared by the store's source files (not installed).
#include <memory>
#include <mutex>

#include "buyergraph/store/store.hpp"
#include "db.hpp"

namespace buyergraph::store {

// A reader connection borrowed from the pool for the duration of one read.
class Store::Lease {
 public:
  Lease(Store& s, std::unique_ptr<detail::Connection> c) : store_(s), conn_(std::move(c)) {}
  ~Lease() {
    if (!conn_) return;
    std::lock_guard lock(store_.pool_mu_);
    store_.pool_.push_back(std::move(conn_));
  }
  Lease(Lease&&) = default;
  detail::Connection* operator->() { return conn_.get(); }
  explicit operator bool() const { return conn_ != nullptr; }
  detail::Stmt* prepare(const std::string& sql) { return conn_ ? conn_->prepare(sql) : nullptr; }

 private:
  Store& store_;
  std::unique_ptr<detail::Connection> conn_;
};

}  // namespace buyergraph::store
