#include "mock_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "cli_common.hpp"

namespace buyergraph::cli {
namespace {

constexpr std::string_view kReady = "listening on http://127.0.0.1:";

// Appends what is readable on the non-blocking `fd` to `into`; false at end of file or on an
// error.
bool drain(int fd, std::string& into) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

// Reads both pipes until `done(out)` holds, both reach end of file, or the deadline passes.
// Returns true when `done` held.
template <class Done>
bool read_until(int out_fd, int err_fd, std::string& out, std::string& err,
                std::chrono::steady_clock::time_point deadline, Done done) {
  bool out_open = out_fd >= 0, err_open = err_fd >= 0;
  while (!done(out) && (out_open || err_open)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[2] = {{out_open ? out_fd : -1, POLLIN, 0}, {err_open ? err_fd : -1, POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return done(out);
    if (fds[0].revents != 0) out_open = drain(out_fd, out);
    if (fds[1].revents != 0) err_open = drain(err_fd, err);
  }
  return done(out);
}

// The child's last stderr lines, for an error message ("mock: no store at ...").
std::string last_words(std::string err) {
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r')) err.pop_back();
  if (err.size() > 2000) err = "..." + err.substr(err.size() - 2000);
  return err.empty() ? "no message" : err;
}

}  // namespace

sdk::Result<std::unique_ptr<MockProcess>> MockProcess::start(const MockProcessOptions& options) {
  const std::string binary =
      options.binary.empty() ? (exe_dir() / "buyergraph-mock").string() : options.binary;
  if (::access(binary.c_str(), X_OK) != 0)
    return sdk::Error{"not_found", fmt::format("cannot run {}: {}", binary, std::strerror(errno))};
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<std::string> args = {binary,
                                   "--store",
                                   options.store_path,
                                   "--port",
                                   "0",
                                   "--latency-ms",
                                   std::to_string(options.latency_ms),
                                   "--jitter-ms",
                                   std::to_string(options.jitter_ms),
                                   "--rate",
                                   fmt::format("{}", options.rate_per_second),
                                   "--counters-json"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return sdk::Error{"io", std::strerror(errno)};
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return sdk::Error{"io", std::strerror(errno)};
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);                     // Ctrl-C in the terminal is for the parent only
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // and it goes when the parent goes
    if (::getppid() != parent) ::_exit(1);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  if (pid < 0) {
    const int e = errno;
    ::close(out[0]);
    ::close(err[0]);
    return sdk::Error{"io", fmt::format("cannot start {}: {}", binary, std::strerror(e))};
  }
  for (int fd : {out[0], err[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  std::unique_ptr<MockProcess> mock(new MockProcess(pid, out[0], err[0]));
  const auto deadline = std::chrono::steady_clock::now() + options.ready_timeout;
  auto ready = [](const std::string& text) { return text.find('\n') != std::string::npos; };
  if (!read_until(mock->out_fd_, mock->err_fd_, mock->out_, mock->err_, deadline, ready)) {
    mock->terminate();
    return sdk::Error{"unavailable", last_words(mock->err_)};
  }
  const auto line = mock->out_.substr(0, mock->out_.find('\n'));
  int port = 0;
  if (line.rfind(kReady, 0) == 0) port = std::atoi(line.c_str() + kReady.size());
  if (port <= 0 || port > 65535) {
    mock->terminate();
    return sdk::Error{"unavailable", "unexpected first line from " + binary + ": " + line};
  }
  mock->port_ = static_cast<std::uint16_t>(port);
  mock->out_.erase(0, line.size() + 1);
  return mock;
}

sdk::Result<nlohmann::json> MockProcess::stop() {
  if (pid_ <= 0) return sdk::Error{"internal", "the mock providers are not running"};
  ::kill(pid_, SIGTERM);
  read_until(out_fd_, err_fd_, out_, err_,
             std::chrono::steady_clock::now() + std::chrono::seconds(10),
             [](const std::string&) { return false; });
  terminate();
  // The counters are the last line (one JSON object); earlier lines are not ours to read.
  std::string last = out_;
  while (!last.empty() && (last.back() == '\n' || last.back() == '\r')) last.pop_back();
  if (const auto newline = last.rfind('\n'); newline != std::string::npos)
    last.erase(0, newline + 1);
  auto j = nlohmann::json::parse(last, nullptr, false);
  if (!j.is_discarded() && j.is_object()) return j;
  return sdk::Error{"unavailable",
                    "the mock providers stopped without their counters: " + last_words(err_)};
}

void MockProcess::terminate() noexcept {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (::waitpid(pid_, &status, WNOHANG) == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  for (int* fd : {&out_fd_, &err_fd_})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
}

MockProcess::~MockProcess() { terminate(); }

}  // namespace buyergraph::cli
