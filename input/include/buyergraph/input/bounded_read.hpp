#pragma once
// Whole-file reads with a size cap that holds for pipes, devices and growing files: the cap is
// enforced on the bytes actually read, never on what stat says, so /dev/zero or a FIFO fails
// fast with a clear message instead of exhausting memory.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace buyergraph::input {

/// Caps for the files users hand the tool (docs/security.md).
inline constexpr std::size_t kMaxPipelineBytes = 1 << 20;  ///< pipeline YAML
inline constexpr std::size_t kMaxProfileBytes = 1 << 20;   ///< seller profile YAML
inline constexpr std::size_t kMaxListBytes = 64 << 20;     ///< account lists (run --accounts)

/// What went wrong, for callers that map it to their own error codes.
enum class ReadError { none, not_found, not_a_file, unreadable, too_large };

struct ReadResult {
  std::string text;
  ReadError error = ReadError::none;
  std::string message;  ///< plain words, without the path: "no such file", ...
  bool ok() const { return error == ReadError::none; }
};

/// Reads at most `max_bytes` of `path`; more is an error, not a truncation.
///
///   auto r = read_bounded("pipeline.yaml", kMaxPipelineBytes);
///   if (!r.ok()) fail(path + ": " + r.message);
ReadResult read_bounded(const std::string& path, std::size_t max_bytes);

/// Lines of `text` without their terminators; "\r\n", "\n" and a lone "\r" (old Mac files)
/// each end a line. A final line without a terminator counts.
///
///   split_lines("a\r\nb\rc")  // {"a", "b", "c"}
std::vector<std::string> split_lines(std::string_view text);

/// "1 MiB", "64 MiB", "512 KiB", "100 bytes": a limit in words.
std::string size_in_words(std::size_t bytes);

}  // namespace buyergraph::input
