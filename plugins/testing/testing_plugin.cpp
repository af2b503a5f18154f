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
  explicit Generate(const StageInit& init) : count_(init.config.at("count").get<std::int64_t>()) {}

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
  explicit Arith(const StageInit& init)
      : add_(init.config.at("add").get<std::int64_t>()),
        mul_(init.config.at("multiply").get<std::int64_t>()),
        serial_(init.config.at("serial").get<bool>()) {}

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
  explicit Fail(const StageInit& init)
      : every_(init.config.at("every").get<std::int64_t>()),
        account_(init.config.at("account").get<std::string>()) {}

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
  explicit Sleep(const StageInit& init) : latency_(init.config.at("latency_ms").get<int>()) {}

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
  explicit Resolve(const StageInit& init)
      : unknown_(init.config.at("unknown").get<std::vector<std::string>>()) {}

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
  explicit Spread(const StageInit& init) : count_(init.config.at("count").get<std::int64_t>()) {}

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
  explicit Count(const StageInit& init)
      : delay_(init.config.at("delay_ms").get<int>()),
        output_(init.config.at("output").get<std::string>()) {}

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
  explicit Counters(const StageInit& init) : count_(init.config.at("count").get<std::int64_t>()) {}

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
  r.add({.name = "test.generate",
         .kind = StageKind::expand,
         .execution = Execution::cpu,
         .input_type = "account",
         .output_type = kNumber,
         .summary = "Emits `count` numbers per account (attributes.count overrides)",
         .docs = "Each number is {account, i, n=i}. Used by tests and benchmarks.",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "count":{"type":"integer","minimum":0,"default":3,"description":"numbers per account"}}})json",
         .factory = make_factory<Generate>()});
  r.add({.name = "test.arith",
         .kind = StageKind::map,
         .input_type = kNumber,
         .output_type = kNumber,
         .summary = "n -> n * multiply + add",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "add":{"type":"integer","default":1,"description":"added to n"},
            "multiply":{"type":"integer","default":1,"description":"n is multiplied by it first"},
            "serial":{"type":"boolean","default":false,"description":"fail a call that overlaps another"}}})json",
         .factory = make_factory<Arith>()});
  r.add({.name = "test.pass",
         .kind = StageKind::map,
         .input_type = "*",
         .output_type = "*",
         .summary = "Passes items on unchanged",
         .factory = make_factory<Pass>()});
  r.add({.name = "test.keep_even",
         .kind = StageKind::filter,
         .input_type = kNumber,
         .output_type = kNumber,
         .summary = "Drops odd numbers (reason: odd)",
         .factory = make_factory<KeepEven>()});
  r.add({.name = "test.fail",
         .kind = StageKind::map,
         .input_type = kNumber,
         .output_type = kNumber,
         .summary = "Throws on chosen items, to test error routing",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "every":{"type":"integer","minimum":0,"default":0,"description":"fail items whose i is a multiple of this (0 = none)"},
            "account":{"type":"string","default":"","description":"fail every item of this account key"}}})json",
         .factory = make_factory<Fail>()});
  r.add({.name = "test.sleep",
         .kind = StageKind::map,
         .execution = Execution::async,
         .input_type = "*",
         .output_type = "*",
         .summary = "Passes items on after a delay, holding no thread (an I/O stand-in)",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "latency_ms":{"type":"integer","minimum":0,"maximum":600000,"default":50,"description":"delay per item"}}})json",
         .factory = make_factory<Sleep>()});
  r.add({.name = "test.resolve",
         .kind = StageKind::resolve,
         .input_type = "account",
         .output_type = "test.company",
         .summary = "Account -> company named after it; fails for names in `unknown`",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "unknown":{"type":"array","items":{"type":"string"},"default":[],"description":"names that do not resolve"}}})json",
         .factory = make_factory<Resolve>()});
  r.add({.name = "test.spread",
         .kind = StageKind::expand,
         .input_type = "test.company",
         .output_type = kNumber,
         .summary = "Company -> `count` numbers",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "count":{"type":"integer","minimum":0,"default":3}}})json",
         .factory = make_factory<Spread>()});
  r.add({.name = "test.collect",
         .kind = StageKind::gather,
         .input_type = kNumber,
         .output_type = "test.batch",
         .summary = "All numbers of an account -> one batch sorted by i",
         .factory = make_factory<Collect>()});
  r.add({.name = "test.counters",
         .kind = StageKind::expand,
         .input_type = "account",
         .output_type = "test.counter",
         .summary = "Emits `count` minimal counter records per account (benchmarks)",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "count":{"type":"integer","minimum":0,"default":1000}}})json",
         .factory = make_factory<Counters>()});
  r.add({.name = "test.inc",
         .kind = StageKind::map,
         .input_type = "test.counter",
         .output_type = "test.counter",
         .summary = "Counter + 1: the cheapest possible map (benchmarks)",
         .factory = make_factory<Inc>()});
  r.add({.name = "test.count",
         .kind = StageKind::sink,
         .input_type = "*",
         .output_type = "",
         .summary = "Counts items per account; optional delay; writes counts on close",
         .config_schema = R"json({"type":"object","additionalProperties":false,"properties":{
            "delay_ms":{"type":"integer","minimum":0,"default":0,"description":"blocking delay per item (a slow sink)"},
            "output":{"type":"string","default":"","description":"JSON file for the counts, written at the end"}}})json",
         .factory = make_factory<Count>()});
}

}  // namespace

BUYERGRAPH_PLUGIN("testing", "1.0.0", "Stages for testing and benchmarking the engine",
                  register_stages)
