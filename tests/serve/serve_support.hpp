#pragma once
// Running `buyergraph serve` for tests: the real binary on a free loopback port, over a private
// copy of the shared demo store (built once per build folder, like the other end-to-end tests).
// Every person in the store is fictional (synthetic demo data).
#include <string>
#include <vector>

#include <httplib.h>

#include "demo_store.hpp"

namespace buyergraph::test {

/// A fresh folder under the test temp dir.
std::string temp_dir(const std::string& name);

/// Copies the demo store to `dir`/store.db (so each test binary writes only its own history).
std::string private_store(const std::string& dir);

/// Runs the CLI to the end; stdout and stderr captured.
struct CliResult {
  int code = -1;
  std::string out, err;
};
CliResult run_cli(const std::vector<std::string>& args, const std::string& store);

/// A `buyergraph serve` process, stopped (SIGTERM) when destroyed.
class ServeProcess {
 public:
  /// Starts the server with `args` after `serve --listen 127.0.0.1:0 --store STORE`, waits until
  /// it listens. `port()` is 0 when it exited instead; `log()` then says why.
  ServeProcess(const std::string& store, const std::vector<std::string>& args,
               const std::string& dir);
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  std::string log() const;
  std::string url() const;
  httplib::Client client() const;
  /// Sends SIGTERM and returns the exit code.
  int stop();

 private:
  int pid_ = -1;
  int port_ = 0;
  std::string err_path_;
};

}  // namespace buyergraph::test
