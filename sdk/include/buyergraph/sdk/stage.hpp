#pragma once
// Stage interfaces. The host calls one noexcept entry point, `Stage::invoke`; the convenience
// bases below implement it inside the plugin, catching every exception there, so no exception
// ever crosses the plugin boundary. Plugin authors derive from one base per stage kind.
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/config.hpp>

#include "buyergraph/sdk/account.hpp"
#include "buyergraph/sdk/host.hpp"
#include "buyergraph/sdk/record.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::sdk {

/// What a stage does to the stream, which fixes its cardinality.
enum class StageKind {
  resolve,  ///< account -> 1 record; a failure ends the account (e.g. "ambiguous")
  expand,   ///< 1 -> N
  map,      ///< 1 -> 1
  filter,   ///< 1 -> 0/1, drops carry a reason
  gather,   ///< all items of an account -> 1 (count-based barrier)
  group,    ///< the account's one record -> 1 (after a gather)
  sink,     ///< consumes records (reports, files, databases)
};

/// Where a stage's work runs: on a TBB worker (cpu), or outside it, completing later (async).
enum class Execution { cpu, async };

std::string_view to_string(StageKind k) noexcept;
std::string_view to_string(Execution e) noexcept;

/// The account an item belongs to, the host, and cancellation, for one stage call.
class BOOST_SYMBOL_VISIBLE Context {
 public:
  virtual ~Context();
  virtual const Account& account() const = 0;
  virtual Host& host() = 0;
  /// True once the run is being cancelled; long loops should poll it and stop.
  virtual bool cancelled() const noexcept = 0;
  /// The pipeline's stage id, for messages.
  virtual std::string_view stage_id() const noexcept = 0;
  /// The record this account's resolve stage produced (e.g. the company), or an empty Item
  /// before it ran or when the pipeline has no resolve stage. Lets any later stage read the
  /// account's entity without threading it through every item.
  ///
  ///   const Company* company = ctx.resolved().as<Company>();
  virtual const Item& resolved() const noexcept = 0;
};

/// One invocation of a stage, implemented by the host. `finish` must be called exactly once;
/// an async stage keeps the call alive with `retain()` and finishes it from any thread. A CPU
/// stage emits and finishes from the thread that invoked it (the host hands the call's last
/// output its own unit of the account's count, without locking).
class BOOST_SYMBOL_VISIBLE Call {
 public:
  virtual ~Call();
  /// The input item (every kind but gather).
  virtual const Item& input() const = 0;
  /// All items of the account (gather only), in arrival order.
  virtual std::vector<Item>& inputs() = 0;
  virtual Context& context() = 0;
  /// Sends an output downstream.
  virtual void emit(Item item) = 0;
  /// Records that the input was dropped on purpose (a filter's "no"), with the reason.
  virtual void drop(std::string_view reason) = 0;
  /// Ends the call. A non-ok status marks the item failed; the pipeline's on_error decides.
  virtual void finish(Status status) noexcept = 0;
  /// A shared handle on this call that keeps it alive until finish (async stages).
  virtual std::shared_ptr<Call> retain() = 0;
};

/// The host-facing interface of every stage.
class BOOST_SYMBOL_VISIBLE Stage {
 public:
  virtual ~Stage();
  virtual void invoke(Call& call) noexcept = 0;
  /// Sinks flush here once the run ends; other stages may release resources.
  virtual Status close() noexcept { return Status::ok(); }
};

namespace detail {
/// The exception being handled as an error Status; call only inside a catch block.
inline Status exception_status() noexcept {
  try {
    throw;
  } catch (const std::exception& e) {
    return Status::error("stage_exception", e.what());
  } catch (...) {
    return Status::error("stage_exception", "unknown exception");
  }
}

/// Turns any exception thrown by plugin code into an error Status, inside the plugin.
template <class F>
Status guarded(F&& f) noexcept {
  try {
    f();
    return Status::ok();
  } catch (...) {
    return exception_status();
  }
}
}  // namespace detail

/// 1 -> 1 on a worker thread. Also the base for resolve and group stages.
///
///   class Upper : public MapStage {
///     Item map(const Item& in, Context&) override {
///       auto r = in.as<JsonRecord>(); ...; return Item::make<JsonRecord>(...);
///     }
///   };
class MapStage : public Stage {
 public:
  // The success path builds no Status object beyond a null pointer: it runs once per item.
  void invoke(Call& call) noexcept final {
    Item out;
    try {
      out = map(call.input(), call.context());
    } catch (...) {
      return call.finish(detail::exception_status());
    }
    if (!out) return call.finish(Status::error("no_output", "map stage returned no item"));
    call.emit(std::move(out));
    call.finish(Status::ok());
  }

 protected:
  /// Return the output item; throw (or return an empty Item) on failure.
  virtual Item map(const Item& in, Context& ctx) = 0;
};

/// The verdict of a filter: keep, or drop with a reason that reports can show.
struct Verdict {
  bool keep = true;
  std::string reason;
  static Verdict pass() { return {true, {}}; }
  static Verdict reject(std::string why) { return {false, std::move(why)}; }
};

/// 1 -> 0/1 on a worker thread.
///
///   Verdict keep(const Item& in, Context&) override {
///     return current(in) ? Verdict::pass() : Verdict::reject("former employee");
///   }
class FilterStage : public Stage {
 public:
  void invoke(Call& call) noexcept final {
    Verdict v;
    try {
      v = keep(call.input(), call.context());
    } catch (...) {
      return call.finish(detail::exception_status());
    }
    if (v.keep)
      call.emit(call.input());
    else
      call.drop(v.reason);
    call.finish(Status::ok());
  }

 protected:
  virtual Verdict keep(const Item& in, Context& ctx) = 0;
};

/// Where an expand stage sends its outputs.
class Emitter {
 public:
  explicit Emitter(Call& c) : call_(c) {}
  void emit(Item item) { call_.emit(std::move(item)); }

 private:
  Call& call_;
};

/// 1 -> N on a worker thread. Emitting nothing is fine: the account still completes.
///
///   void expand(const Item& in, Context&, Emitter& out) override {
///     for (int i = 0; i < 3; ++i) out.emit(Item::make<JsonRecord>("n", i));
///   }
class ExpandStage : public Stage {
 public:
  void invoke(Call& call) noexcept final {
    Emitter out(call);
    call.finish(detail::guarded([&] { expand(call.input(), call.context(), out); }));
  }

 protected:
  virtual void expand(const Item& in, Context& ctx, Emitter& out) = 0;
};

/// All items of one account -> one item. Called once per account, when every item the account
/// produced has arrived here or been dropped or failed upstream (possibly zero items).
class GatherStage : public Stage {
 public:
  void invoke(Call& call) noexcept final {
    Item out;
    Status s = detail::guarded([&] { out = gather(call.inputs(), call.context()); });
    if (s && out) call.emit(std::move(out));
    call.finish(std::move(s));
  }

 protected:
  virtual Item gather(std::vector<Item>& items, Context& ctx) = 0;
};

/// Consumes records. Called serially unless the pipeline raises its concurrency.
class SinkStage : public Stage {
 public:
  void invoke(Call& call) noexcept final {
    call.finish(detail::guarded([&] { write(call.input(), call.context()); }));
  }
  Status close() noexcept override {
    return detail::guarded([&] { flush(); });
  }

 protected:
  virtual void write(const Item& in, Context& ctx) = 0;
  virtual void flush() {}
};

// Typed bases: the record types are template parameters, so stage code receives the record
// itself. Lint has checked that the upstream stage produces In; the base's one type check (the
// same cost as the `as<T>()` a stage made before) turns a miswired plugin into an item error
// instead of undefined behaviour. make_stage<T> fills the spec's input and output types.

namespace detail {
template <class T>
const T& record_of(const Item& in, Context& ctx) {
  if (const T* r = in.as<T>()) return *r;
  throw std::runtime_error(std::string(ctx.stage_id()) + " reads " + std::string(T::kType) +
                           " records, got '" + std::string(in.type()) + "'");
}
}  // namespace detail

/// In -> Out on a worker thread.
///
///   class Plan final : public MapOf<Company, PeopleQuery> {
///     PeopleQuery map(const Company& c, Context&) override { ... }
///   };
template <class In, class Out>
class MapOf : public MapStage {
 public:
  using InputRecord = In;
  using OutputRecord = Out;

 protected:
  virtual Out map(const In& in, Context& ctx) = 0;

 private:
  Item map(const Item& in, Context& ctx) final {
    return Item::make<Out>(map(detail::record_of<In>(in, ctx), ctx));
  }
};

/// T -> T changed in place (copied first only when another item shares the record).
///
///   class Score final : public UpdateOf<Candidate> {
///     void update(Candidate& c, Context&) override { c.scores = ...; }
///   };
template <class T>
class UpdateOf : public MapStage {
 public:
  using InputRecord = T;
  using OutputRecord = T;

 protected:
  virtual void update(T& record, Context& ctx) = 0;

 private:
  Item map(const Item& in, Context& ctx) final {
    (void)detail::record_of<T>(in, ctx);
    Item out = in;
    update(*out.mutate<T>(), ctx);
    return out;
  }
};

/// Keeps or drops an In, with the reason.
template <class In>
class FilterOf : public FilterStage {
 public:
  using InputRecord = In;
  using OutputRecord = In;

 protected:
  virtual Verdict keep(const In& in, Context& ctx) = 0;

 private:
  Verdict keep(const Item& in, Context& ctx) final {
    return keep(detail::record_of<In>(in, ctx), ctx);
  }
};

/// Consumes In records.
template <class In>
class SinkOf : public SinkStage {
 public:
  using InputRecord = In;

 protected:
  virtual void write(const In& in, Context& ctx) = 0;

 private:
  void write(const Item& in, Context& ctx) final { write(detail::record_of<In>(in, ctx), ctx); }
};

/// Completes an async call from any thread: emit outputs, then finish once.
class Reply {
 public:
  explicit Reply(std::shared_ptr<Call> c) : call_(std::move(c)) {}
  void emit(Item item) { call_->emit(std::move(item)); }
  void drop(std::string_view reason) { call_->drop(reason); }
  void finish(Status s = Status::ok()) noexcept {
    if (call_) {
      auto c = std::move(call_);
      c->finish(std::move(s));
    }
  }
  const Item& input() const { return call_->input(); }
  Context& context() { return call_->context(); }

 private:
  std::shared_ptr<Call> call_;
};

/// I/O work that completes later without holding a worker thread: `start` hands the work to a
/// host service (HTTP client, timers) and returns; the service's callback finishes the reply.
///
///   void start(const Item& in, Context& ctx, Reply reply) override {
///     ctx.host().timers().after(50ms, [reply, in](bool cancelled) mutable {
///       if (cancelled) return reply.finish(Status::error("cancelled", "run cancelled"));
///       reply.emit(in);
///       reply.finish();
///     });
///   }
class AsyncStage : public Stage {
 public:
  void invoke(Call& call) noexcept final {
    std::shared_ptr<Call> handle;
    Status s = detail::guarded([&] {
      handle = call.retain();
      start(call.input(), call.context(), Reply(handle));
    });
    if (!s) call.finish(std::move(s));  // start threw before handing off: finish here
  }

 protected:
  /// Must arrange for exactly one `reply.finish()`, unless it throws.
  virtual void start(const Item& in, Context& ctx, Reply reply) = 0;
};

}  // namespace buyergraph::sdk
