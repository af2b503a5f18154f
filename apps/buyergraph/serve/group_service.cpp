#include "group_service.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

namespace buyergraph::serve {

namespace {

// The pipeline's stage ids, so options are only set on stages it has.
bool has_stage(const std::string& file, const std::string& id) {
  engine::Diagnostics diags;
  auto doc = engine::load_yaml_file(file, diags);
  if (!diags.empty() || !doc.value.contains("stages") || !doc.value["stages"].is_array())
    return false;
  for (const auto& s : doc.value["stages"])
    if (s.is_object() && s.value("id", std::string()) == id) return true;
  return false;
}

}  // namespace

sdk::Result<std::unique_ptr<GroupService>> GroupService::start(const ServiceOptions& options) {
  std::unique_ptr<GroupService> s(new GroupService());
  s->pipeline_file_ =
      options.pipeline_file.empty() ? cli::default_pipeline("buyer-group") : options.pipeline_file;
  // The server renders reports on request; the report stage writes files only when asked to.
  std::vector<std::string> sets;
  if (has_stage(s->pipeline_file_, "report")) {
    if (options.reports_dir.empty())
      sets.push_back("report.formats=[]");
    else
      sets.push_back("report.dir=" + options.reports_dir);
  }
  s->loaded_ = cli::load_pipeline(s->pipeline_file_, s->registry_, options.plugin_paths, sets);
  if (!s->loaded_.lint.ok()) {
    std::string message = fmt::format("{}: {} error(s); not started", s->pipeline_file_,
                                      s->loaded_.lint.diagnostics.size());
    for (const auto& d : s->loaded_.lint.diagnostics) message += "\n" + d.format();
    return sdk::Error{"invalid_input", message};
  }
  auto opened = store::Store::open(options.store_path);
  if (!opened) return opened.error();
  s->store_ = std::move(*opened);
  s->prepared_ = cli::prepare_host(*s->loaded_.lint.plan, {});
  if (!s->prepared_.error.empty()) return sdk::Error{"invalid_input", s->prepared_.error};
  s->runner_ = std::make_unique<engine::Runner>(*s->loaded_.lint.plan, *s->prepared_.host);
  s->jobs_ = std::make_unique<JobQueue>(options.limits);
  s->thread_ =
      std::thread([raw = s.get(), o = options] { raw->run_graph(o.threads, o.max_in_flight); });
  return s;
}

void GroupService::run_graph(int threads, int max_in_flight) {
  // The graph pulls the next job on one of its own threads, which then waits for a request: one
  // slot more than the workers keeps every core on stages while that thread waits.
  const int workers =
      threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  oneapi::tbb::global_control allow(oneapi::tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(workers) + 1);
  oneapi::tbb::task_arena arena(workers + 1);
  engine::RunOptions opts;
  opts.timeout_s = 0;  // a server runs until stopped
  opts.max_accounts_in_flight = max_in_flight;
  opts.keep_results = false;   // each group goes to its job; the endless run keeps no list
  opts.track_accounts = true;  // progress and cancel per group (job ids are unique run ids)
  opts.on_account = [this](const engine::AccountResult& r) { jobs_->finished(r); };
  struct ReadySource final : engine::AccountSource {
    GroupService& s;
    explicit ReadySource(GroupService& service) : s(service) {}
    std::optional<sdk::Account> next() override {
      s.ready_ = true;  // the graph is built and asking for work
      return s.jobs_->next();
    }
  } source(*this);
  arena.execute([&] {
    auto report = runner_->run(source, opts);
    if (!report.failure.empty())
      fmt::print(stderr, "error: the pipeline stopped: {}\n", report.failure);
  });
  ready_ = false;
}

std::optional<std::string> GroupService::submit(JobRequest request,
                                                const std::string& provider_id) {
  sdk::Account account;
  account.name = request.company;
  account.domain = request.domain;
  account.provider_id = provider_id;
  account.key = cli::new_run_id();
  cli::stamp_account(account, account.key, pipeline_file_, &request.seller);
  return jobs_->submit(std::move(account), std::move(request));
}

std::optional<GroupService::Progress> GroupService::progress(const std::string& id) const {
  if (!ready_.load() || stopped_.load()) return std::nullopt;
  const auto reached = runner_->account_progress(id);
  if (!reached) return std::nullopt;
  const auto& stages = loaded_.lint.plan->stages;
  Progress p;
  p.of = static_cast<int>(stages.size());
  if (*reached >= 0 && *reached < p.of) {
    const auto& st = stages[static_cast<std::size_t>(*reached)];
    p.step = *reached + 1;
    p.stage = st.id;
    p.summary = st.def->spec.summary;
  }
  return p;
}

JobQueue::CancelOutcome GroupService::cancel(const std::string& id) {
  const auto outcome = jobs_->cancel(id);
  if (outcome == JobQueue::CancelOutcome::cancelling && ready_.load() && !stopped_.load())
    runner_->cancel_account(id);
  return outcome;
}

std::string GroupService::pipeline_name() const {
  const auto& meta = loaded_.doc.value;
  if (meta.contains("metadata") && meta["metadata"].is_object())
    return meta["metadata"].value("name", std::string());
  return std::filesystem::path(pipeline_file_).stem().string();
}

std::vector<engine::StageMetrics> GroupService::stage_metrics() const {
  if (!ready_.load() || stopped_.load()) return {};
  return runner_->metrics_so_far();
}

std::vector<sdk::LedgerLine> GroupService::ledger() const {
  if (!prepared_.http.ledger) return {};
  return prepared_.http.ledger->run();
}

void GroupService::stop(bool drain) {
  if (stopped_.exchange(true)) return;
  jobs_->close(!drain);
  if (!drain) runner_->cancel(true);
  if (thread_.joinable()) thread_.join();
}

GroupService::~GroupService() { stop(false); }

}  // namespace buyergraph::serve
