#pragma once
// API tokens for `buyergraph serve`: created and revoked on the command line, stored hashed
// (SHA-256) in the store (a file or PostgreSQL), checked on every request when the server needs
// them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::store {
class Store;
}

namespace buyergraph::serve {

struct TokenInfo {
  std::string name, created_at, last_used_at, revoked_at;
};

class TokenStore {
 public:
  /// Opens the store (a file path or a postgresql:// URL) for its API tokens.
  static sdk::Result<std::unique_ptr<TokenStore>> open(const std::string& store_path);
  ~TokenStore();
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;

  /// A new token named `name` (unique among live tokens). The secret is returned once and only
  /// its hash is kept.
  sdk::Result<std::string> create(const std::string& name);
  /// Live and revoked tokens, by name; never the secrets.
  std::vector<TokenInfo> list();
  /// Revokes the live token `name`; false when there is none.
  sdk::Result<bool> revoke(const std::string& name);
  /// The name of the live token whose secret is `secret`, and records its use.
  std::optional<std::string> check(const std::string& secret);
  /// True when at least one live token exists.
  bool any_live();

 private:
  explicit TokenStore(std::unique_ptr<store::Store> s);
  std::unique_ptr<store::Store> store_;
};

/// Hex SHA-256 of `text`.
std::string sha256_hex(const std::string& text);

}  // namespace buyergraph::serve
