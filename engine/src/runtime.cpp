// The runtime. Shape (see docs/engine.md):
//
//   input_node(accounts) -> limiter(max accounts in flight) -> entry -> stage nodes ... -> sinks
//
// CPU stages are function_nodes; async stages are queue -> limiter(concurrency) -> async_node.
// Stages hand their outputs to successors with explicit try_put, so the engine can count every
// item per account: `outstanding` is the number of live items of an account; it is raised
// before an item is sent and lowered when a stage finishes with it. When it reaches zero the
// account is drained: the gather stage (if any) then runs once with everything collected, and
// afterwards the account is finished and the admission limiter lets the next one in.
#include "buyergraph/engine/runtime.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>

namespace buyergraph::engine {
namespace flow = oneapi::tbb::flow;
using SteadyClock = std::chrono::steady_clock;

std::string_view to_string(AccountStatus s) noexcept {
  switch (s) {
    case AccountStatus::ok:
      return "ok";
    case AccountStatus::partial:
      return "partial";
    case AccountStatus::failed:
      return "failed";
    case AccountStatus::cancelled:
      return "cancelled";
  }
  return "?";
}

namespace {

struct AccountState {
  explicit AccountState(sdk::Account a) : account(std::make_shared<sdk::Account>(std::move(a))) {}
  std::shared_ptr<sdk::Account> account;
  std::atomic<std::int64_t> outstanding{1};
  std::atomic<bool> failed{false};
  std::atomic<bool> cancelled{false};
  bool gather_fired = false;  // touched only by the thread that drains the account
  // Written once by the resolve stage before it forwards the item, so every later stage of the
  // account reads it after the write (message passing orders them).
  sdk::Item resolved;
  SteadyClock::time_point admitted = SteadyClock::now();

  std::mutex mu;  // guards everything below
  std::vector<sdk::Item> gathered;
  std::vector<sdk::Item> outputs;
  std::vector<ItemError> errors;
  std::uint64_t dropped = 0;
  std::string fail_code, fail_message;
};
// Raw pointer on purpose: every envelope of an account is counted in `outstanding`, and the
// state is deleted only when that count is zero and the account is finished, so no envelope
// outlives it. A shared_ptr here cost two contended atomic operations per item per stage.
using AccountPtr = AccountState*;

// CPU stages time their first 64 calls and then one call in 8 (two clock reads per call were ~9%
// of a trivial stage); async calls are always timed, their latency is the point.
bool timed_call(std::uint64_t nth_call) { return nth_call <= 64 || (nth_call & 7u) == 0; }

struct Env {
  AccountPtr acct = nullptr;
  sdk::Item item;
};

using CpuNode = flow::function_node<Env, flow::continue_msg>;
using AsyncNode = flow::async_node<Env, flow::continue_msg>;
using GatherNode = flow::function_node<AccountPtr, flow::continue_msg>;

}  // namespace

struct Runner::Impl {
  struct StageNode {
    const PlannedStage* plan = nullptr;
    std::shared_ptr<sdk::Stage> stage;
    StageCounters counters;
    std::vector<int> successors;
    bool feeds_gather = false;
    std::unique_ptr<CpuNode> cpu;
    std::unique_ptr<flow::queue_node<Env>> queue;
    std::unique_ptr<flow::limiter_node<Env, int>> limiter;
    std::unique_ptr<AsyncNode> async;
    std::unique_ptr<GatherNode> gather;
  };

  // A call of a stage on one item (or, for the gather, on one account's items).
  class CallImpl : public sdk::Call, public sdk::Context {
   public:
    CallImpl(Impl& rt, int stage, Env env, bool timed)
        : rt_(rt),
          stage_(stage),
          env_(std::move(env)),
          started_(timed ? SteadyClock::now() : SteadyClock::time_point{}) {}
    const sdk::Item& input() const override { return env_.item; }
    std::vector<sdk::Item>& inputs() override { return gathered_; }
    sdk::Context& context() override { return *this; }
    void emit(sdk::Item item) override {
      if (finished_.load(std::memory_order_acquire))
        return rt_.plugin_bug(stage_, "emit after finish");
      if (!item) return rt_.plugin_bug(stage_, "emitted an empty item");
      rt_.emit(stage_, env_.acct, std::move(item));
    }
    void drop(std::string_view reason) override {
      (void)reason;  // counted; filters keep the reasons they need on the records themselves
      rt_.nodes[stage_]->counters.dropped.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard lk(env_.acct->mu);
      ++env_.acct->dropped;
    }
    void finish(sdk::Status status) noexcept override {
      if (finished_.exchange(true, std::memory_order_acq_rel))
        return rt_.plugin_bug(stage_, "finished twice");
      rt_.complete(stage_, env_, status, started_);
      after_finish();
    }
    std::shared_ptr<sdk::Call> retain() override { return nullptr; }
    const sdk::Account& account() const override { return *env_.acct->account; }
    sdk::Host& host() override { return rt_.host; }
    bool cancelled() const noexcept override {
      return rt_.hard_cancel.load(std::memory_order_relaxed);
    }
    std::string_view stage_id() const noexcept override { return rt_.nodes[stage_]->plan->id; }
    const sdk::Item& resolved() const noexcept override { return env_.acct->resolved; }
    bool finished() const noexcept { return finished_.load(std::memory_order_acquire); }

    std::vector<sdk::Item> gathered_;

   protected:
    virtual void after_finish() noexcept {}
    Impl& rt_;
    int stage_;
    Env env_;
    SteadyClock::time_point started_;
    std::atomic<bool> finished_{false};
  };

  // An async call lives on the heap until it finishes; if the plugin drops every handle without
  // finishing, the destructor finishes it as an error so the graph never waits forever.
  class AsyncCall final : public CallImpl, public std::enable_shared_from_this<AsyncCall> {
   public:
    AsyncCall(Impl& rt, int stage, Env env, AsyncNode::gateway_type* gw)
        : CallImpl(rt, stage, std::move(env), true), gw_(gw) {}
    ~AsyncCall() override {
      if (!finished())
        finish(sdk::Status::error("internal", "async stage dropped its call without finishing it"));
    }
    std::shared_ptr<sdk::Call> retain() override { return shared_from_this(); }

   private:
    void after_finish() noexcept override {
      rt_.nodes[stage_]->limiter->decrementer().try_put(1);
      gw_->release_wait();  // last: the graph may go idle right after
    }
    AsyncNode::gateway_type* gw_;
  };

  Impl(const Plan& p, HostServices& h) : plan(p), host(h) {}

  const Plan& plan;
  HostServices& host;
  RunOptions opts;

  std::unique_ptr<flow::graph> graph;
  std::vector<std::unique_ptr<StageNode>> nodes;
  std::vector<int> roots;
  std::unique_ptr<flow::input_node<sdk::Account>> input;
  std::unique_ptr<flow::limiter_node<sdk::Account, int>> admit;
  std::unique_ptr<flow::function_node<sdk::Account, flow::continue_msg>> entry;
  AccountSource* source = nullptr;

  std::atomic<bool> stop_admitting{false};
  std::atomic<bool> hard_cancel{false};
  Gauge live;
  std::atomic<std::uint64_t> outputs{0};
  std::atomic<std::uint64_t> next_key{0};
  std::mutex results_mu;
  std::vector<AccountResult> results;

  void plugin_bug(int stage, const char* what) {
    host.log().write(
        sdk::LogLevel::error,
        fmt::format("stage '{}' ({}): {}", nodes[stage]->plan->id, nodes[stage]->plan->use, what));
  }

  void send(int to, const AccountPtr& acct, const sdk::Item& item) {
    auto& n = *nodes[to];
    acct->outstanding.fetch_add(1, std::memory_order_relaxed);
    live.add(1);
    n.counters.queued.add(1);
    if (n.cpu)
      n.cpu->try_put(Env{acct, item});
    else
      n.queue->try_put(Env{acct, item});
  }

  void emit(int from, const AccountPtr& acct, sdk::Item item) {
    auto& n = *nodes[from];
    n.counters.out.fetch_add(1, std::memory_order_relaxed);
    if (n.plan->def->spec.kind == sdk::StageKind::resolve && !acct->resolved) acct->resolved = item;
    if (n.feeds_gather) {
      std::lock_guard lk(acct->mu);
      acct->gathered.push_back(item);
    }
    if (n.successors.empty() && !n.feeds_gather) return keep_output(acct, std::move(item));
    for (int s : n.successors) send(s, acct, item);
  }

  void keep_output(const AccountPtr& acct, sdk::Item item) {
    outputs.fetch_add(1, std::memory_order_relaxed);
    if (!opts.keep_outputs) return;
    std::lock_guard lk(acct->mu);
    acct->outputs.push_back(std::move(item));
  }

  // A stage is done with one item of the account.
  void release(const AccountPtr& acct) {
    live.add(-1);
    if (acct->outstanding.fetch_sub(1, std::memory_order_acq_rel) == 1) drained(acct);
  }

  void drained(const AccountPtr& acct) {
    if (plan.gather >= 0 && !acct->gather_fired && !acct->failed.load() &&
        !acct->cancelled.load()) {
      acct->gather_fired = true;
      acct->outstanding.store(1, std::memory_order_release);
      live.add(1);
      auto& g = *nodes[plan.gather];
      g.counters.queued.add(1);
      g.gather->try_put(acct);
      return;
    }
    finish_account(acct);
  }

  void finish_account(const AccountPtr& acct) {
    AccountResult r;
    {
      std::lock_guard lk(acct->mu);
      r.account = *acct->account;
      r.outputs = std::move(acct->outputs);
      r.errors = std::move(acct->errors);
      r.dropped = acct->dropped;
      r.error_code = acct->fail_code;
      r.error_message = acct->fail_message;
    }
    if (acct->cancelled.load())
      r.status = AccountStatus::cancelled;
    else if (acct->failed.load())
      r.status = AccountStatus::failed;
    else if (!r.errors.empty())
      r.status = AccountStatus::partial;
    r.seconds = std::chrono::duration<double>(SteadyClock::now() - acct->admitted).count();
    delete acct;  // nothing refers to it any more: its count is zero
    {
      std::lock_guard lk(results_mu);
      if (opts.on_account) opts.on_account(r);
      if (!opts.keep_results_outputs) {
        r.outputs.clear();
        r.outputs.shrink_to_fit();
      }
      results.push_back(std::move(r));
    }
    admit->decrementer().try_put(1);
  }

  // Skips work for accounts that already failed, and everything after a hard cancel.
  bool skip(StageNode& n, const Env& env) {
    if (hard_cancel.load(std::memory_order_relaxed)) {
      env.acct->cancelled.store(true);
    } else if (!env.acct->failed.load(std::memory_order_relaxed)) {
      return false;
    }
    n.counters.skipped.fetch_add(1, std::memory_order_relaxed);
    return true;
  }

  void complete(int stage, const Env& env, const sdk::Status& status,
                SteadyClock::time_point started) {
    auto& n = *nodes[stage];
    if (started != SteadyClock::time_point{}) {
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - started)
                    .count();
      n.counters.latency.record(static_cast<std::uint64_t>(ns));
      n.counters.busy_ns.fetch_add(static_cast<std::uint64_t>(ns), std::memory_order_relaxed);
    }
    const auto kind = n.plan->def->spec.kind;
    if (n.async) n.counters.in_flight.add(-1);  // CPU stages: bounded by their concurrency anyway
    if (status) {
      if (kind == sdk::StageKind::sink) {
        n.counters.out.fetch_add(1, std::memory_order_relaxed);
        keep_output(env.acct, env.item);
      }
    } else if (status.error().code == "cancelled") {
      env.acct->cancelled.store(true);
      n.counters.skipped.fetch_add(1, std::memory_order_relaxed);
    } else {
      n.counters.errors.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard lk(env.acct->mu);
      env.acct->errors.push_back(
          {n.plan->id, status.error().code, host.redactor().apply(status.error().message)});
      if (n.plan->on_error == OnError::fail && !env.acct->failed.load()) {
        env.acct->fail_code = status.error().code;
        env.acct->fail_message = env.acct->errors.back().message;
        env.acct->failed.store(true);
      }
    }
    release(env.acct);
  }

  void run_cpu(int i, const Env& env) {
    auto& n = *nodes[i];
    n.counters.queued.add(-1);
    if (skip(n, env)) return release(env.acct);
    auto nth = n.counters.in.fetch_add(1, std::memory_order_relaxed) + 1;
    CallImpl call(*this, i, env, timed_call(nth));
    n.stage->invoke(call);
    if (!call.finished())
      call.finish(sdk::Status::error("internal", "stage returned without finishing its call"));
  }

  void run_async(int i, const Env& env, AsyncNode::gateway_type& gw) {
    auto& n = *nodes[i];
    n.counters.queued.add(-1);
    if (skip(n, env)) {
      n.limiter->decrementer().try_put(1);
      return release(env.acct);
    }
    n.counters.in.fetch_add(1, std::memory_order_relaxed);
    n.counters.in_flight.add(1);
    gw.reserve_wait();
    auto call = std::make_shared<AsyncCall>(*this, i, env, &gw);
    n.stage->invoke(*call);
  }

  void run_gather(int i, const AccountPtr& acct) {
    auto& n = *nodes[i];
    n.counters.queued.add(-1);
    Env env{acct, sdk::Item(acct->account)};
    if (skip(n, env)) return release(acct);
    CallImpl call(*this, i, env, true);
    {
      std::lock_guard lk(acct->mu);
      call.gathered_.swap(acct->gathered);
    }
    n.counters.in.fetch_add(call.gathered_.size(), std::memory_order_relaxed);
    n.stage->invoke(call);
    if (!call.finished())
      call.finish(sdk::Status::error("internal", "gather returned without finishing its call"));
  }

  std::string build_stages() {
    nodes.clear();
    roots.clear();
    for (std::size_t i = 0; i < plan.stages.size(); ++i) {
      const auto& ps = plan.stages[i];
      auto n = std::make_unique<StageNode>();
      n->plan = &ps;
      sdk::StageInit init{ps.id, ps.config, &host, plan.dir};
      sdk::Error err;
      std::unique_ptr<sdk::Stage> stage = ps.def->spec.factory(init, err);
      if (!stage)
        return fmt::format(
            "stage '{}' ({}) could not be built: {}", ps.id, ps.use,
            host.redactor().apply(err.message.empty() ? "factory returned nothing" : err.message));
      // The deleter keeps the plugin library loaded until the stage object is gone.
      auto lib = ps.def->library;
      n->stage = std::shared_ptr<sdk::Stage>(stage.release(), [lib](sdk::Stage* s) { delete s; });
      for (int out : ps.outputs) {
        if (out == plan.gather)
          n->feeds_gather = true;
        else
          n->successors.push_back(out);
      }
      if (ps.inputs.empty()) roots.push_back(static_cast<int>(i));
      nodes.push_back(std::move(n));
    }
    return {};
  }

  void build_graph() {
    graph = std::make_unique<flow::graph>();
    auto& g = *graph;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      auto& n = *nodes[i];
      const int idx = static_cast<int>(i);
      const auto& spec = n.plan->def->spec;
      // No node priorities: in oneTBB 2021.8 they cost ~1.7x per hop on cheap stages (measured
      // with bench/engine_bench), and account admission already makes the graph drain accounts
      // before taking new ones.
      const flow::node_priority_t prio = flow::no_priority;
      std::size_t conc = n.plan->concurrency > 0 ? static_cast<std::size_t>(n.plan->concurrency)
                                                 : static_cast<std::size_t>(flow::unlimited);
      if (spec.kind == sdk::StageKind::gather) {
        n.gather = std::make_unique<GatherNode>(
            g, conc,
            [this, idx](const AccountPtr& a) {
              run_gather(idx, a);
              return flow::continue_msg();
            },
            prio);
      } else if (spec.execution == sdk::Execution::async) {
        int limit = n.plan->concurrency > 0 ? n.plan->concurrency : 16;
        n.queue = std::make_unique<flow::queue_node<Env>>(g);
        n.limiter = std::make_unique<flow::limiter_node<Env, int>>(g, limit);
        n.async = std::make_unique<AsyncNode>(
            g, flow::unlimited,
            [this, idx](const Env& e, AsyncNode::gateway_type& gw) { run_async(idx, e, gw); },
            prio);
        flow::make_edge(*n.queue, *n.limiter);
        flow::make_edge(*n.limiter, *n.async);
      } else {
        n.cpu = std::make_unique<CpuNode>(
            g, conc,
            [this, idx](const Env& e) {
              run_cpu(idx, e);
              return flow::continue_msg();
            },
            prio);
      }
    }
    input =
        std::make_unique<flow::input_node<sdk::Account>>(g, [this](oneapi::tbb::flow_control& fc) {
          if (stop_admitting.load()) {
            fc.stop();
            return sdk::Account{};
          }
          std::optional<sdk::Account> a = source->next();
          if (!a) {
            fc.stop();
            return sdk::Account{};
          }
          std::uint64_t seq = next_key.fetch_add(1) + 1;
          if (a->key.empty()) a->key = fmt::format("account-{}", seq);
          return std::move(*a);
        });
    int max_accounts = opts.max_accounts_in_flight > 0 ? opts.max_accounts_in_flight
                                                       : plan.runtime.max_accounts_in_flight;
    admit = std::make_unique<flow::limiter_node<sdk::Account, int>>(
        g, static_cast<std::size_t>(max_accounts));
    entry = std::make_unique<flow::function_node<sdk::Account, flow::continue_msg>>(
        g, flow::unlimited, [this](const sdk::Account& a) {
          auto* acct = new AccountState(a);
          live.add(1);
          if (stop_admitting.load() && hard_cancel.load()) {
            acct->cancelled.store(true);
            release(acct);
            return flow::continue_msg();
          }
          sdk::Item item(acct->account);
          for (int r : roots) send(r, acct, item);
          release(acct);
          return flow::continue_msg();
        });
    flow::make_edge(*input, *admit);
    flow::make_edge(*admit, *entry);
  }

  std::vector<StageMetrics> snapshot() const {
    std::vector<StageMetrics> out;
    for (const auto& np : nodes) {
      const auto& n = *np;
      StageMetrics m;
      m.id = n.plan->id;
      m.use = n.plan->use;
      m.async = n.plan->def->spec.execution == sdk::Execution::async;
      m.concurrency = n.plan->concurrency;
      m.in = n.counters.in.load();
      m.out = n.counters.out.load();
      m.dropped = n.counters.dropped.load();
      m.errors = n.counters.errors.load();
      m.skipped = n.counters.skipped.load();
      m.peak_queued = n.counters.queued.peak();
      m.peak_in_flight = n.counters.in_flight.peak();
      m.p50_ms = n.counters.latency.quantile(0.50) / 1e6;
      m.p95_ms = n.counters.latency.quantile(0.95) / 1e6;
      m.p99_ms = n.counters.latency.quantile(0.99) / 1e6;
      m.mean_ms = n.counters.latency.mean() / 1e6;
      m.max_ms = static_cast<double>(n.counters.latency.max()) / 1e6;
      m.busy_s = static_cast<double>(n.counters.busy_ns.load()) / 1e9;
      out.push_back(m);
    }
    return out;
  }
};

Runner::Runner(const Plan& plan, HostServices& host) : impl_(std::make_unique<Impl>(plan, host)) {}

Runner::~Runner() {
  if (impl_->graph) impl_->graph->wait_for_all();
  impl_->nodes.clear();  // stages (and their plugin references) before the graph's nodes go
}

void Runner::cancel(bool hard) noexcept {
  impl_->stop_admitting.store(true);
  if (hard) {
    impl_->hard_cancel.store(true);
    impl_->host.timer_service().cancel_all();
  }
}

RunReport Runner::run(AccountSource& source, const RunOptions& options) {
  auto& m = *impl_;
  RunReport report;
  m.opts = options;
  m.source = &source;
  m.results.clear();
  m.stop_admitting = false;
  m.hard_cancel = false;
  m.host.timer_service().reset();
  if (std::string err = m.build_stages(); !err.empty()) {
    report.failure = err;
    return report;
  }
  std::optional<oneapi::tbb::global_control> threads;
  if (options.threads > 0)
    threads.emplace(oneapi::tbb::global_control::max_allowed_parallelism,
                    static_cast<std::size_t>(options.threads));
  m.build_graph();

  double timeout = options.timeout_s >= 0 ? options.timeout_s : m.plan.runtime.timeout_s;
  std::mutex wd_mu;
  std::condition_variable wd_cv;
  bool done = false;
  std::atomic<bool> timed_out{false};
  std::thread watchdog;
  if (timeout > 0) {
    watchdog = std::thread([&] {
      std::unique_lock lk(wd_mu);
      if (!wd_cv.wait_for(lk, std::chrono::duration<double>(timeout), [&] { return done; })) {
        timed_out = true;
        cancel(true);
      }
    });
  }

  auto t0 = SteadyClock::now();
  m.input->activate();
  try {
    m.graph->wait_for_all();
  } catch (const std::exception& e) {
    report.failure = std::string("internal error in the engine: ") + e.what();
  }
  report.seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  {
    std::lock_guard lk(wd_mu);
    done = true;
  }
  wd_cv.notify_all();
  if (watchdog.joinable()) watchdog.join();

  for (auto& n : m.nodes) {
    if (auto s = n->stage->close(); !s)
      m.host.log().write(sdk::LogLevel::error, fmt::format("stage '{}' failed to close: {}",
                                                           n->plan->id, s.error().message));
  }
  report.stages = m.snapshot();
  report.peak_live_items = m.live.peak();
  report.outputs = m.outputs.load();
  report.cancelled = m.stop_admitting.load();
  report.timed_out = timed_out.load();
  {
    std::lock_guard lk(m.results_mu);
    report.accounts = std::move(m.results);
  }
  // Tear down nodes before the graph; the graph is idle after wait_for_all.
  m.input.reset();
  m.admit.reset();
  m.entry.reset();
  for (auto& n : m.nodes) {
    n->cpu.reset();
    n->async.reset();
    n->limiter.reset();
    n->queue.reset();
    n->gather.reset();
  }
  m.graph.reset();
  return report;
}

}  // namespace buyergraph::engine
