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
//
// The hot path touches no cache line another worker writes (docs/performance.md): counters and
// gauges are per-thread shards merged on snapshot, and a call hands its own unit of the count to
// its last output instead of lowering and raising the count (a map stage changes it not at all);
// further outputs take units from a per-call credit reserved kCredit at a time. A CPU call's
// last output, bound for a CPU stage without a concurrency limit, runs next on the same worker
// without a oneTBB task (what oneTBB's task bypass does for a function_node's return value).
#include "buyergraph/engine/runtime.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

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
  // Written when an item's life ends or a call reserves credit; alone on its cache line so that
  // those writes do not evict what every call reads (the account, its flags, `resolved`).
  alignas(64) std::atomic<std::int64_t> outstanding{1};
  std::atomic<std::uint64_t> dropped{0};
  alignas(64) std::shared_ptr<sdk::Account> account;
  std::atomic<bool> failed{false};
  std::atomic<bool> cancelled{false};
  std::atomic<bool> cancel_requested{false};  // Runner::cancel_account: skip what is left
  std::atomic<int> furthest_stage{-1};        // RunOptions::track_accounts: progress
  bool gather_fired = false;                  // touched only by the thread that drains the account
  // Written once by the resolve stage before it forwards the item, so every later stage of the
  // account reads it after the write (message passing orders them).
  sdk::Item resolved;
  SteadyClock::time_point admitted = SteadyClock::now();

  std::mutex mu;  // guards everything below
  std::vector<sdk::Item> gathered;
  std::vector<sdk::Item> outputs;
  std::vector<ItemError> errors;
  std::string fail_code, fail_message;
};
// Units of an account's count a call reserves at once for outputs beyond its first.
constexpr std::int64_t kCredit = 64;

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
    sdk::StageKind kind = sdk::StageKind::map;
    std::shared_ptr<sdk::Stage> stage;
    StageCounters counters;
    std::vector<int> successors;
    bool feeds_gather = false;
    // A CPU stage without a concurrency limit: a worker may run it directly (Impl::run_cpu).
    bool runs_inline = false;
    std::unique_ptr<CpuNode> cpu;
    std::unique_ptr<flow::queue_node<Env>> queue;
    std::unique_ptr<flow::limiter_node<Env, int>> limiter;
    std::unique_ptr<AsyncNode> async;
    std::unique_ptr<GatherNode> gather;
  };

  // A call of a stage on one item (or, for the gather, on one account's items). A CPU call
  // lives on the worker's stack and reads its input in place; an async call owns a copy.
  class CallImpl : public sdk::Call, public sdk::Context {
   public:
    CallImpl(Impl& rt, int stage, const Env& env, bool timed)
        : rt_(rt),
          stage_(stage),
          env_(env),
          started_(timed ? SteadyClock::now() : SteadyClock::time_point{}) {}
    CallImpl(const CallImpl&) = delete;
    CallImpl& operator=(const CallImpl&) = delete;
    const sdk::Item& input() const override { return env_.item; }
    std::vector<sdk::Item>& inputs() override { return gathered_; }
    sdk::Context& context() override { return *this; }
    void emit(sdk::Item item) override {
      if (finished_) return rt_.plugin_bug(stage_, "emit after finish");
      if (!item) return rt_.plugin_bug(stage_, "emitted an empty item");
      rt_.emit(*this, std::move(item));
    }
    void drop(std::string_view reason) override {
      (void)reason;  // counted; filters keep the reasons they need on the records themselves
      const int shard = shard_index();
      bump(rt_.nodes[stage_]->counters.at(shard).dropped, shard);
      env_.acct->dropped.fetch_add(1, std::memory_order_relaxed);
    }
    void finish(sdk::Status status) noexcept override {
      if (std::exchange(finished_, true)) return rt_.plugin_bug(stage_, "finished twice");
      rt_.complete(*this, status);
      after_finish();
    }
    std::shared_ptr<sdk::Call> retain() override { return nullptr; }
    const sdk::Account& account() const override { return *env_.acct->account; }
    sdk::Host& host() override { return rt_.host; }
    bool cancelled() const noexcept override {
      return rt_.hard_cancel.load(std::memory_order_relaxed) ||
             env_.acct->cancel_requested.load(std::memory_order_relaxed);
    }
    std::string_view stage_id() const noexcept override { return rt_.nodes[stage_]->plan->id; }
    const sdk::Item& resolved() const noexcept override { return env_.acct->resolved; }
    bool finished() const noexcept { return finished_; }

    std::vector<sdk::Item> gathered_;

   protected:
    friend struct Runner::Impl;
    virtual void after_finish() noexcept {}
    Impl& rt_;
    int stage_;
    const Env& env_;
    SteadyClock::time_point started_;
    // Not atomic: a CPU call emits and finishes on the thread that invoked it, an async call
    // under its mutex, and its destructor runs after the last handle is released.
    bool finished_ = false;
    // The last output so far, held back so that `finish` can hand it this call's own unit of
    // the account's count (Impl::hand_on, Impl::complete).
    int held_to_ = -1;
    sdk::Item held_;
    std::int64_t credit_ = 0;  // units reserved from the account and not used yet
    // Set by a CPU call on a worker: where `finish` leaves a held output that this worker runs
    // next itself (its stage in `next_stage_`) instead of sending it through a oneTBB task.
    Env* next_ = nullptr;
    int next_stage_ = -1;
  };

  // An async call's input, owned by the call (a base, so it is built before CallImpl).
  struct OwnedEnv {
    Env env;
  };

  // An async call lives on the heap until it finishes; if the plugin drops every handle without
  // finishing, the destructor finishes it as an error so the graph never waits forever. Its
  // emits and finish may come from any thread, so they are serialised here.
  class AsyncCall final : private OwnedEnv,
                          public CallImpl,
                          public std::enable_shared_from_this<AsyncCall> {
   public:
    AsyncCall(Impl& rt, int stage, const Env& env, AsyncNode::gateway_type* gw)
        : OwnedEnv{env}, CallImpl(rt, stage, OwnedEnv::env, true), gw_(gw) {}
    AsyncCall(const AsyncCall&) = delete;
    AsyncCall& operator=(const AsyncCall&) = delete;
    ~AsyncCall() override {
      if (!finished())
        finish(sdk::Status::error("internal", "async stage dropped its call without finishing it"));
    }
    std::shared_ptr<sdk::Call> retain() override { return shared_from_this(); }
    void emit(sdk::Item item) override {
      std::lock_guard lk(mu_);
      CallImpl::emit(std::move(item));
    }
    void finish(sdk::Status status) noexcept override {
      std::lock_guard lk(mu_);
      CallImpl::finish(std::move(status));
    }

   private:
    void after_finish() noexcept override {
      rt_.nodes[stage_]->limiter->decrementer().try_put(1);
      gw_->release_wait();  // last: the graph may go idle right after
    }
    std::mutex mu_;
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
  ShardedGauge live;
  ShardedCounter outputs;
  std::atomic<std::uint64_t> next_key{0};
  std::mutex results_mu;
  // RunOptions::track_accounts: the accounts in flight by key, for cancel_account and progress.
  std::mutex tracked_mu;
  std::unordered_map<std::string, AccountPtr> tracked;
  std::vector<AccountResult> results;

  void plugin_bug(int stage, const char* what) {
    host.log().write(
        sdk::LogLevel::error,
        fmt::format("stage '{}' ({}): {}", nodes[stage]->plan->id, nodes[stage]->plan->use, what));
  }

  // Sends an item to a stage. The caller holds a unit of the account's count for it.
  void send(int to, AccountPtr acct, sdk::Item item, int shard) {
    auto& n = *nodes[to];
    n.counters.queued.add(shard, 1);
    if (n.cpu)
      n.cpu->try_put(Env{acct, std::move(item)});
    else
      n.queue->try_put(Env{acct, std::move(item)});
  }

  // A unit of the account's count for one more item, from the call's credit.
  void take_unit(CallImpl& c) {
    if (c.credit_ == 0) {
      c.env_.acct->outstanding.fetch_add(kCredit, std::memory_order_relaxed);
      c.credit_ = kCredit;
    }
    --c.credit_;
    live.add(shard_index(), 1);
  }

  // Queues an output of the call for stage `to`: the previously held output leaves now with a
  // unit of its own, this one is held until the call finishes.
  void hand_on(CallImpl& c, int to, sdk::Item item) {
    if (c.held_) {
      take_unit(c);
      send(c.held_to_, c.env_.acct, std::move(c.held_), shard_index());
    }
    c.held_to_ = to;
    c.held_ = std::move(item);
  }

  void emit(CallImpl& c, sdk::Item item) {
    auto& n = *nodes[c.stage_];
    const AccountPtr acct = c.env_.acct;
    const int shard = shard_index();
    bump(n.counters.at(shard).out, shard);
    if (n.kind == sdk::StageKind::resolve && !acct->resolved) acct->resolved = item;
    if (n.feeds_gather) {
      std::lock_guard lk(acct->mu);
      acct->gathered.push_back(item);
    }
    if (n.successors.empty()) {
      if (!n.feeds_gather) keep_output(shard, acct, std::move(item));
      return;
    }
    for (std::size_t k = 0; k + 1 < n.successors.size(); ++k) hand_on(c, n.successors[k], item);
    hand_on(c, n.successors.back(), std::move(item));
  }

  void keep_output(int shard, const AccountPtr& acct, sdk::Item item) {
    outputs.add(shard);
    if (!opts.keep_outputs) return;
    std::lock_guard lk(acct->mu);
    acct->outputs.push_back(std::move(item));
  }

  // A stage is done with one item of the account (and with `credit` reserved units).
  void release(const AccountPtr& acct, int shard, std::int64_t credit = 0) {
    live.add(shard, -1);
    const std::int64_t n = credit + 1;
    if (acct->outstanding.fetch_sub(n, std::memory_order_acq_rel) == n) drained(acct, shard);
  }

  void drained(const AccountPtr& acct, int shard) {
    if (plan.gather >= 0 && !acct->gather_fired && !acct->failed.load() &&
        !acct->cancelled.load()) {
      acct->gather_fired = true;
      acct->outstanding.store(1, std::memory_order_release);
      live.add(shard, 1);
      auto& g = *nodes[plan.gather];
      g.counters.queued.add(shard, 1);
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
      r.dropped = acct->dropped.load(std::memory_order_relaxed);
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
    if (opts.track_accounts) {
      std::lock_guard lk(tracked_mu);
      if (auto it = tracked.find(r.account.key); it != tracked.end() && it->second == acct)
        tracked.erase(it);
    }
    delete acct;  // nothing refers to it any more: its count is zero
    {
      std::lock_guard lk(results_mu);
      if (opts.on_account) opts.on_account(r);
      if (!opts.keep_results_outputs) {
        r.outputs.clear();
        r.outputs.shrink_to_fit();
      }
      if (opts.keep_results) results.push_back(std::move(r));
    }
    admit->decrementer().try_put(1);
  }

  // Skips work for accounts that already failed, and everything after a hard cancel.
  bool skip(StageNode& n, const Env& env, int shard) {
    if (hard_cancel.load(std::memory_order_relaxed) ||
        env.acct->cancel_requested.load(std::memory_order_relaxed)) {
      env.acct->cancelled.store(true);
    } else if (!env.acct->failed.load(std::memory_order_relaxed)) {
      return false;
    }
    bump(n.counters.at(shard).skipped, shard);
    return true;
  }

  void complete(CallImpl& c, const sdk::Status& status) {
    auto& n = *nodes[c.stage_];
    const int shard = shard_index();
    auto& counters = n.counters.at(shard);
    const Env& env = c.env_;
    if (c.started_ != SteadyClock::time_point{}) {
      auto ns =
          std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - c.started_)
              .count();
      counters.latency.record(static_cast<std::uint64_t>(ns));
      bump(counters.busy_ns, shard, static_cast<std::uint64_t>(ns));
    }
    if (n.async) n.counters.in_flight.add(-1);  // CPU stages: bounded by their concurrency anyway
    if (status) {
      if (n.kind == sdk::StageKind::sink) {
        bump(counters.out, shard);
        keep_output(shard, env.acct, env.item);
      }
    } else if (status.error().code == "cancelled") {
      env.acct->cancelled.store(true);
      bump(counters.skipped, shard);
    } else {
      bump(counters.errors, shard);
      std::lock_guard lk(env.acct->mu);
      env.acct->errors.push_back(
          {n.plan->id, status.error().code, host.redactor().apply(status.error().message)});
      if (n.plan->on_error == OnError::fail && !env.acct->failed.load()) {
        env.acct->fail_code = status.error().code;
        env.acct->fail_message = env.acct->errors.back().message;
        env.acct->failed.store(true);
      }
    }
    // Last, and nothing of the account is touched after it: the held output takes over this
    // call's unit (a 1 -> 1 stage leaves the count alone), or the unit goes with the credit.
    const AccountPtr acct = env.acct;
    if (c.held_) {
      if (c.credit_ > 0) acct->outstanding.fetch_sub(c.credit_, std::memory_order_acq_rel);
      c.credit_ = 0;
      if (c.next_ && nodes[c.held_to_]->runs_inline) {
        *c.next_ = Env{acct, std::move(c.held_)};
        c.next_stage_ = c.held_to_;
      } else {
        send(c.held_to_, acct, std::move(c.held_), shard);
      }
    } else {
      release(acct, shard, std::exchange(c.credit_, 0));
    }
  }

  static void reached(const AccountPtr& acct, int stage) {
    int seen = acct->furthest_stage.load(std::memory_order_relaxed);
    while (seen < stage && !acct->furthest_stage.compare_exchange_weak(seen, stage)) {
    }
  }

  // A CPU stage's task: runs the call, then, as long as a call's last output goes to a stage
  // that may run here, that stage's call on the same worker (a loop: the stack does not grow).
  void run_cpu(int i, const Env& env) {
    nodes[i]->counters.queued.add(shard_index(), -1);
    Env next;
    run_chain(cpu_call(i, env, next), next);
  }

  void run_chain(int stage, Env& next) {
    while (stage >= 0) {
      const Env in = std::move(next);
      stage = cpu_call(stage, in, next);
    }
  }

  // One CPU call; returns the stage to run next on this worker (its input in `next`) or -1.
  int cpu_call(int i, const Env& env, Env& next) {
    auto& n = *nodes[i];
    const int shard = shard_index();
    if (skip(n, env, shard)) {
      release(env.acct, shard);
      return -1;
    }
    const auto nth = bump(n.counters.at(shard).in, shard);
    if (opts.track_accounts) reached(env.acct, i);
    CallImpl call(*this, i, env, timed_call(nth));
    call.next_ = &next;
    n.stage->invoke(call);
    if (!call.finished())
      call.finish(sdk::Status::error("internal", "stage returned without finishing its call"));
    return call.next_stage_;
  }

  void run_async(int i, const Env& env, AsyncNode::gateway_type& gw) {
    auto& n = *nodes[i];
    const int shard = shard_index();
    n.counters.queued.add(shard, -1);
    if (skip(n, env, shard)) {
      n.limiter->decrementer().try_put(1);
      return release(env.acct, shard);
    }
    bump(n.counters.at(shard).in, shard);
    if (opts.track_accounts) reached(env.acct, i);
    n.counters.in_flight.add(1);
    gw.reserve_wait();
    auto call = std::make_shared<AsyncCall>(*this, i, env, &gw);
    n.stage->invoke(*call);
  }

  void run_gather(int i, const AccountPtr& acct) {
    auto& n = *nodes[i];
    const int shard = shard_index();
    n.counters.queued.add(shard, -1);
    const Env env{acct, sdk::Item(acct->account)};
    if (skip(n, env, shard)) return release(acct, shard);
    if (opts.track_accounts) reached(acct, i);
    Env next;
    int stage = -1;
    {  // the call (and the gathered items) go before the next stage runs
      CallImpl call(*this, i, env, true);
      {
        std::lock_guard lk(acct->mu);
        call.gathered_.swap(acct->gathered);
      }
      bump(n.counters.at(shard).in, shard, call.gathered_.size());
      call.next_ = &next;
      n.stage->invoke(call);
      if (!call.finished())
        call.finish(sdk::Status::error("internal", "gather returned without finishing its call"));
      stage = call.next_stage_;
    }
    run_chain(stage, next);
  }

  std::string build_stages() {
    nodes.clear();
    roots.clear();
    for (std::size_t i = 0; i < plan.stages.size(); ++i) {
      const auto& ps = plan.stages[i];
      auto n = std::make_unique<StageNode>();
      n->plan = &ps;
      n->kind = ps.def->spec.kind;
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
        n.runs_inline = n.plan->concurrency <= 0;
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
          auto* acct = new AccountState(a);  // its count starts at 1: this item
          const int shard = shard_index();
          if (opts.track_accounts) {
            std::lock_guard lk(tracked_mu);
            tracked.emplace(a.key, acct);  // keys are unique in a tracked run
          }
          live.add(shard, 1);
          if ((stop_admitting.load() && hard_cancel.load()) || roots.empty()) {
            if (hard_cancel.load()) acct->cancelled.store(true);
            release(acct, shard);
            return flow::continue_msg();
          }
          // One unit per root; the account item's own unit goes to the last root.
          const auto extra = static_cast<std::int64_t>(roots.size()) - 1;
          if (extra > 0) {
            acct->outstanding.fetch_add(extra, std::memory_order_relaxed);
            live.add(shard, extra);
          }
          const sdk::Item item(acct->account);
          for (int r : roots) send(r, acct, item, shard);
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
      const auto t = n.counters.totals();
      m.in = t.in;
      m.out = t.out;
      m.dropped = t.dropped;
      m.errors = t.errors;
      m.skipped = t.skipped;
      m.peak_queued = n.counters.queued.peak();
      m.peak_in_flight = n.counters.in_flight.peak();
      m.p50_ms = t.p50_ns / 1e6;
      m.p95_ms = t.p95_ns / 1e6;
      m.p99_ms = t.p99_ns / 1e6;
      m.mean_ms = t.mean_ns / 1e6;
      m.max_ms = static_cast<double>(t.max_ns) / 1e6;
      m.busy_s = static_cast<double>(t.busy_ns) / 1e9;
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

std::vector<StageMetrics> Runner::metrics_so_far() const { return impl_->snapshot(); }

bool Runner::cancel_account(const std::string& key) {
  std::lock_guard lk(impl_->tracked_mu);
  auto it = impl_->tracked.find(key);
  if (it == impl_->tracked.end()) return false;
  it->second->cancel_requested.store(true);
  return true;
}

std::optional<int> Runner::account_progress(const std::string& key) const {
  std::lock_guard lk(impl_->tracked_mu);
  auto it = impl_->tracked.find(key);
  if (it == impl_->tracked.end()) return std::nullopt;
  return it->second->furthest_stage.load(std::memory_order_relaxed);
}

RunReport Runner::run(AccountSource& source, const RunOptions& options) {
  auto& m = *impl_;
  RunReport report;
  m.opts = options;
  m.source = &source;
  m.results.clear();
  m.stop_admitting = false;
  m.hard_cancel = false;
  {
    std::lock_guard lk(m.tracked_mu);
    m.tracked.clear();
  }
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
  report.outputs = m.outputs.value();
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
