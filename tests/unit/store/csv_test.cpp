#include "buyergraph/store/csv.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "test_util.hpp"

namespace buyergraph::store {
namespace {

using testing::TempDir;

std::vector<CsvRecord> read_all(const std::string& path) {
  auto csv = CsvReader::open(path);
  EXPECT_TRUE(csv);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while ((*csv)->next(r)) out.push_back(r);
  return out;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(Csv, ParsesQuotesNewlinesBomAndCrlf) {
  TempDir dir;
  write(
      dir.file("a.csv"),
      "\xEF\xBB\xBFname,note\r\n\"Doe, Jane\",\"said \"\"hi\"\"\r\nthen left\"\r\n\r\nplain,\r\n");
  auto rows = read_all(dir.file("a.csv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"name", "note"}));
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"Doe, Jane", "said \"hi\"\nthen left"}));
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"plain", ""}));
  EXPECT_EQ(rows[2].line, 5u);  // the blank line 4 is skipped, numbering is not
}

TEST(Csv, BrokenQuotingIsReportedAndReadingResumes) {
  TempDir dir;
  write(dir.file("b.csv"), "a,b\nx\"y,1\n\"ok\"z,2\n\"never closed,3\ngood,4\nfine,5\n");
  auto rows = read_all(dir.file("b.csv"));
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_NE(rows[1].error.find("quote inside"), std::string::npos);
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_NE(rows[2].error.find("after a closing quote"), std::string::npos);
  EXPECT_EQ(rows[3].line, 4u);
  EXPECT_NE(rows[3].error.find("unterminated"), std::string::npos);
  // The lines after the unterminated quote are read again, as their own records.
  EXPECT_EQ(rows[4].fields, (std::vector<std::string>{"good", "4"}));
  EXPECT_EQ(rows[4].line, 5u);
  EXPECT_EQ(rows[5].fields, (std::vector<std::string>{"fine", "5"}));
}

TEST(Csv, GuessesTheDelimiter) {
  TempDir dir;
  write(dir.file("c.csv"), "Vorname;Nachname;Firma\nJörg;Müller;\"A, B GmbH\"\n");
  auto csv = CsvReader::open(dir.file("c.csv"));
  ASSERT_TRUE(csv);
  CsvRecord r;
  ASSERT_TRUE((*csv)->next(r));
  EXPECT_EQ((*csv)->delimiter(), ';');
  ASSERT_TRUE((*csv)->next(r));
  EXPECT_EQ(r.fields, (std::vector<std::string>{"Jörg", "Müller", "A, B GmbH"}));
}

}  // namespace
}  // namespace buyergraph::store
