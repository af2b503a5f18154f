#pragma once
// Status and Result: how stages report failure without exceptions crossing the plugin boundary.
#include <memory>
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
///
/// An ok Status is one null pointer: every stage call returns one, so building, moving and
/// destroying it must cost nothing (no strings); only a failure allocates its Error.
class Status {
 public:
  Status() noexcept = default;
  Status(const Status& o) : error_(o.error_ ? std::make_unique<Error>(*o.error_) : nullptr) {}
  Status(Status&&) noexcept = default;
  Status& operator=(const Status& o) {
    if (this != &o) error_ = o.error_ ? std::make_unique<Error>(*o.error_) : nullptr;
    return *this;
  }
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status ok() noexcept { return {}; }
  static Status error(std::string code, std::string message, bool retryable = false) {
    return from(Error{std::move(code), std::move(message), retryable});
  }
  static Status from(Error e) {
    Status s;
    s.error_ = std::make_unique<Error>(std::move(e));
    return s;
  }
  explicit operator bool() const noexcept { return !error_; }
  bool is_ok() const noexcept { return !error_; }
  /// The failure; an empty Error (no code, no message) when the status is ok.
  const Error& error() const noexcept { return error_ ? *error_ : no_error(); }

 private:
  static const Error& no_error() noexcept {
    static const Error none;
    return none;
  }
  std::unique_ptr<Error> error_;
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
