#pragma once
// Streaming line input from a plain or gzip-compressed file (zlib reads both), with the
// compressed byte position for progress bars. Never loads the whole file.
#include <cstdint>
#include <memory>
#include <string>

#include "buyergraph/sdk/status.hpp"

namespace buyergraph::store {

/// Reads a file line by line; "\r\n", "\n" and a lone "\r" (old Mac files) each end a line.
/// A line longer than kMaxLineBytes stops reading with error() set, so a file without line
/// breaks (binary data, /dev/zero) fails fast instead of filling memory.
///
///   auto r = LineReader::open("people.jsonl.gz");
///   std::string line;
///   while ((*r)->next(line)) handle(line, (*r)->line_number());
class LineReader {
 public:
  static sdk::Result<std::unique_ptr<LineReader>> open(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  static constexpr std::size_t kMaxLineBytes = std::size_t{16} << 20;

  /// The next line without its terminator; false at end of file or on a read error (see
  /// error()).
  bool next(std::string& line);
  /// 1-based number of the line last returned.
  std::uint64_t line_number() const { return line_no_; }
  /// Bytes of the file consumed so far (compressed bytes for .gz) and the file size.
  std::uint64_t bytes_read() const;
  std::uint64_t file_size() const { return size_; }
  const std::string& error() const { return error_; }

 private:
  LineReader() = default;
  bool fill();
  void* gz_ = nullptr;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
  std::uint64_t line_no_ = 0;
  std::uint64_t size_ = 0;
  std::string error_;
};

}  // namespace buyergraph::store
