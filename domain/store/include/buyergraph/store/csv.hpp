#pragma once
// A streaming RFC 4180 CSV reader: quoted fields with embedded delimiters, doubled quotes and
// newlines; CRLF; a UTF-8 BOM; the delimiter (comma, semicolon or tab) guessed from the header.
// A record with broken quoting is returned with an error and its line number, and reading
// resumes on the next line, so one bad line never hides the rest of the file: a quote that never
// closes, or one that closes lines later into a record of the wrong width, reports the line it
// opened on and re-reads the lines after it. A read error (a line without a break longer than
// LineReader::kMaxLineBytes, a broken .gz) is returned once as a record with an error, then
// reading stops.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "buyergraph/store/line_reader.hpp"

namespace buyergraph::store {

/// One logical CSV record.
struct CsvRecord {
  std::vector<std::string> fields;
  std::uint64_t line = 0;  ///< physical line where the record starts (1-based)
  std::string error;       ///< non-empty when the record could not be parsed
};

///   auto csv = CsvReader::open("people.csv");
///   CsvRecord header, row;
///   (*csv)->next(header);
///   while ((*csv)->next(row)) if (!row.error.empty()) report(row.line, row.error);
class CsvReader {
 public:
  static sdk::Result<std::unique_ptr<CsvReader>> open(const std::string& path);

  /// The next record (blank lines are skipped); false at end of file or after a read error.
  bool next(CsvRecord& record);
  char delimiter() const { return delim_; }
  const LineReader& lines() const { return *lines_; }

  /// Longest span of a quoted field, in physical lines, before it is called unterminated.
  static constexpr std::size_t kMaxRecordLines = 200;

 private:
  explicit CsvReader(std::unique_ptr<LineReader> lines) : lines_(std::move(lines)) {}
  bool next_line(std::string& line, std::uint64_t& number);

  std::unique_ptr<LineReader> lines_;
  std::deque<std::pair<std::uint64_t, std::string>> pending_;  // lines to re-read after an error
  char delim_ = 0;
  bool first_ = true;
  bool failed_ = false;
  std::size_t header_fields_ = 0;  // width of the first record, the header
};

/// Parses one complete record's text. Returns false with `error` set on broken quoting;
/// sets `incomplete` (and returns false) when the text ends inside a quoted field.
bool parse_csv_record(const std::string& text, char delim, std::vector<std::string>& fields,
                      std::string& error, bool& incomplete);

}  // namespace buyergraph::store
