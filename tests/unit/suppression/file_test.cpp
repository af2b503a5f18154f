// Suppression files: plain values, CSV rows, comments, errors with line numbers, and speed.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "buyergraph/suppression/suppression.hpp"

using namespace buyergraph::suppression;

namespace {

class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    static int n = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("bg-suppress-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".txt"))
                .string();
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

TEST(SuppressionFile, PlainValuesCsvRowsAndComments) {
  TempFile f(
      "\xEF\xBB\xBF# opt-outs, exported 2026-11-20\r\n"
      "kind,value,reason\n"
      "Ada@Contoso.example\n"
      "\n"
      "   # an indented comment\n"
      "domain,https://www.fabrikam.example/,\"legal hold, do not contact\"\n"
      "https://uk.linkedin.com/in/Bo-Li/\n"
      "email,cy@northwind.example\n"
      "northwind.example\r\n");
  auto entries = parse_file(f.path());
  ASSERT_TRUE(entries) << entries.error().message;
  ASSERT_EQ(entries->size(), 5u);
  EXPECT_EQ((*entries)[0].kind, Kind::email);
  EXPECT_EQ((*entries)[0].value, "ada@contoso.example");
  EXPECT_EQ((*entries)[0].line, 3);
  EXPECT_EQ((*entries)[1].kind, Kind::domain);
  EXPECT_EQ((*entries)[1].value, "fabrikam.example");
  EXPECT_EQ((*entries)[1].reason, "legal hold, do not contact");
  EXPECT_EQ((*entries)[2].value, "linkedin.com/in/bo-li");
  EXPECT_EQ((*entries)[3].value, "cy@northwind.example");
  EXPECT_EQ((*entries)[3].reason, "");
  EXPECT_EQ((*entries)[4].kind, Kind::domain);

  auto list = SuppressionList::load_file(f.path());
  ASSERT_TRUE(list);
  EXPECT_EQ(list->emails().size(), 2u);
  EXPECT_EQ(list->domains().size(), 2u);
  EXPECT_EQ(list->profile_urls().size(), 1u);
}

TEST(SuppressionFile, EveryBadLineIsReportedWithItsNumber) {
  TempFile f(
      "ada@contoso.example\n"
      "phone,+44 20 7946 0000\n"
      "ok.example\n"
      "email,not-an-email\n"
      "https://www.linkedin.com/in/\n");
  auto entries = parse_file(f.path());
  ASSERT_FALSE(entries);
  const std::string& m = entries.error().message;
  EXPECT_NE(m.find(f.path() + ":2: unknown kind 'phone'"), std::string::npos) << m;
  EXPECT_NE(m.find(f.path() + ":4: not an email address"), std::string::npos) << m;
  EXPECT_NE(m.find(f.path() + ":5: LinkedIn profile URL without a name"), std::string::npos) << m;
  EXPECT_EQ(m.find(":1:"), std::string::npos) << m;
  EXPECT_EQ(m.find(":3:"), std::string::npos) << m;
  EXPECT_FALSE(SuppressionList::load_file(f.path()));
}

TEST(SuppressionFile, MissingFileIsAnError) {
  auto r = SuppressionList::load_file("/nonexistent/suppressions.csv");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/nonexistent/suppressions.csv"), std::string::npos);
}

TEST(SuppressionFile, HundredThousandEntriesLoadQuickly) {
  std::string text;
  text.reserve(100000 * 40);
  for (int i = 0; i < 100000; ++i) {
    switch (i % 3) {
      case 0:
        text += "person" + std::to_string(i) + "@company" + std::to_string(i % 997) + ".example\n";
        break;
      case 1:
        text += "domain,sub" + std::to_string(i) + ".example,bulk\n";
        break;
      default:
        text += "https://www.linkedin.com/in/person-" + std::to_string(i) + "/\n";
    }
  }
  TempFile f(text);
  auto t0 = std::chrono::steady_clock::now();
  auto list = SuppressionList::load_file(f.path());
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->size(), 100000u);
  std::printf("[ measure ] 100k-entry suppression file loaded in %.1f ms\n", ms.count());

  buyergraph::sdk::Person p;
  p.contacts.push_back({.kind = "email", .value = "person99999@company299.example"});
  p.profile_url = "https://linkedin.com/in/person-99998";
  t0 = std::chrono::steady_clock::now();
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += list->why(p) ? 1 : 0;
  auto us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0);
  EXPECT_EQ(hits, 10000);
  std::printf("[ measure ] why(person) on a 100k list: %.2f us per call\n", us.count() / 10000);
}
