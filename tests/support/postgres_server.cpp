#include "postgres_server.hpp"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "buyergraph/store/store.hpp"

extern char** environ;

namespace buyergraph::test {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTestAccount = "buyergraph-test";

// The newest /usr/lib/postgresql/<version>/bin with initdb, or $BUYERGRAPH_PG_BIN.
std::string find_bin() {
  if (const char* env = std::getenv("BUYERGRAPH_PG_BIN"); env && *env) return env;
  std::string best;
  int best_version = -1;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    int v = std::atoi(e.path().filename().c_str());
    if (v > best_version && fs::exists(e.path() / "bin" / "initdb")) {
      best_version = v;
      best = (e.path() / "bin").string();
    }
  }
  return best;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

// Single-quoted for /bin/sh (paths here come from mkdtemp and /usr/lib, but quote anyway).
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command, its output appended to `log`; true on exit status 0.
bool run(const std::string& command, const std::string& log) {
  const std::string line = command + " >>" + sh_quote(log) + " 2>&1";
  return std::system(line.c_str()) == 0;
}

std::string tail_of(const std::string& file) {
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > 1500 ? text.substr(text.size() - 1500) : text;
}

}  // namespace

std::unique_ptr<PostgresServer> PostgresServer::start(std::string& error) {
  std::unique_ptr<PostgresServer> s(new PostgresServer());
  s->bin_ = find_bin();
  if (s->bin_.empty()) {
    error =
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); run scripts/setup.sh";
    return nullptr;
  }
  std::string tmpl = (fs::temp_directory_path() / "bg-pg-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    error = "cannot create a temporary directory for PostgreSQL";
    return nullptr;
  }
  s->dir_ = tmpl;
  // Separate logs: this process writes initdb.log and pg_ctl.log, the server (perhaps another
  // account) writes server.log.
  const std::string data = s->dir_ + "/data", log = s->dir_ + "/server.log";
  const std::string init_log = s->dir_ + "/initdb.log", ctl_log = s->dir_ + "/pg_ctl.log";
  if (geteuid() == 0) {
    passwd* pw = getpwnam(kTestAccount);
    if (!pw) {
      error = std::string("PostgreSQL does not run as root and the account ") + kTestAccount +
              " is missing; run scripts/setup.sh (it creates it)";
      return nullptr;
    }
    if (chown(s->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      error = "cannot hand " + s->dir_ + " to " + kTestAccount;
      return nullptr;
    }
    s->run_as_ = std::string("runuser -u ") + kTestAccount + " -- ";
  }
  // The watchdog waits for this process to go away (its stdin pipe closes), then stops the
  // server and removes the directory: a crashed or failed test leaves nothing running.
  // Close-on-exec: the server (started below) must not inherit the write end, or the watchdog
  // would never see it close. dup2 onto the watchdog's stdin clears the flag there.
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    error = "cannot create the watchdog pipe";
    return nullptr;
  }
  const std::string stop = s->run_as_ + sh_quote(s->bin_ + "/pg_ctl") + " -D " + sh_quote(data) +
                           " -m immediate -w stop >/dev/null 2>&1";
  const std::string watch = "read _; " + stop + "; rm -rf " + sh_quote(s->dir_);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  const char* argv[] = {"/bin/sh", "-c", watch.c_str(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, "/bin/sh", &fa, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[0]);
  if (rc != 0) {
    close(fds[1]);
    error = "cannot start the PostgreSQL watchdog";
    return nullptr;
  }
  s->watchdog_fd_ = fds[1];

  // Trust is safe here: loopback and a socket in a private directory, for a throwaway cluster.
  if (!run(s->run_as_ + sh_quote(s->bin_ + "/initdb") + " -D " + sh_quote(data) +
               " -U bg --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync",
           init_log)) {
    error = "initdb failed:\n" + tail_of(init_log);
    return nullptr;
  }
  // A port can be taken between free_port() and the server's bind: try a few.
  for (int attempt = 0; attempt < 5 && s->port_ == 0; ++attempt) {
    const int port = free_port();
    const std::string options = "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(port) +
                                " -c unix_socket_directories=" + s->dir_ +
                                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                " -c max_connections=60 -c shared_buffers=32MB";
    if (run(s->run_as_ + sh_quote(s->bin_ + "/pg_ctl") + " -D " + sh_quote(data) + " -l " +
                sh_quote(log) + " -w -t 60 -o " + sh_quote(options) + " start",
            ctl_log))
      s->port_ = port;
  }
  if (s->port_ == 0) {
    error = "PostgreSQL did not start:\n" + tail_of(ctl_log) + tail_of(log);
    return nullptr;
  }
  return s;
}

PostgresServer::~PostgresServer() {
  if (port_ != 0)
    (void)run(run_as_ + sh_quote(bin_ + "/pg_ctl") + " -D " + sh_quote(dir_ + "/data") +
                  " -m immediate -w stop",
              "/dev/null");
  if (watchdog_fd_ >= 0) {
    close(watchdog_fd_);  // the watchdog removes the directory
  } else if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

namespace {
std::mutex g_mu;
std::unique_ptr<PostgresServer> g_server;
std::string g_error;
bool g_tried = false;
}  // namespace

PostgresServer* PostgresServer::shared() {
  std::lock_guard lock(g_mu);
  if (!g_tried) {
    g_tried = true;
    g_server = start(g_error);
    // Stopped by the static's destructor at exit; the watchdog covers abnormal exits.
  }
  return g_server.get();
}

const std::string& PostgresServer::shared_error() { return g_error; }

std::string PostgresServer::url(const std::string& database) const {
  return "postgresql://bg@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

bool PostgresServer::admin(const std::string& sql) {
  PGconn* c = PQconnectdb(url("postgres").c_str());
  bool ok = PQstatus(c) == CONNECTION_OK;
  if (ok) {
    PGresult* r = PQexec(c, sql.c_str());
    ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok) error_ = PQresultErrorMessage(r);
    PQclear(r);
  } else {
    error_ = PQerrorMessage(c);
  }
  PQfinish(c);
  return ok;
}

std::string PostgresServer::fresh_database() {
  if (!template_ready_) {
    if (!admin("CREATE DATABASE bg_template")) return {};
    auto migrated = store::Store::open(url("bg_template"));  // closed again at once
    if (!migrated) {
      error_ = migrated.error().message;
      return {};
    }
    template_ready_ = true;
  }
  const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(++next_db_);
  if (!admin("CREATE DATABASE " + name + " TEMPLATE bg_template")) return {};
  return url(name);
}

}  // namespace buyergraph::test
