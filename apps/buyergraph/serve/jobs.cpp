#include "jobs.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace buyergraph::serve {

std::string_view to_string(JobState s) noexcept {
  switch (s) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::done:
      return "done";
    case JobState::failed:
      return "failed";
    case JobState::cancelled:
      return "cancelled";
  }
  return "unknown";
}

namespace {
bool is_final(JobState s) {
  return s == JobState::done || s == JobState::failed || s == JobState::cancelled;
}
}  // namespace

void JobQueue::touch(Job& job) {
  ++job.view.version;
  changed_.notify_all();
}

JobView JobQueue::view_of(const Job& job) const {
  JobView v = job.view;
  if (v.state == JobState::queued) {
    auto it = std::find(queue_.begin(), queue_.end(), v.id);
    v.queue_position = static_cast<std::size_t>(it - queue_.begin()) + 1;
  }
  if (!is_final(v.state))
    v.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - job.created).count();
  return v;
}

std::optional<std::string> JobQueue::submit(sdk::Account account, JobRequest request) {
  std::lock_guard lk(mu_);
  if (closed_ || queue_.size() >= limits_.max_queued) {
    ++counts_.refused;
    return std::nullopt;
  }
  const std::string id = account.key;
  Job job;
  job.view.id = id;
  job.view.request = std::move(request);
  job.account = std::move(account);
  job.created = std::chrono::steady_clock::now();
  jobs_[id] = std::move(job);
  queue_.push_back(id);
  ++counts_.submitted;
  changed_.notify_all();
  return id;
}

std::optional<sdk::Account> JobQueue::next() {
  std::unique_lock lk(mu_);
  changed_.wait(lk, [&] { return closed_ || !queue_.empty(); });
  if (queue_.empty()) return std::nullopt;
  Job& job = jobs_.at(queue_.front());
  queue_.pop_front();
  job.view.state = JobState::running;
  touch(job);
  for (const auto& id : queue_) touch(jobs_.at(id));  // their positions moved up
  return std::move(job.account);
}

void JobQueue::finished(const engine::AccountResult& r) {
  std::lock_guard lk(mu_);
  auto it = jobs_.find(r.account.key);
  if (it == jobs_.end()) return;
  Job& job = it->second;
  JobView& v = job.view;
  v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - job.created).count();
  v.result_status = std::string(engine::to_string(r.status));
  for (const auto& e : r.errors) v.warnings.push_back(fmt::format("{}: {}", e.stage, e.message));
  if (v.cancel_requested || r.status == engine::AccountStatus::cancelled) {
    v.state = JobState::cancelled;
    ++counts_.cancelled;
  } else if (r.status == engine::AccountStatus::failed) {
    v.state = JobState::failed;
    v.error_code = r.error_code;
    v.error_message = r.error_message;
    ++counts_.failed;
  } else {
    for (const auto& o : r.outputs)
      if (const auto* g = o.as<sdk::BuyerGroup>()) {
        v.group = std::make_shared<const sdk::BuyerGroup>(*g);
        break;
      }
    if (v.group) {
      v.state = JobState::done;
      ++counts_.done;
    } else {
      v.state = JobState::failed;
      v.error_code = "no_group";
      v.error_message = "the pipeline produced no buyer group";
      ++counts_.failed;
    }
  }
  touch(job);
  finished_.push_back(v.id);
  forget_old();
}

void JobQueue::forget_old() {
  while (finished_.size() > limits_.keep_finished) {
    jobs_.erase(finished_.front());
    finished_.pop_front();
  }
}

JobQueue::CancelOutcome JobQueue::cancel(const std::string& id) {
  std::lock_guard lk(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return CancelOutcome::unknown;
  Job& job = it->second;
  JobView& v = job.view;
  if (is_final(v.state))
    return v.state == JobState::cancelled ? CancelOutcome::cancelled
                                          : CancelOutcome::already_finished;
  v.cancel_requested = true;
  if (v.state == JobState::queued) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), id));
    v.state = JobState::cancelled;
    v.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - job.created).count();
    ++counts_.cancelled;
    touch(job);
    for (const auto& q : queue_) touch(jobs_.at(q));
    finished_.push_back(id);
    forget_old();
    return CancelOutcome::cancelled;
  }
  touch(job);
  return CancelOutcome::cancelling;
}

std::optional<JobView> JobQueue::get(const std::string& id) const {
  std::lock_guard lk(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return view_of(it->second);
}

std::optional<JobView> JobQueue::wait_change(const std::string& id, std::uint64_t seen,
                                             std::chrono::milliseconds timeout) const {
  std::unique_lock lk(mu_);
  changed_.wait_for(lk, timeout, [&] {
    auto it = jobs_.find(id);
    return it == jobs_.end() || it->second.view.version != seen || closed_;
  });
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return view_of(it->second);
}

std::vector<JobView> JobQueue::batch(const std::string& batch_id) const {
  std::lock_guard lk(mu_);
  std::vector<JobView> out;
  for (const auto& [id, job] : jobs_)
    if (job.view.request.batch_id == batch_id) out.push_back(view_of(job));
  return out;
}

void JobQueue::close(bool drop) {
  std::lock_guard lk(mu_);
  closed_ = true;
  if (drop) {
    for (const auto& id : queue_) {
      Job& job = jobs_.at(id);
      job.view.state = JobState::cancelled;
      ++counts_.cancelled;
      touch(job);
    }
    queue_.clear();
  }
  changed_.notify_all();
}

JobQueue::Counts JobQueue::counts() const {
  std::lock_guard lk(mu_);
  Counts c = counts_;
  c.queued = queue_.size();
  for (const auto& [id, job] : jobs_)
    if (job.view.state == JobState::running) ++c.running;
  return c;
}

}  // namespace buyergraph::serve
