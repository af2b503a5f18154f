#include "json_line.hpp"

#include <cstdio>

namespace buyergraph::demo {

void JsonLine::separator() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

JsonLine& JsonLine::begin_object() {
  separator();
  out_ += '{';
  first_.push_back(true);
  return *this;
}
JsonLine& JsonLine::end_object() {
  out_ += '}';
  first_.pop_back();
  return *this;
}
JsonLine& JsonLine::begin_array() {
  separator();
  out_ += '[';
  first_.push_back(true);
  return *this;
}
JsonLine& JsonLine::end_array() {
  out_ += ']';
  first_.pop_back();
  return *this;
}

JsonLine& JsonLine::key(std::string_view k) {
  separator();
  escape(k);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonLine& JsonLine::value(std::string_view s) {
  separator();
  escape(s);
  return *this;
}
JsonLine& JsonLine::value(std::int64_t v) {
  separator();
  out_ += std::to_string(v);
  return *this;
}
JsonLine& JsonLine::value(bool v) {
  separator();
  out_ += v ? "true" : "false";
  return *this;
}
JsonLine& JsonLine::null() {
  separator();
  out_ += "null";
  return *this;
}

JsonLine& JsonLine::decimal(std::int64_t scaled, int places) {
  separator();
  std::int64_t div = 1;
  for (int i = 0; i < places; ++i) div *= 10;
  if (scaled < 0) {
    out_ += '-';
    scaled = -scaled;
  }
  out_ += std::to_string(scaled / div);
  if (places > 0) {
    std::string frac = std::to_string(scaled % div);
    out_ += '.';
    out_.append(static_cast<std::size_t>(places) - frac.size(), '0');
    out_ += frac;
  }
  return *this;
}

JsonLine& JsonLine::kv_strings(std::string_view k, const std::vector<std::string>& items) {
  key(k);
  begin_array();
  for (const auto& s : items) value(s);
  return end_array();
}

void JsonLine::escape(std::string_view s) {
  out_ += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\r':
        out_ += "\\r";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out_ += buf;
        } else {
          out_ += static_cast<char>(c);
        }
    }
  }
  out_ += '"';
}

}  // namespace buyergraph::demo
