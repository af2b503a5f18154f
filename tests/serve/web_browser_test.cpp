// The web app in headless Chromium: tests/browser/web_test.mjs (puppeteer-core driving the Debian
// chromium) against a real `buyergraph serve` over a private copy of the demo store. Screenshots
// land in <build>/test-artifacts/web/.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "build_paths.hpp"
#include "serve_support.hpp"

using namespace buyergraph::test;
namespace fs = std::filesystem;

TEST(WebApp, SearchPickNamesakeGroupMapEvidenceCsvAndDiffInChromium) {
  const std::string browser_dir = std::string(source_dir()) + "/tests/browser";
  ASSERT_TRUE(fs::exists(browser_dir + "/node_modules/puppeteer-core"))
      << "puppeteer-core is not installed: run scripts/setup.sh (it runs npm ci in tests/browser)";
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "chromium is not installed: run scripts/setup.sh";
  const std::string dir = temp_dir("web");
  const std::string store = private_store(dir);
  // The shipped profiles plus one whose product name is markup: the page must show it as text.
  const std::string sellers = dir + "/sellers";
  fs::create_directories(sellers);
  for (const auto& e : fs::directory_iterator(std::string(source_dir()) + "/sellers"))
    if (e.path().extension() == ".yaml") fs::copy_file(e.path(), sellers / e.path().filename());
  {
    std::ifstream in(std::string(source_dir()) + "/sellers/security.yaml");
    std::ofstream out(sellers + "/markup.yaml");
    std::string line;
    while (std::getline(in, line))
      out << (line.rfind("product:", 0) == 0
                  ? "product: '<img src=x onerror=\"window.__injected=1\">Evil & Co'"
                  : line)
          << "\n";
  }
  ServeProcess server(store, {"--threads", "2", "--seller-dir", sellers}, dir);
  ASSERT_GT(server.port(), 0) << server.log();

  const std::string artifacts = std::string(bin_dir()) + "/../test-artifacts/web";
  const std::string log = dir + "/browser.log";
  const std::string cmd = "cd '" + browser_dir + "' && node web_test.mjs '" + server.url() +
                          "/' '" + artifacts + "' > '" + log + "' 2>&1";
  const int status = std::system(cmd.c_str());
  std::ifstream in(log);
  std::stringstream out;
  out << in.rdbuf();
  std::cout << out.str();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out.str() << "\nserver:\n"
                                                             << server.log();
  EXPECT_EQ(out.str().find("FAIL"), std::string::npos);
  for (const char* shot : {"group.png", "map.png", "evidence.png", "namesakes.png", "diff.png"})
    EXPECT_TRUE(fs::exists(artifacts + "/" + shot)) << shot;
}
