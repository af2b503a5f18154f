// `buyergraph contacts` through CLI11 with stdin and stdout redirected.

#include <gtest/gtest.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "commands.hpp"

namespace buyergraph::cli {
namespace {

struct Run {
  int exit_code = 0;
  std::vector<nlohmann::json> lines;
  std::string err;
};

Run run_cli(std::vector<std::string> args, const std::string& input) {
  CLI::App app{"buyergraph"};
  add_contacts_command(app);
  std::istringstream in(input);
  std::ostringstream out, err;
  auto* old_in = std::cin.rdbuf(in.rdbuf());
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  Run r;
  args.insert(args.begin(), "contacts");
  std::reverse(args.begin(), args.end());  // CLI11's vector overload takes the arguments reversed
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    r.exit_code = e.get_exit_code();
  }
  std::cin.rdbuf(old_in);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) r.lines.push_back(nlohmann::json::parse(line));
  r.err = err.str();
  return r;
}

TEST(ContactsCli, OneJsonLinePerInputLine) {
  auto r = run_cli({"--company-domain", "acme.co.uk", "--region", "GB"},
                   "jane.doe@sub.acme.co.uk\n\n+44 20 7031 3000\r\n07400 123456\ntest@example.com\n"
                   "hello\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.lines.size(), 5u);
  EXPECT_EQ(r.lines[0]["kind"], "email");
  EXPECT_EQ(r.lines[0]["status"], "risky");
  EXPECT_EQ(r.lines[0]["reasons"][0], "domain_match");
  EXPECT_EQ(r.lines[1]["kind"], "phone");
  EXPECT_EQ(r.lines[1]["normalized"], "+442070313000");
  EXPECT_EQ(r.lines[1]["phone_type"], "fixed_line");
  EXPECT_EQ(r.lines[1]["region"], "GB");
  EXPECT_EQ(r.lines[2]["normalized"], "+447400123456");
  EXPECT_EQ(r.lines[2]["phone_type"], "mobile");
  EXPECT_EQ(r.lines[3]["status"], "invalid");
  EXPECT_EQ(r.lines[4]["kind"], "unknown");
  EXPECT_EQ(r.lines[4]["status"], "invalid");
  EXPECT_TRUE(r.lines[0].contains("verified_at"));
}

TEST(ContactsCli, BadOptionsExitWithCodeOne) {
  auto bad_region = run_cli({"--region", "Germany"}, "+49 30 1234567\n");
  EXPECT_EQ(bad_region.exit_code, 1);
  EXPECT_NE(bad_region.err.find("--region"), std::string::npos);
  EXPECT_TRUE(bad_region.lines.empty());
  auto bad_domain = run_cli({"--company-domain", "not a domain"}, "a@b.com\n");
  EXPECT_EQ(bad_domain.exit_code, 1);
}

}  // namespace
}  // namespace buyergraph::cli
