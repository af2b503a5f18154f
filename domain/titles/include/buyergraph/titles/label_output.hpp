#pragma once
// Title labels as output: one title (optionally with a department) per input record -> one label
// per output line, as JSON lines or CSV (`buyergraph titles`).
#include <iosfwd>
#include <stdexcept>
#include <string>

#include "buyergraph/titles/classifier.hpp"

namespace buyergraph::titles {

enum class OutputFormat { json, csv };

/// How the input is read. With both columns empty, every line is a title, optionally followed by
/// a TAB and the department ("Manager\tFinance"). With a column name set, the input is a CSV file
/// with a header row (comma, semicolon or tab, guessed from the header; RFC 4180 quoting).
struct TitleInput {
  std::string title_column;       ///< CSV column holding the title ("title" when only the
                                  ///< department column is given)
  std::string department_column;  ///< CSV column holding the department, or empty
  bool csv() const { return !title_column.empty() || !department_column.empty(); }
};

/// Bad input that stops the command (e.g. a CSV header without the named column).
struct TitleInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Classifies every record of `in` and writes JSON lines or CSV with a header. Plain-line input:
/// a trailing '\r' is dropped and empty lines give an empty-title record, so output lines stay
/// aligned with input lines. Returns the number of titles written; throws TitleInputError when a
/// CSV header lacks a named column.
///
///   std::istringstream in("CFO\nManager\tFinance\n");
///   write_title_labels(classifier, in, std::cout, OutputFormat::csv);
std::size_t write_title_labels(const TitleClassifier& classifier, std::istream& in,
                               std::ostream& out, OutputFormat format,
                               const TitleInput& input = {});

/// RFC 4180 quoting: the field as-is, or in double quotes with quotes doubled when it holds a
/// comma, quote, CR or LF.
std::string csv_field(std::string_view field);

}  // namespace buyergraph::titles
