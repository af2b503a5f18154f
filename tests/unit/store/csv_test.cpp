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

TEST(Csv, AStrayQuoteThatClosesLinesLaterLosesNoRows) {
  TempDir dir;
  // The quote opened on line 2 closes at the start of line 5: read as one record, lines 3-4
  // would vanish. The record is an error at line 2 and lines 3-5 are read on their own.
  write(dir.file("s.csv"),
        "name,domain\n\"Acme,acme.example\nBeta,beta.example\n"
        "Gamma,gamma.example\n\"Delta\",delta.example\n");
  auto rows = read_all(dir.file("s.csv"));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_FALSE(rows[1].error.empty());
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"Beta", "beta.example"}));
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"Gamma", "gamma.example"}));
  EXPECT_EQ(rows[4].fields, (std::vector<std::string>{"Delta", "delta.example"}));
  EXPECT_EQ(rows[4].line, 5u);

  // Closing into a record of the wrong width is the same mistake, said in numbers.
  write(dir.file("w.csv"), "a,b\n\"x,1\ny,2\nz\"\nlast,4\n");
  rows = read_all(dir.file("w.csv"));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_NE(rows[1].error.find("runs to line 4"), std::string::npos) << rows[1].error;
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"y", "2"}));
  EXPECT_EQ(rows[4].fields, (std::vector<std::string>{"last", "4"}));
}

TEST(Csv, OldMacLineEndsAreLineEnds) {
  TempDir dir;
  write(dir.file("cr.csv"), "name,domain\rAcme,acme.example\r\"Beta\rBros\",beta.example\r");
  auto rows = read_all(dir.file("cr.csv"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"Acme", "acme.example"}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"Beta\nBros", "beta.example"}));
  EXPECT_EQ(rows[2].line, 3u);
}

TEST(LineReader, CrLfSplitAcrossReadsIsOneLineEnd) {
  TempDir dir;
  // The reader fills 64 KiB at a time: put the "\r" last in the first read.
  std::string first(65535, 'x');
  write(dir.file("l.txt"), first + "\r\nsecond\rthird\n");
  auto r = LineReader::open(dir.file("l.txt"));
  ASSERT_TRUE(r);
  std::string line;
  ASSERT_TRUE((*r)->next(line));
  EXPECT_EQ(line.size(), 65535u);
  ASSERT_TRUE((*r)->next(line));
  EXPECT_EQ(line, "second");
  ASSERT_TRUE((*r)->next(line));
  EXPECT_EQ(line, "third");
  EXPECT_FALSE((*r)->next(line));
  EXPECT_EQ((*r)->line_number(), 3u);
}

TEST(LineReader, ALineWithoutEndStopsWithAnErrorNotAllMemory) {
  TempDir dir;
  {
    std::ofstream out(dir.file("big.bin"), std::ios::binary);
    std::string chunk(1 << 20, '\0');
    for (std::size_t i = 0; i <= LineReader::kMaxLineBytes >> 20; ++i) out << chunk;
  }
  auto r = LineReader::open(dir.file("big.bin"));
  ASSERT_TRUE(r);
  std::string line;
  EXPECT_FALSE((*r)->next(line));
  EXPECT_NE((*r)->error().find("without a line break"), std::string::npos) << (*r)->error();
  // The CSV reader hands the error on once, as a record, then stops.
  auto csv = CsvReader::open(dir.file("big.bin"));
  ASSERT_TRUE(csv);
  CsvRecord rec;
  ASSERT_TRUE((*csv)->next(rec));
  EXPECT_NE(rec.error.find("without a line break"), std::string::npos);
  EXPECT_FALSE((*csv)->next(rec));
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
