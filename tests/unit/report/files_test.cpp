#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "buyergraph/report/files.hpp"
#include "buyergraph/report/json_report.hpp"
#include "fixtures.hpp"

using namespace buyergraph;
using namespace buyergraph::report;
using report::testing::fixture;
namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("bg-report-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}
bool safe(const std::string& s) {
  if (s.empty() || s.size() > 80) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}
}  // namespace

TEST(Slug, IsSafeForHostileNames) {
  EXPECT_EQ(safe_slug("Acme, Inc.", "123"), "acme-inc-123");
  EXPECT_EQ(safe_slug("../../etc", "passwd"), "etc-passwd");
  EXPECT_EQ(safe_slug("..", ".."), "account");
  EXPECT_EQ(safe_slug("", ""), "account");
  EXPECT_EQ(safe_slug("Zoë & Co/..\\x", "a/b"), "zo-co-x-a-b");
  for (const std::string& name :
       {std::string("/etc/passwd"), std::string(500, 'A'), std::string("C:\\Windows\\system32"),
        std::string("a\0b", 3), std::string("name\n.."), std::string("\xff\xfe")}) {
    std::string s = safe_slug(name, "../id");
    EXPECT_TRUE(safe(s)) << s;
    EXPECT_EQ(fs::path(s).filename().string(), s);
  }
}

TEST(Files, WritesEveryFormatInsideTheFolder) {
  fs::path dir = fresh_dir("all");
  auto g = fixture("group_full");
  g.company.name = "../../Larkspur/Freight";
  auto paths = write_report_files(
      g, dir, {ReportFormat::json, ReportFormat::md, ReportFormat::html, ReportFormat::csv},
      CrmFlavor::hubspot);
  ASSERT_TRUE(paths) << paths.error().message;
  ASSERT_EQ(paths->size(), 4u);
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  std::vector<std::string> want = {
      "larkspur-freight-910000042.csv", "larkspur-freight-910000042.html",
      "larkspur-freight-910000042.json", "larkspur-freight-910000042.md"};
  EXPECT_EQ(names, want);  // no temporary file left behind either
  for (const auto& p : *paths) EXPECT_EQ(p.parent_path(), dir);
  std::ifstream in(dir / "larkspur-freight-910000042.json");
  auto j = nlohmann::json::parse(in);
  EXPECT_TRUE(validate_report(j));
  std::ifstream csv(dir / "larkspur-freight-910000042.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_NE(header.find("hs_buying_role"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Files, AtomicWriteReplacesWholeFile) {
  fs::path dir = fresh_dir("atomic");
  fs::create_directories(dir);
  ASSERT_TRUE(write_file_atomically(dir / "a.txt", std::string(10000, 'x')));
  ASSERT_TRUE(write_file_atomically(dir / "a.txt", "short"));
  std::ifstream in(dir / "a.txt");
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(s, "short");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_FALSE(write_file_atomically(dir / "missing" / "a.txt", "x"));
  fs::remove_all(dir);
}

TEST(Files, ParsesFormatNames) {
  EXPECT_EQ(parse_report_format("html"), ReportFormat::html);
  EXPECT_FALSE(parse_report_format("pdf"));
}
