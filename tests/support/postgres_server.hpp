#pragma once
// A private PostgreSQL server for tests: initdb + pg_ctl in a temporary directory, listening on
// a free loopback port and a unix socket in that directory, trusted connections only from this
// machine. PostgreSQL refuses to run as root, so as root the server runs as the unprivileged
// account buyergraph-test (scripts/setup.sh creates it). A watchdog process stops the server and
// removes the directory when the test process ends, however it ends.
//
//   auto* pg = PostgresServer::shared();          // one per test executable
//   if (!pg) FAIL() << PostgresServer::shared_error();
//   std::string url = pg->fresh_database();      // a new, migrated, empty store
#include <memory>
#include <string>

namespace buyergraph::test {

class PostgresServer {
 public:
  /// Starts a server; nullptr with `error` set when PostgreSQL is missing or fails to start.
  static std::unique_ptr<PostgresServer> start(std::string& error);
  /// The executable's server, started on first use and stopped at exit; nullptr when it could
  /// not start (shared_error() says why).
  static PostgresServer* shared();
  static const std::string& shared_error();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  /// postgresql://bg@127.0.0.1:PORT/DATABASE
  std::string url(const std::string& database) const;
  /// A new database copied from a migrated template (fast: no migrations per test); its URL.
  /// Empty on failure (message in last_error()).
  std::string fresh_database();
  /// Runs SQL on the maintenance database; false with last_error() set on failure.
  bool admin(const std::string& sql);
  const std::string& last_error() const { return error_; }
  int port() const { return port_; }

 private:
  PostgresServer() = default;
  std::string dir_, bin_, run_as_, error_;
  int port_ = 0;
  int watchdog_fd_ = -1;
  int next_db_ = 0;
  bool template_ready_ = false;
};

}  // namespace buyergraph::test
