// Test and benchmark stages: a generator, trivial maps, a filter, an async sleeper, a failing
// stage, a gather and a counting sink. Records are JsonRecords of types "test.number"
// ({"account", "i", "n"}), "test.batch" and "test.company".
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <buyergraph/sdk.hpp>

#include "counter.hpp"

using namespace buyergraph::sdk;
using nlohmann::json;

namespace {

Item number(const std::string& account, std::int64_t i, std::int64_t n) {
  return Item::make<JsonRecord>("test.number", json{{"account", account}, {"i", i}, {"n", n}});
}

const json& data_of(const Item& in) {
  const auto* r = dynamic_cast<const JsonRecord*>(in.record());
  if (!r) throw std::runtime_error("expected a JSON record, got '" + std::string(in.type()) + "'");
  return r->data;
}

// account -> `count` numbers (or the account's `attributes.count` when present).
class Generate final : public ExpandStage {
 public:
  struct Options {
    std::int64_t count = 3;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>().option("count", &Options::count, "numbers per account").min(0);
  }
  Generate(const StageInit&, const Options& o) : count_(o.count) {}

 protected:
  void expand(const Item& in, Context& ctx, Emitter& out) override {
    const Account* a = in.as<Account>();
    if (!a) throw std::runtime_error("test.generate reads accounts");
    std::int64_t n =
        a->attributes.contains("count") ? a->attributes["count"].get<std::int64_t>() : count_;
    for (std::int64_t i = 0; i < n && !ctx.cancelled(); ++i) out.emit(number(a->key, i, i));
  }

 private:
  std::int64_t count_;
};

// n -> n * multiply + add. Cheap on purpose: the engine-overhead benchmark uses it. With
// `serial`, a call that overlaps another call of the same stage fails (tests of `concurrency: 1`).
class Arith final : public MapStage {
 public:
  struct Options {
    std::int64_t add = 1;
    std::int64_t multiply = 1;
    bool serial = false;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .option("add", &Options::add, "added to n")
        .option("multiply", &Options::multiply, "n is multiplied by it first")
        .option("serial", &Options::serial, "fail a call that overlaps another");
  }
  Arith(const StageInit&, const Options& o) : add_(o.add), mul_(o.multiply), serial_(o.serial) {}

 protected:
  Item map(const Item& in, Context&) override {
    if (!serial_) return compute(in);
    struct InCall {
      std::atomic<int>& n;
      ~InCall() { n.fetch_sub(1); }
    } guard{in_call_};
    if (in_call_.fetch_add(1) != 0) throw std::runtime_error("called while another call ran");
    Item out = compute(in);
    std::this_thread::yield();  // widen the window a concurrent call would hit
    return out;
  }

 private:
  Item compute(const Item& in) const {
    const json& d = data_of(in);
    return number(d["account"].get<std::string>(), d["i"].get<std::int64_t>(),
                  d["n"].get<std::int64_t>() * mul_ + add_);
  }
  std::int64_t add_, mul_;
  bool serial_;
  std::atomic<int> in_call_{0};
};

// Passes its input on unchanged (a group stage after a gather, in tests).
class Pass final : public MapStage {
 public:
  explicit Pass(const StageInit&) {}

 protected:
  Item map(const Item& in, Context&) override { return in; }
};

class KeepEven final : public FilterStage {
 public:
  explicit KeepEven(const StageInit&) {}

 protected:
  Verdict keep(const Item& in, Context&) override {
    return data_of(in)["n"].get<std::int64_t>() % 2 == 0 ? Verdict::pass() : Verdict::reject("odd");
  }
};

// Throws on every item whose i is a multiple of `every` (or on every item of `account`).
class Fail final : public MapStage {
 public:
  struct Options {
    std::int64_t every = 0;
    std::string account;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .option("every", &Options::every, "fail items whose i is a multiple of this (0 = none)")
        .min(0)
        .option("account", &Options::account, "fail every item of this account key");
  }
  Fail(const StageInit&, Options o) : every_(o.every), account_(std::move(o.account)) {}

 protected:
  Item map(const Item& in, Context& ctx) override {
    const json& d = data_of(in);
    if (!account_.empty() && ctx.account().key == account_)
      throw std::runtime_error("injected failure for account " + account_);
    if (every_ > 0 && d["i"].get<std::int64_t>() % every_ == 0)
      throw std::runtime_error("injected failure");
    return in;
  }

 private:
  std::int64_t every_;
  std::string account_;
};

// Passes items on after `latency_ms`, without holding a worker thread.
class Sleep final : public AsyncStage {
 public:
  struct Options {
    int latency_ms = 50;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .option("latency_ms", &Options::latency_ms, "delay per item")
        .min(0)
        .max(600000);
  }
  Sleep(const StageInit&, const Options& o) : latency_(o.latency_ms) {}

 protected:
  void start(const Item& in, Context& ctx, Reply reply) override {
    ctx.host().timers().after(std::chrono::milliseconds(latency_),
                              [reply, in](bool cancelled) mutable {
                                if (cancelled)
                                  return reply.finish(Status::error("cancelled", "run cancelled"));
                                reply.emit(in);
                                reply.finish();
                              });
  }

 private:
  int latency_;
};

// account -> a company named after it; `not_found` for names listed in `unknown`.
class Resolve final : public MapStage {
 public:
  struct Options {
    std::vector<std::string> unknown;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>().option("unknown", &Options::unknown, "names that do not resolve");
  }
  Resolve(const StageInit&, Options o) : unknown_(std::move(o.unknown)) {}

 protected:
  Item map(const Item& in, Context&) override {
    const Account* a = in.as<Account>();
    if (!a) throw std::runtime_error("test.resolve reads accounts");
    for (const auto& u : unknown_)
      if (u == a->name) throw std::runtime_error("no company named " + a->name);
    return Item::make<JsonRecord>("test.company", json{{"account", a->key}, {"name", a->name}});
  }

 private:
  std::vector<std::string> unknown_;
};

// company -> `count` numbers.
class Spread final : public ExpandStage {
 public:
  struct Options {
    std::int64_t count = 3;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>().option("count", &Options::count, "numbers per company").min(0);
  }
  Spread(const StageInit&, const Options& o) : count_(o.count) {}

 protected:
  void expand(const Item& in, Context&, Emitter& out) override {
    const json& d = data_of(in);
    for (std::int64_t i = 0; i < count_; ++i)
      out.emit(number(d["account"].get<std::string>(), i, i));
  }

 private:
  std::int64_t count_;
};

// All numbers of an account -> one batch, sorted by i.
class Collect final : public GatherStage {
 public:
  explicit Collect(const StageInit&) {}

 protected:
  Item gather(std::vector<Item>& items, Context& ctx) override {
    std::vector<json> rows;
    rows.reserve(items.size());
    for (const auto& it : items) rows.push_back(data_of(it));
    std::sort(rows.begin(), rows.end(),
              [](const json& a, const json& b) { return a["i"] < b["i"]; });
    return Item::make<JsonRecord>("test.batch",
                                  json{{"account", ctx.account().key}, {"items", rows}});
  }
};

// Counts what it receives per account; optionally slow; writes the counts as JSON on close.
class Count final : public SinkStage {
 public:
  struct Options {
    int delay_ms = 0;
    std::string output;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>()
        .option("delay_ms", &Options::delay_ms, "blocking delay per item (a slow sink)")
        .min(0)
        .option("output", &Options::output, "JSON file for the counts, written at the end");
  }
  Count(const StageInit&, Options o) : delay_(o.delay_ms), output_(std::move(o.output)) {}

 protected:
  void write(const Item&, Context& ctx) override {
    if (delay_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_));
    std::lock_guard lk(mu_);
    ++counts_[ctx.account().key];
  }
  void flush() override {
    if (output_.empty()) return;
    std::ofstream out(output_);
    if (!out) throw std::runtime_error("cannot write " + output_);
    out << json(counts_).dump(2) << "\n";
  }

 private:
  int delay_;
  std::string output_;
  std::mutex mu_;
  std::map<std::string, std::int64_t> counts_;
};

// account -> `count` counters (benchmarks).
class Counters final : public ExpandStage {
 public:
  struct Options {
    std::int64_t count = 1000;
  };
  static OptionsSpec<Options> options() {
    return OptionsSpec<Options>().option("count", &Options::count, "counters per account").min(0);
  }
  Counters(const StageInit&, const Options& o) : count_(o.count) {}

 protected:
  void expand(const Item&, Context&, Emitter& out) override {
    for (std::int64_t i = 0; i < count_; ++i) {
      auto c = std::make_shared<buyergraph::testing::Counter>();
      c->value = i;
      out.emit(Item(std::move(c)));
    }
  }

 private:
  std::int64_t count_;
};

class Inc final : public MapStage {
 public:
  explicit Inc(const StageInit&) {}

 protected:
  Item map(const Item& in, Context&) override { return buyergraph::testing::increment(in); }
};

constexpr const char* kNumber = "test.number";

void register_stages(Registrar& r) {
  r.add(make_stage<Generate>(
      {.name = "test.generate",
       .kind = StageKind::expand,
       .execution = Execution::cpu,
       .input_type = "account",
       .output_type = kNumber,
       .summary = "Emits `count` numbers per account (attributes.count overrides)",
       .docs = "Each number is {account, i, n=i}. Used by tests and benchmarks."}));
  r.add(make_stage<Arith>({.name = "test.arith",
                           .kind = StageKind::map,
                           .input_type = kNumber,
                           .output_type = kNumber,
                           .summary = "n -> n * multiply + add"}));
  r.add(make_stage<Pass>({.name = "test.pass",
                          .kind = StageKind::map,
                          .input_type = "*",
                          .output_type = "*",
                          .summary = "Passes items on unchanged"}));
  r.add(make_stage<KeepEven>({.name = "test.keep_even",
                              .kind = StageKind::filter,
                              .input_type = kNumber,
                              .output_type = kNumber,
                              .summary = "Drops odd numbers (reason: odd)"}));
  r.add(make_stage<Fail>({.name = "test.fail",
                          .kind = StageKind::map,
                          .input_type = kNumber,
                          .output_type = kNumber,
                          .summary = "Throws on chosen items, to test error routing"}));
  r.add(make_stage<Sleep>(
      {.name = "test.sleep",
       .kind = StageKind::map,
       .execution = Execution::async,
       .input_type = "*",
       .output_type = "*",
       .summary = "Passes items on after a delay, holding no thread (an I/O stand-in)"}));
  r.add(make_stage<Resolve>(
      {.name = "test.resolve",
       .kind = StageKind::resolve,
       .input_type = "account",
       .output_type = "test.company",
       .summary = "Account -> company named after it; fails for names in `unknown`"}));
  r.add(make_stage<Spread>({.name = "test.spread",
                            .kind = StageKind::expand,
                            .input_type = "test.company",
                            .output_type = kNumber,
                            .summary = "Company -> `count` numbers"}));
  r.add(make_stage<Collect>({.name = "test.collect",
                             .kind = StageKind::gather,
                             .input_type = kNumber,
                             .output_type = "test.batch",
                             .summary = "All numbers of an account -> one batch sorted by i"}));
  r.add(make_stage<Counters>(
      {.name = "test.counters",
       .kind = StageKind::expand,
       .input_type = "account",
       .output_type = "test.counter",
       .summary = "Emits `count` minimal counter records per account (benchmarks)"}));
  r.add(make_stage<Inc>({.name = "test.inc",
                         .kind = StageKind::map,
                         .input_type = "test.counter",
                         .output_type = "test.counter",
                         .summary = "Counter + 1: the cheapest possible map (benchmarks)"}));
  r.add(make_stage<Count>(
      {.name = "test.count",
       .kind = StageKind::sink,
       .input_type = "*",
       .output_type = "",
       .summary = "Counts items per account; optional delay; writes counts on close"}));
}

}  // namespace

BUYERGRAPH_PLUGIN("testing", "1.0.0", "Stages for testing and benchmarking the engine",
                  register_stages)
