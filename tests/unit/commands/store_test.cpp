// `buyergraph import` through CLI11: line errors on stderr, a summary on stdout, exit code 1.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "../store/test_util.hpp"
#include "buyergraph/store/store.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

using store::Store;
using store::testing::fixture;
using store::testing::TempDir;

TEST(ImportCommand, ExitsOneOnBadLinesButStoresGoodOnes) {
  TempDir dir;
  std::string db = dir.file("cli.db");
  CLI::App app{"buyergraph"};
  add_import_command(app);
  std::vector<std::string> argv = {"buyergraph", "import", fixture("companies.csv"), "--store", db};
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int code = 0;
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::Error& e) {
    code = e.get_exit_code();
  }
  std::string out = ::testing::internal::GetCapturedStdout();
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("read 5, imported 4"), std::string::npos) << out;
  EXPECT_NE(err.find("companies.csv:5: Name: missing"), std::string::npos) << err;
  auto s = Store::open(db);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->stats().companies, 4);
}

}  // namespace
}  // namespace buyergraph::cli
