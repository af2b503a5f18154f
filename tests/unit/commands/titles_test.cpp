// `buyergraph titles` through CLI11: option checks and load failures exit cleanly.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace buyergraph::cli {
namespace {

TEST(TitlesCommand, SubcommandRejectsUnknownFormatAndBadRules) {
  {
    CLI::App app{"buyergraph"};
    add_titles_command(app);
    EXPECT_THROW(app.parse(std::vector<std::string>{"xml", "--format", "titles"}),
                 CLI::ValidationError);
  }
  {
    CLI::App app{"buyergraph"};
    add_titles_command(app);
    // A model that does not load, asked for by name: an error naming the file, exit code 1.
    CLI::App app2{"buyergraph"};
    add_titles_command(app2);
    ::testing::internal::CaptureStderr();
    try {
      app2.parse(std::vector<std::string>{"/nonexistent/model.json", "--model", "titles"});
      ADD_FAILURE() << "expected CLI::RuntimeError";
    } catch (const CLI::RuntimeError& e) {
      EXPECT_EQ(e.get_exit_code(), 1);
    }
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("/nonexistent/model.json"), std::string::npos) << err;
    // Rules that do not load: the callback prints and exits with code 1, never crashes.
    try {
      app.parse(std::vector<std::string>{"/nonexistent/rules.yaml", "--rules", "titles"});
      ADD_FAILURE() << "expected CLI::RuntimeError";
    } catch (const CLI::RuntimeError& e) {
      EXPECT_EQ(e.get_exit_code(), 1);
    }
  }
}

}  // namespace
}  // namespace buyergraph::cli
