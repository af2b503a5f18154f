#include "buyergraph/store/line_reader.hpp"

#include <zlib.h>

#include <filesystem>
#include <memory>

namespace buyergraph::store {

sdk::Result<std::unique_ptr<LineReader>> LineReader::open(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return sdk::Error{"invalid_input", path + " is a directory", false};
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return sdk::Error{"invalid_input", "cannot open " + path, false};
  gzbuffer(f, 1 << 17);
  std::unique_ptr<LineReader> r(new LineReader());
  r->gz_ = f;
  r->size_ = std::filesystem::file_size(path, ec);
  return r;
}

LineReader::~LineReader() {
  if (gz_) gzclose(static_cast<gzFile>(gz_));
}

std::uint64_t LineReader::bytes_read() const {
  auto off = gzoffset(static_cast<gzFile>(gz_));
  return off < 0 ? 0 : static_cast<std::uint64_t>(off);
}

bool LineReader::fill() {
  if (eof_) return false;
  buf_.erase(0, pos_);
  pos_ = 0;
  std::size_t old = buf_.size();
  constexpr std::size_t kChunk = 1 << 16;
  buf_.resize(old + kChunk);
  int n = gzread(static_cast<gzFile>(gz_), buf_.data() + old, kChunk);
  if (n < 0) {
    int code = 0;
    error_ = gzerror(static_cast<gzFile>(gz_), &code);
    n = 0;
  }
  buf_.resize(old + static_cast<std::size_t>(n));
  if (n == 0) eof_ = true;
  return n > 0;
}

bool LineReader::next(std::string& line) {
  std::size_t scanned = pos_;
  for (;;) {
    const std::size_t end = buf_.find_first_of("\r\n", scanned);
    if (end != std::string::npos) {
      std::size_t after = end + 1;
      if (buf_[end] == '\r') {
        if (after == buf_.size() && !eof_) {
          // A "\r\n" may straddle two reads: look at the next byte before deciding.
          scanned = end - pos_;  // fill() moves the unread part to the front
          fill();
          continue;
        }
        if (after < buf_.size() && buf_[after] == '\n') ++after;  // "\r\n"; else a lone "\r"
      }
      line.assign(buf_, pos_, end - pos_);
      pos_ = after;
      ++line_no_;
      return true;
    }
    if (buf_.size() - pos_ > kMaxLineBytes) {
      // No line break in sight: a binary file, /dev/zero or one huge line. Stop before memory
      // does.
      error_ = "line " + std::to_string(line_no_ + 1) + " is longer than " +
               std::to_string(kMaxLineBytes >> 20) +
               " MiB without a line break; is this a text file?";
      eof_ = true;
      buf_.clear();
      pos_ = 0;
      return false;
    }
    const std::size_t consumed = buf_.size() - pos_;
    if (!fill()) {
      if (pos_ >= buf_.size()) return false;
      line.assign(buf_, pos_, buf_.size() - pos_);
      pos_ = buf_.size();
      ++line_no_;
      return true;
    }
    scanned = consumed;  // fill() moved the unread part to the front
  }
}

}  // namespace buyergraph::store
