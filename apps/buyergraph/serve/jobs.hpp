#pragma once
// The jobs of `buyergraph serve`: one per requested buyer group, queued, admitted into the shared
// graph, finished. The queue is the graph's account source, so admission is the graph's own.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "buyergraph/engine/runtime.hpp"
#include "buyergraph/sdk/records.hpp"

namespace buyergraph::serve {

enum class JobState { queued, running, done, failed, cancelled };
std::string_view to_string(JobState s) noexcept;

/// What a caller asked for.
struct JobRequest {
  std::string company;
  std::string domain;
  std::string seller_name;  ///< the profile's name in the seller folder, "" for the default
  sdk::SellerProfile seller;
  std::string batch_id;  ///< set when the job is one row of an uploaded batch
};

/// A copy of one job as callers see it.
struct JobView {
  std::string id;  ///< also the history run id once the group is saved
  JobRequest request;
  JobState state = JobState::queued;
  std::uint64_t version = 0;       ///< grows on every change (for event streams)
  std::size_t queue_position = 0;  ///< 1-based while queued
  std::string error_code, error_message;
  std::vector<std::string> warnings;  ///< "stage: message" of the stages that went wrong
  std::string result_status;          ///< the engine's account status: ok | partial | failed
  bool cancel_requested = false;
  double seconds = 0;  ///< queued to finished, or so far
  std::shared_ptr<const sdk::BuyerGroup> group;
};

struct JobLimits {
  std::size_t max_queued = 1000;    ///< submissions beyond are refused (the caller retries later)
  std::size_t keep_finished = 500;  ///< finished jobs kept in memory; older ones live in history
};

/// Thread-safe job table plus the queue the graph pulls from.
class JobQueue final : public engine::AccountSource {
 public:
  explicit JobQueue(JobLimits limits) : limits_(limits) {}

  /// Queues a job for `account` (already stamped with its run id). Fails when the queue is full
  /// or the server is stopping.
  std::optional<std::string> submit(sdk::Account account, JobRequest request);
  /// The graph's next account: blocks until a job is queued or close() is called.
  std::optional<sdk::Account> next() override;
  /// Called by the graph as each account finishes.
  void finished(const engine::AccountResult& result);

  enum class CancelOutcome { unknown, cancelled, cancelling, already_finished };
  /// A queued job is dropped at once; a running one finishes its stages and its result is
  /// withheld.
  CancelOutcome cancel(const std::string& id);

  std::optional<JobView> get(const std::string& id) const;
  /// Waits until the job's version differs from `seen` or `timeout` passes.
  std::optional<JobView> wait_change(const std::string& id, std::uint64_t seen,
                                     std::chrono::milliseconds timeout) const;
  std::vector<JobView> batch(const std::string& batch_id) const;

  /// No more jobs: next() returns nothing once the queue is empty (or at once when `drop`).
  void close(bool drop);

  struct Counts {
    std::size_t queued = 0, running = 0;
    std::uint64_t submitted = 0, done = 0, failed = 0, cancelled = 0, refused = 0;
  };
  Counts counts() const;

 private:
  struct Job {
    JobView view;
    sdk::Account account;
    std::chrono::steady_clock::time_point created;
  };
  void touch(Job& job);
  void forget_old();
  JobView view_of(const Job& job) const;

  JobLimits limits_;
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::map<std::string, Job> jobs_;
  std::deque<std::string> queue_;     ///< ids of queued jobs, in order
  std::deque<std::string> finished_;  ///< ids of finished jobs, oldest first
  bool closed_ = false;
  Counts counts_;
};

}  // namespace buyergraph::serve
