#include "tokens.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <fmt/format.h>

#include "../cli_common.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::serve {

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

TokenStore::TokenStore(std::unique_ptr<store::Store> s) : store_(std::move(s)) {}
TokenStore::~TokenStore() = default;

sdk::Result<std::unique_ptr<TokenStore>> TokenStore::open(const std::string& store_path) {
  auto s = store::Store::open(store_path);
  if (!s)
    return sdk::Error{"io_error", "cannot open the store for API tokens: " + s.error().message};
  return std::unique_ptr<TokenStore>(new TokenStore(std::move(*s)));
}

sdk::Result<std::string> TokenStore::create(const std::string& name) {
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1)
    return sdk::Error{"internal", "no random bytes for a token"};
  std::string secret = "bgt_";
  for (unsigned char c : raw) secret += fmt::format("{:02x}", c);
  auto s = store_->add_api_token(name, sha256_hex(secret), cli::utc_text());
  if (!s && s.error().code == "store_conflict")
    return sdk::Error{"invalid_input",
                      fmt::format("a token named \"{}\" exists already (revoke it first)", name)};
  if (!s) return sdk::Error{"io_error", "cannot save the token: " + s.error().message};
  return secret;
}

std::vector<TokenInfo> TokenStore::list() {
  std::vector<TokenInfo> out;
  for (auto& t : store_->api_tokens())
    out.push_back({std::move(t.name), std::move(t.created_at), std::move(t.last_used_at),
                   std::move(t.revoked_at)});
  return out;
}

sdk::Result<bool> TokenStore::revoke(const std::string& name) {
  auto r = store_->revoke_api_token(name, cli::utc_text());
  if (!r) return sdk::Error{"io_error", "cannot revoke the token: " + r.error().message};
  return *r;
}

std::optional<std::string> TokenStore::check(const std::string& secret) {
  if (secret.rfind("bgt_", 0) != 0 || secret.size() > 200) return std::nullopt;
  return store_->use_api_token(sha256_hex(secret), cli::utc_text());
}

bool TokenStore::any_live() { return store_->any_live_api_token(); }

}  // namespace buyergraph::serve
