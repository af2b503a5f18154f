#include "buyergraph/engine/host_services.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace buyergraph::engine {

void Redactor::add(const std::string& secret) {
  if (secret.size() < 4) return;  // too short to redact without mangling ordinary text
  std::lock_guard lk(mu_);
  secrets_.push_back(secret);
}

std::string Redactor::apply(std::string text) const {
  std::lock_guard lk(mu_);
  for (const auto& s : secrets_) {
    for (std::size_t pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos + 3))
      text.replace(pos, s.size(), "***");
  }
  return text;
}

bool Redactor::found_in(std::string_view text) const {
  std::lock_guard lk(mu_);
  for (const auto& s : secrets_)
    if (text.find(s) != std::string_view::npos) return true;
  return false;
}

TimerService::TimerService() : thread_([this] { loop(); }) {}

TimerService::~TimerService() {
  cancel_all();
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void TimerService::after(std::chrono::milliseconds delay, std::function<void(bool)> fn) {
  {
    std::lock_guard lk(mu_);
    if (!cancelled_) {
      heap_.push({std::chrono::steady_clock::now() + delay, seq_++, std::move(fn)});
      cv_.notify_all();
      return;
    }
  }
  fn(true);
}

void TimerService::cancel_all() {
  std::vector<std::function<void(bool)>> fire;
  {
    std::lock_guard lk(mu_);
    cancelled_ = true;
    while (!heap_.empty()) {
      fire.push_back(std::move(const_cast<Entry&>(heap_.top()).fn));
      heap_.pop();
    }
  }
  for (auto& f : fire) f(true);
}

void TimerService::reset() {
  std::lock_guard lk(mu_);
  cancelled_ = false;
}

std::size_t TimerService::pending() const {
  std::lock_guard lk(mu_);
  return heap_.size();
}

void TimerService::loop() {
  std::unique_lock lk(mu_);
  while (!stop_) {
    if (heap_.empty()) {
      cv_.wait(lk);
      continue;
    }
    auto due = heap_.top().due;
    if (std::chrono::steady_clock::now() < due) {
      cv_.wait_until(lk, due);
      continue;
    }
    auto fn = std::move(const_cast<Entry&>(heap_.top()).fn);
    heap_.pop();
    lk.unlock();
    fn(false);
    lk.lock();
  }
}

namespace {

class SpdLogger final : public sdk::Logger {
 public:
  explicit SpdLogger(Redactor& r) : redactor_(r) {
    logger_ = spdlog::get("buyergraph");
    if (!logger_) logger_ = spdlog::stderr_color_mt("buyergraph");
    logger_->set_pattern("%^%l%$ %v");
    logger_->set_level(spdlog::level::warn);
  }
  void write(sdk::LogLevel level, std::string_view message) override {
    std::string text = redactor_.apply(std::string(message));
    switch (level) {
      case sdk::LogLevel::debug:
        logger_->debug(text);
        break;
      case sdk::LogLevel::info:
        logger_->info(text);
        break;
      case sdk::LogLevel::warn:
        logger_->warn(text);
        break;
      case sdk::LogLevel::error:
        logger_->error(text);
        break;
    }
  }
  void set_level(sdk::LogLevel level) {
    static const spdlog::level::level_enum map[] = {spdlog::level::debug, spdlog::level::info,
                                                    spdlog::level::warn, spdlog::level::err};
    logger_->set_level(map[static_cast<int>(level)]);
  }

 private:
  Redactor& redactor_;
  std::shared_ptr<spdlog::logger> logger_;
};

class MapMetrics final : public sdk::Metrics {
 public:
  void add(std::string_view name, double value) override {
    std::lock_guard lk(mu);
    values[std::string(name)] += value;
  }
  mutable std::mutex mu;
  std::map<std::string, double> values;
};

class SystemClock final : public sdk::Clock {
 public:
  std::chrono::system_clock::time_point now() override { return std::chrono::system_clock::now(); }
};

// Keys come from the environment (NAME) or a file (NAME_FILE); each value read is registered
// with the redactor so it can never reach a log line.
class EnvSecrets final : public sdk::Secrets {
 public:
  explicit EnvSecrets(Redactor& r) : redactor_(r) {}
  sdk::Result<sdk::Secret> get(std::string_view name) override {
    std::string n(name);
    if (const char* v = std::getenv(n.c_str()); v && *v) {
      redactor_.add(v);
      return sdk::Secret(v);
    }
    if (const char* f = std::getenv((n + "_FILE").c_str()); f && *f) {
      std::ifstream in(f);
      if (!in) return sdk::Error{"secret", "cannot read the file named by " + n + "_FILE"};
      std::stringstream ss;
      ss << in.rdbuf();
      std::string v = ss.str();
      while (!v.empty() && (v.back() == '\n' || v.back() == '\r' || v.back() == ' ')) v.pop_back();
      if (v.empty()) return sdk::Error{"secret", "the file named by " + n + "_FILE is empty"};
      redactor_.add(v);
      return sdk::Secret(v);
    }
    return sdk::Error{"secret", "secret not set: export " + n + " or " + n + "_FILE"};
  }

 private:
  Redactor& redactor_;
};

class MemoryCache final : public sdk::Cache {
 public:
  std::optional<std::string> get(std::string_view key) override {
    std::lock_guard lk(mu_);
    auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return std::nullopt;
    if (std::chrono::steady_clock::now() >= it->second.expires) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.value;
  }
  void put(std::string_view key, std::string value, std::chrono::seconds ttl,
           std::string_view /*data_class*/) override {
    std::lock_guard lk(mu_);
    entries_[std::string(key)] = {std::move(value), std::chrono::steady_clock::now() + ttl};
  }

 private:
  struct Entry {
    std::string value;
    std::chrono::steady_clock::time_point expires;
  };
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

}  // namespace

struct HostServices::Impl {
  explicit Impl(Redactor& r) : logger(r), secrets(r) {}
  SpdLogger logger;
  MapMetrics metrics;
  SystemClock clock;
  EnvSecrets secrets;
  MemoryCache cache;
};

HostServices::HostServices() : impl_(std::make_unique<Impl>(redactor_)) {}
HostServices::~HostServices() = default;
sdk::Logger& HostServices::log() { return impl_->logger; }
sdk::Metrics& HostServices::metrics() { return impl_->metrics; }
sdk::Clock& HostServices::clock() { return impl_->clock; }
sdk::Secrets& HostServices::secrets() { return impl_->secrets; }
sdk::Cache& HostServices::cache() {
  return external_cache_ != nullptr ? *external_cache_ : impl_->cache;
}
void HostServices::set_log_level(sdk::LogLevel level) { impl_->logger.set_level(level); }

std::map<std::string, double> HostServices::custom_metrics() const {
  std::lock_guard lk(impl_->metrics.mu);
  return impl_->metrics.values;
}

}  // namespace buyergraph::engine
