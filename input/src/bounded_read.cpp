#include "buyergraph/input/bounded_read.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace buyergraph::input {

std::string size_in_words(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  return lines;
}

ReadResult read_bounded(const std::string& path, std::size_t max_bytes) {
  ReadResult r;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    r.error = ReadError::not_found;
    r.message = "no such file";
    return r;
  }
  if (std::filesystem::is_directory(status)) {
    r.error = ReadError::not_a_file;
    r.message = "is a directory, not a file";
    return r;
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    r.error = ReadError::unreadable;
    r.message = std::string("cannot be read (") + std::strerror(errno) + ")";
    return r;
  }
  // Read one byte past the cap: that byte existing is the proof the file is too large.
  char chunk[1 << 16];
  for (;;) {
    const std::size_t want = std::min(sizeof chunk, max_bytes + 1 - r.text.size());
    const std::size_t got = std::fread(chunk, 1, want, f.get());
    r.text.append(chunk, got);
    if (r.text.size() > max_bytes) {
      r.text.clear();
      r.error = ReadError::too_large;
      r.message =
          "is larger than " + size_in_words(max_bytes) + ", the limit for this kind of file";
      return r;
    }
    if (got < want) break;
  }
  if (std::ferror(f.get())) {
    r.text.clear();
    r.error = ReadError::unreadable;
    r.message = "cannot be read (read error)";
  }
  return r;
}

}  // namespace buyergraph::input
