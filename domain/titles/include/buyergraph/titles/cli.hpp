#pragma once
// The `buyergraph titles` subcommand: one title per stdin line -> one label per stdout line.
#include <iosfwd>
#include <string>

#include "buyergraph/titles/classifier.hpp"

namespace CLI {
class App;
}

namespace buyergraph::titles {

/// Adds `titles [--format json|csv] [--rules FILE]` to the main CLI.
///
///   CLI::App app{"buyergraph"};
///   add_titles_command(app);
void add_titles_command(CLI::App& app);

enum class OutputFormat { json, csv };

/// Classifies every line of `in` (a trailing '\r' is dropped; empty lines give an empty-title
/// record so output lines stay aligned with input lines) and writes JSON lines or CSV with a
/// header. Returns the number of titles written.
///
///   std::istringstream in("CFO\nHead of IT\n");
///   write_title_labels(classifier, in, std::cout, OutputFormat::csv);
std::size_t write_title_labels(const TitleClassifier& classifier, std::istream& in,
                               std::ostream& out, OutputFormat format);

/// RFC 4180 quoting: the field as-is, or in double quotes with quotes doubled when it holds a
/// comma, quote, CR or LF.
std::string csv_field(std::string_view field);

}  // namespace buyergraph::titles
