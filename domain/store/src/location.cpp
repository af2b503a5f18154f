#include "buyergraph/store/location.hpp"

#include "db.hpp"
#include "postgres.hpp"
#include "sqlite.hpp"

namespace buyergraph::store {

Backend backend_of(std::string_view target) {
  for (std::string_view scheme : {"postgresql://", "postgres://"})
    if (target.substr(0, scheme.size()) == scheme) return Backend::postgresql;
  return Backend::sqlite;
}

std::string display_store(std::string_view target) {
  if (backend_of(target) != Backend::postgresql) return std::string(target);
  const auto scheme_end = target.find("://") + 3;
  std::string_view rest = target.substr(scheme_end);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string out(target.substr(0, scheme_end));
  // The user part ends at the last '@' before the path; only "user" of "user:password" stays.
  const auto slash = rest.find('/');
  const auto at = rest.substr(0, slash).rfind('@');
  if (at != std::string_view::npos) {
    std::string_view user = rest.substr(0, at);
    out += user.substr(0, user.find(':'));
    out += '@';
    rest = rest.substr(at + 1);
  }
  out += rest;
  std::string kept;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (param.substr(0, 9) == "password=" || param.substr(0, 9) == "password" || param.empty())
      continue;
    kept += (kept.empty() ? "?" : "&") + std::string(param);
  }
  return out + kept;
}

namespace detail {

sdk::Result<std::unique_ptr<Connection>> open_connection(const std::string& target, Access access) {
  if (backend_of(target) == Backend::postgresql) return open_postgres(target, access);
  return open_sqlite(target, access);
}

}  // namespace detail
}  // namespace buyergraph::store
