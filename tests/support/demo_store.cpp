#include "demo_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "build_paths.hpp"
#include "buyergraph/demo/demo.hpp"
#include "buyergraph/store/import.hpp"
#include "buyergraph/store/store.hpp"

namespace buyergraph::test {

namespace fs = std::filesystem;

const std::string& demo_store() {
  static const std::string store = [] {
    const std::string dir = std::string(bin_dir()) + "/../e2e-demo";
    fs::create_directories(dir);
    int lock = ::open((dir + "/.lock").c_str(), O_CREAT | O_RDWR, 0644);
    ::flock(lock, LOCK_EX);
    if (!fs::exists(dir + "/.ready")) {
      fs::remove(dir + "/store.db");
      demo::DemoOptions opts;
      opts.include_largest = false;
      auto summary = demo::write_demo_dataset(opts, dir);
      if (!summary) throw std::runtime_error(summary.error().message);
      auto s = store::Store::open(dir + "/store.db");
      if (!s) throw std::runtime_error(s.error().message);
      for (const char* f : {"companies.jsonl", "employees.jsonl"}) {
        auto r = store::import_file(**s, dir + "/" + f);
        if (!r) throw std::runtime_error(r.error().message);
      }
      std::ofstream(dir + "/.ready") << "ok\n";
    }
    ::flock(lock, LOCK_UN);
    ::close(lock);
    return dir + "/store.db";
  }();
  return store;
}

}  // namespace buyergraph::test
