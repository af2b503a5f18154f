#pragma once
// Record: the base of everything that flows through a pipeline, and Item, the handle stages pass.
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <boost/config.hpp>
#include <nlohmann/json.hpp>

namespace buyergraph::sdk {

/// A typed record. Each concrete record names its type with a stable string (the pipeline
/// linter checks that neighbouring stages agree on it) and serialises to JSON.
class BOOST_SYMBOL_VISIBLE Record {
 public:
  virtual ~Record();
  /// Stable type name, e.g. "company", "person", "test.number".
  virtual std::string_view type() const noexcept = 0;
  virtual nlohmann::json to_json() const = 0;
  virtual std::shared_ptr<Record> clone() const = 0;
};

/// CRTP helper: a struct T with `static constexpr std::string_view kType` and ADL
/// `to_json(json&, const T&)` becomes a Record by deriving from RecordOf<T>.
///
///   struct Score : RecordOf<Score> {
///     static constexpr std::string_view kType = "example.score";
///     int value = 0;
///   };
///   inline void to_json(nlohmann::json& j, const Score& s) { j = {{"value", s.value}}; }
template <class T>
class RecordOf : public Record {
 public:
  std::string_view type() const noexcept override { return T::kType; }
  nlohmann::json to_json() const override {
    nlohmann::json j;
    to_json_impl(j);
    return j;
  }
  std::shared_ptr<Record> clone() const override {
    return std::make_shared<T>(static_cast<const T&>(*this));
  }

 private:
  void to_json_impl(nlohmann::json& j) const {
    using nlohmann::to_json;
    to_json(j, static_cast<const T&>(*this));
  }
};

/// A record whose content is free-form JSON; handy for prototypes and tests.
///
///   auto r = std::make_shared<JsonRecord>("test.number", nlohmann::json{{"n", 1}});
class BOOST_SYMBOL_VISIBLE JsonRecord final : public Record {
 public:
  JsonRecord(std::string type, nlohmann::json data)
      : type_(std::move(type)), data(std::move(data)) {}
  std::string_view type() const noexcept override { return type_; }
  nlohmann::json to_json() const override { return data; }
  std::shared_ptr<Record> clone() const override { return std::make_shared<JsonRecord>(*this); }

 private:
  std::string type_;

 public:
  nlohmann::json data;
};

/// A shared, immutable handle on a record. Copying an Item is cheap (one shared_ptr).
/// A stage that wants to change a record calls `mutate<T>()`, which copies on write when the
/// record is shared with another item.
///
///   const Person* p = item.as<Person>();      // nullptr when the item holds something else
///   Item out = Item::make<Score>(Score{...});
class Item {
 public:
  Item() = default;
  explicit Item(std::shared_ptr<Record> r) : rec_(std::move(r)) {}

  template <class T, class... Args>
  static Item make(Args&&... args) {
    return Item(std::make_shared<T>(std::forward<Args>(args)...));
  }

  explicit operator bool() const noexcept { return rec_ != nullptr; }
  std::string_view type() const noexcept { return rec_ ? rec_->type() : std::string_view{}; }
  const Record* record() const noexcept { return rec_.get(); }
  nlohmann::json to_json() const { return rec_ ? rec_->to_json() : nlohmann::json(); }

  /// The record as T, or nullptr when its type is not T::kType.
  template <class T>
  const T* as() const noexcept {
    return rec_ && rec_->type() == T::kType ? static_cast<const T*>(rec_.get()) : nullptr;
  }
  /// A writable T: copies the record first when another item shares it; nullptr on type mismatch.
  template <class T>
  T* mutate() {
    if (!rec_ || rec_->type() != T::kType) return nullptr;
    if (rec_.use_count() > 1) rec_ = rec_->clone();
    return static_cast<T*>(rec_.get());
  }

 private:
  std::shared_ptr<Record> rec_;
};

}  // namespace buyergraph::sdk
