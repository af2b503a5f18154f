#pragma once
// Status and Result: how stages report failure without exceptions crossing the plugin boundary.
#include <string>
#include <utility>
#include <variant>

namespace buyergraph::sdk {

/// A failure: a short machine code ("not_found", "ambiguous", "timeout", "cancelled",
/// "invalid_input", "internal", ...) and a human message. Codes are open-ended strings; the
/// engine only treats "cancelled" specially.
struct Error {
  std::string code;
  std::string message;
  bool retryable = false;
};

/// Ok, or an Error.
///
///   Status s = Status::error("not_found", "no company matches 'Contoso'");
///   if (!s) log(s.error().message);
class Status {
 public:
  Status() = default;
  static Status ok() { return {}; }
  static Status error(std::string code, std::string message, bool retryable = false) {
    Status s;
    s.ok_ = false;
    s.error_ = Error{std::move(code), std::move(message), retryable};
    return s;
  }
  static Status from(Error e) {
    Status s;
    s.ok_ = false;
    s.error_ = std::move(e);
    return s;
  }
  explicit operator bool() const noexcept { return ok_; }
  bool is_ok() const noexcept { return ok_; }
  const Error& error() const noexcept { return error_; }

 private:
  bool ok_ = true;
  Error error_;
};

/// A value or an Error.
///
///   Result<int> parse(std::string_view s);
///   auto r = parse("42");
///   if (r) use(*r); else report(r.error());
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error e) : v_(std::move(e)) {}      // NOLINT(google-explicit-constructor)
  explicit operator bool() const noexcept { return v_.index() == 0; }
  bool has_value() const noexcept { return v_.index() == 0; }
  T& operator*() & { return std::get<0>(v_); }
  T&& operator*() && { return std::get<0>(std::move(v_)); }
  const T& operator*() const& { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace buyergraph::sdk
