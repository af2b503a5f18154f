#pragma once
// A minimal streaming JSON writer: keys in the order written (the wire order), no DOM, no
// floating point. One instance is reused for every line to avoid allocations.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace buyergraph::demo {

class JsonLine {
 public:
  void clear() {
    out_.clear();
    first_.clear();
  }
  const std::string& str() const { return out_; }

  JsonLine& begin_object();
  JsonLine& end_object();
  JsonLine& begin_array();
  JsonLine& end_array();
  JsonLine& key(std::string_view k);  ///< inside an object, before a value

  JsonLine& value(std::string_view s);
  JsonLine& value(const char* s) { return value(std::string_view(s)); }
  JsonLine& value(const std::string& s) { return value(std::string_view(s)); }
  JsonLine& value(std::int64_t v);
  JsonLine& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonLine& value(bool v);
  JsonLine& null();
  JsonLine& value(const std::optional<std::string>& s) { return s ? value(*s) : null(); }
  /// A decimal written from an integer count of tenths or hundredths (e.g. 124, 1 -> 12.4).
  JsonLine& decimal(std::int64_t scaled, int places);

  // key + value shorthands
  template <class T>
  JsonLine& kv(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }
  JsonLine& kv_null(std::string_view k) {
    key(k);
    return null();
  }
  JsonLine& kv_strings(std::string_view k, const std::vector<std::string>& items);

 private:
  void separator();
  void escape(std::string_view s);
  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written yet
  bool after_key_ = false;
};

}  // namespace buyergraph::demo
