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
    auto nl = buf_.find('\n', scanned);
    if (nl != std::string::npos) {
      std::size_t end = nl;
      if (end > pos_ && buf_[end - 1] == '\r') --end;
      line.assign(buf_, pos_, end - pos_);
      pos_ = nl + 1;
      ++line_no_;
      return true;
    }
    std::size_t consumed = buf_.size() - pos_;
    if (!fill()) {
      if (pos_ >= buf_.size()) return false;
      line.assign(buf_, pos_, buf_.size() - pos_);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      pos_ = buf_.size();
      ++line_no_;
      return true;
    }
    scanned = consumed;  // fill() moved the unread part to the front
  }
}

}  // namespace buyergraph::store
