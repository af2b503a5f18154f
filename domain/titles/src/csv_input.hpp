#pragma once
// Minimal RFC 4180 reading from a stream, for `buyergraph titles` CSV input and the training tool
// (internal to buyergraph_titles).
#include <iosfwd>
#include <string>
#include <vector>

namespace buyergraph::titles::detail {

/// Reads one record: quoted fields may hold the delimiter, doubled quotes and newlines; a
/// trailing CR is dropped. An unterminated quote runs to the end of input. False at end of input.
bool read_csv_record(std::istream& in, char delim, std::vector<std::string>& fields);

/// ',' ';' or '\t', whichever the header line uses most (',' on a tie).
char guess_csv_delimiter(const std::string& header_line);

}  // namespace buyergraph::titles::detail
