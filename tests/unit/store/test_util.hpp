#pragma once
// A temporary directory removed at the end of a test.
#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <string>

namespace buyergraph::store::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("bg-store-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string fixture(const std::string& name) {
  return std::string(BUYERGRAPH_SOURCE_DIR) + "/tests/fixtures/import/" + name;
}

}  // namespace buyergraph::store::testing
