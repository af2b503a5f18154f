#pragma once
// One long-lived run of the buyer-group pipeline: every request's account streams through the
// same graph (as `batch` does), admitted by the pipeline's max_accounts_in_flight.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../pipeline_runner.hpp"
#include "buyergraph/store/store.hpp"
#include "jobs.hpp"

namespace buyergraph::serve {

struct ServiceOptions {
  std::string pipeline_file;  ///< empty: the shipped buyer-group pipeline
  std::string store_path;     ///< the resolved store file
  std::string reports_dir;    ///< where the pipeline's report stage writes (nothing by default)
  std::vector<std::string> plugin_paths;
  int threads = 0;        ///< graph worker threads, 0 = all cores
  int max_in_flight = 0;  ///< groups in the graph at once, 0 = the pipeline's
  JobLimits limits;
};

class GroupService {
 public:
  /// Loads and lints the pipeline and opens the store; the error names the file and problem.
  static sdk::Result<std::unique_ptr<GroupService>> start(const ServiceOptions& options);
  ~GroupService();
  GroupService(const GroupService&) = delete;
  GroupService& operator=(const GroupService&) = delete;

  /// Queues a group for `request` (`provider_id` picks one company by its id); returns the job
  /// id, or an empty optional when the queue is full or the service is stopping.
  std::optional<std::string> submit(JobRequest request, const std::string& provider_id = "");
  JobQueue& jobs() { return *jobs_; }
  store::Store& store() { return *store_; }
  const std::string& pipeline_file() const { return pipeline_file_; }
  std::string pipeline_name() const;

  /// Where a running group is: the furthest step of the pipeline one of its items has entered.
  struct Progress {
    int step = 0;         ///< 1-based, in the pipeline file's order; 0 = admitted, no step yet
    int of = 0;           ///< steps in the pipeline
    std::string stage;    ///< the step's id in the pipeline file
    std::string summary;  ///< what the step does, in a line (from its plugin)
  };
  /// Empty when the group is not running in the graph (queued, finished, unknown).
  std::optional<Progress> progress(const std::string& id) const;
  /// Cancels a queued group, or stops a running one at its next step (its result is withheld).
  JobQueue::CancelOutcome cancel(const std::string& id);

  /// True once the graph is running and taking jobs.
  bool ready() const { return ready_.load(); }
  /// The per-stage counters of the shared graph so far (empty before it starts).
  std::vector<engine::StageMetrics> stage_metrics() const;
  /// Provider calls and credits so far, one line per resource (empty without providers).
  std::vector<sdk::LedgerLine> ledger() const;

  /// Stops taking jobs; `drain` lets queued and running ones finish, else queued ones are
  /// cancelled and running ones stopped.
  void stop(bool drain);

 private:
  GroupService() = default;
  void run_graph(int threads, int max_in_flight);

  std::string pipeline_file_;
  engine::PluginRegistry registry_;
  cli::LoadedPipeline loaded_;
  cli::PreparedHost prepared_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<engine::Runner> runner_;
  std::unique_ptr<JobQueue> jobs_;
  std::thread thread_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopped_{false};
};

}  // namespace buyergraph::serve
