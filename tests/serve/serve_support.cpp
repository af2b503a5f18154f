#include "serve_support.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "build_paths.hpp"
#include "buyergraph/demo/demo.hpp"
#include "buyergraph/store/import.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::test {
namespace fs = std::filesystem;

namespace {

const std::string kBin = std::string(bin_dir()) + "/buyergraph";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

pid_t spawn(const std::vector<std::string>& args, const std::string& store, const std::string& out,
            const std::string& err) {
  pid_t pid = fork();
  if (pid == 0) {
    ::setenv("BUYERGRAPH_STORE", store.c_str(), 1);
    // LeakSanitizer's tracer can crash at exit of a many-threaded process on a loaded machine
    // (see bench_test.cpp); ASan and UBSan stay on.
    ::setenv("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=0", 1);
    int o = ::open(out.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    int e = ::open(err.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    std::vector<char*> argv{const_cast<char*>(kBin.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(kBin.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

std::string temp_dir(const std::string& name) {
  // Removed when the test program ends (store copies are large); destroyed after any server
  // started later, so no server still writes in them.
  static struct Made {
    std::vector<std::string> dirs;
    ~Made() {
      std::error_code ec;
      for (const auto& d : dirs) fs::remove_all(d, ec);
    }
  } made;
  static int serial = 0;
  auto d = ::testing::TempDir() + fmt::format("/bg-serve-{}-{}-{}", getpid(), name, ++serial);
  fs::remove_all(d);
  fs::create_directories(d);
  made.dirs.push_back(d);
  return d;
}

std::string private_store(const std::string& dir) {
  const std::string& shared = demo_store();
  // The write-ahead log goes along: committed runs of other tests may still be in it.
  const std::string copy = dir + "/store.db";
  fs::copy_file(shared, copy, fs::copy_options::overwrite_existing);
  for (const char* ext : {"-wal", "-shm"})
    if (fs::exists(shared + ext))
      fs::copy_file(shared + ext, copy + ext, fs::copy_options::overwrite_existing);
  return copy;
}

CliResult run_cli(const std::vector<std::string>& args, const std::string& store) {
  const std::string dir = temp_dir("cli");
  pid_t pid = spawn(args, store, dir + "/out", dir + "/err");
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir + "/out"), slurp(dir + "/err")};
}

ServeProcess::ServeProcess(const std::string& store, const std::vector<std::string>& args,
                           const std::string& dir) {
  std::vector<std::string> all = {"serve", "--listen", "127.0.0.1:0", "--store", store};
  all.insert(all.end(), args.begin(), args.end());
  err_path_ = dir + "/serve.err";
  pid_ = spawn(all, store, dir + "/serve.out", err_path_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = slurp(err_path_), key = "listening on http://127.0.0.1:";
    if (auto at = text.find(key); at != std::string::npos) {
      port_ = std::atoi(text.c_str() + at + key.size());
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

ServeProcess::~ServeProcess() { stop(); }

int ServeProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ServeProcess::log() const { return slurp(err_path_); }

std::string ServeProcess::url() const { return fmt::format("http://127.0.0.1:{}", port_); }

httplib::Client ServeProcess::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(60, 0);
  return c;
}

}  // namespace buyergraph::test
