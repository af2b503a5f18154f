#include "buyergraph/engine/metered_http.hpp"

#include <cstdint>
#include <sstream>

#include <fmt/format.h>

namespace buyergraph::engine {
namespace {

// Two independent 64-bit FNV-1a variants: a 128-bit digest without a crypto library. The key
// is not a security boundary (the cache is the user's own file); it only has to not collide.
std::uint64_t fnv1a(std::string_view a, std::string_view b, std::uint64_t basis,
                    std::uint64_t prime) {
  std::uint64_t h = basis;
  for (std::string_view part : {a, std::string_view("\x1f", 1), b})
    for (unsigned char c : part) {
      h ^= c;
      h *= prime;
    }
  return h;
}

sdk::Result<std::chrono::seconds> parse_duration(const nlohmann::json& v,
                                                 const std::string& where) {
  auto bad = [&] {
    return sdk::Error{"invalid_config",
                      where + ": expected seconds or a duration such as 90s, 15m, 12h, 30d"};
  };
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0)
    return std::chrono::seconds(v.get<std::int64_t>());
  if (!v.is_string()) return bad();
  const std::string s = v.get<std::string>();
  if (s.size() < 2) return bad();
  std::int64_t n = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9' || n > 100'000'000) return bad();
    n = n * 10 + (s[i] - '0');
  }
  switch (s.back()) {
    case 's':
      return std::chrono::seconds(n);
    case 'm':
      return std::chrono::seconds(n * 60);
    case 'h':
      return std::chrono::seconds(n * 3600);
    case 'd':
      return std::chrono::seconds(n * 86400);
    default:
      return bad();
  }
}

// A cached answer: "<status>\n" + "name: value\n" per header + "\n" + body.
std::string encode(const sdk::HttpResponse& r) {
  std::string out = std::to_string(r.status) + "\n";
  for (const auto& [k, v] : r.headers)
    if (k.find('\n') == std::string::npos && v.find('\n') == std::string::npos)
      out.append(k).append(": ").append(v).append("\n");
  out += "\n";
  out += r.body;
  return out;
}

std::optional<sdk::HttpResponse> decode(const std::string& s) {
  sdk::HttpResponse r;
  std::size_t pos = s.find('\n');
  if (pos == std::string::npos) return std::nullopt;
  try {
    r.status = std::stoi(s.substr(0, pos));
  } catch (...) {
    return std::nullopt;
  }
  ++pos;
  while (pos < s.size() && s[pos] != '\n') {
    std::size_t end = s.find('\n', pos);
    if (end == std::string::npos) return std::nullopt;
    std::string line = s.substr(pos, end - pos);
    std::size_t colon = line.find(": ");
    if (colon == std::string::npos) return std::nullopt;
    r.headers[line.substr(0, colon)] = line.substr(colon + 2);
    pos = end + 1;
  }
  if (pos >= s.size()) return std::nullopt;
  r.body = s.substr(pos + 1);
  r.from_cache = true;
  return r;
}

bool is_2xx(const sdk::HttpResponse& r) { return r.status >= 200 && r.status < 300; }

sdk::Error failure(std::string code, std::string message) {
  return sdk::Error{std::move(code), std::move(message), false};
}

}  // namespace

std::optional<sdk::Error> classify_answer(const sdk::HttpResponse& r, const std::string& key_env) {
  if (r.status == 0) {
    const std::string code = r.error ? r.error->code : "transport";
    // The host refused the call itself: its message already says why (never data or keys).
    if (code == "budget_exhausted" || code == "dry_run" || code == "auth_failed" ||
        code == "out_of_credits" || code == "unknown_resource")
      return r.error;
    const char* why = code == "timeout"     ? "no answer before the timeout (after retries)"
                      : code == "connect"   ? "could not connect (after retries)"
                      : code == "cancelled" ? "cancelled with the run"
                                            : "transfer failed (after retries)";
    return failure(code, why);
  }
  if (is_2xx(r)) return std::nullopt;
  const std::string http = "HTTP " + std::to_string(r.status);
  switch (r.status) {
    case 401:
    case 403:
      return failure("auth_failed", "the API key was rejected (" + http + ")" +
                                        (key_env.empty() ? "" : "; check " + key_env) +
                                        ". No further calls to this provider in this run");
    case 402:
      return failure("out_of_credits",
                     "out of credits (HTTP 402). No further calls to this provider in this run");
    case 429:
      return failure("rate_limited", "rate limited (HTTP 429) after retries; lower rate_per_s");
    case 400:
    case 422:
      return failure("bad_query", "the provider rejected the request (" + http + "); not retried");
    case 404:
      return failure("not_found", "no match (HTTP 404)");
    default:
      break;
  }
  if (r.status >= 500)
    return failure("provider_unavailable", "server error (" + http + ") after retries");
  return failure("provider_error", "unexpected " + http);
}

bool stops_resource(const sdk::Error& e) {
  return e.code == "auth_failed" || e.code == "out_of_credits";
}

std::chrono::seconds CachePolicy::ttl_for(const std::string& data_class) const {
  if (!enabled || data_class.empty()) return std::chrono::seconds(0);
  auto it = ttl.find(data_class);
  return it == ttl.end() ? std::chrono::seconds(0) : it->second;
}

sdk::Result<CachePolicy> parse_cache_policy(const nlohmann::json& j) {
  CachePolicy p;
  if (j.is_null()) return p;
  if (!j.is_object()) return sdk::Error{"invalid_config", "resources.cache must be an object"};
  for (const auto& [key, value] : j.items()) {
    if (key == "enabled") {
      if (!value.is_boolean())
        return sdk::Error{"invalid_config", "resources.cache.enabled: expected true or false"};
      p.enabled = value.get<bool>();
    } else if (key == "ttl") {
      if (!value.is_object())
        return sdk::Error{"invalid_config",
                          "resources.cache.ttl: expected an object of data class: duration"};
      for (const auto& [cls, d] : value.items()) {
        auto ttl = parse_duration(d, "resources.cache.ttl." + cls);
        if (!ttl) return ttl.error();
        p.ttl[cls] = *ttl;
      }
    } else {
      return sdk::Error{"invalid_config",
                        "resources.cache." + key + ": unknown field (enabled, ttl)"};
    }
  }
  return p;
}

std::string cache_key(const sdk::HttpRequest& r, const std::string& base_url) {
  const std::uint64_t a = fnv1a(base_url, r.body, 14695981039346656037ULL, 1099511628211ULL);
  const std::uint64_t b =
      fnv1a(r.body, base_url, 0x84222325cbf29ce4ULL, 0x100000001b3ULL ^ 0x5bd1e995ULL);
  return fmt::format("{}:{}:{} {}#{:016x}{:016x}:{}", r.cache_class, r.resource, r.method, r.path,
                     a, b, r.body.size());
}

MeteredHttpClient::MeteredHttpClient(sdk::HttpClient& transport, sdk::Cache& cache,
                                     sdk::Timers& timers, CostLedger& ledger, CachePolicy policy,
                                     std::map<std::string, ResourceInfo> resources,
                                     const Redactor* secrets, sdk::Metrics* metrics)
    : transport_(transport),
      cache_(cache),
      timers_(timers),
      ledger_(ledger),
      policy_(std::move(policy)),
      resources_(std::move(resources)),
      secrets_(secrets),
      metrics_(metrics) {}

std::optional<sdk::Error> MeteredHttpClient::stopped(const std::string& resource) const {
  std::lock_guard lock(stopped_mu_);
  auto it = stopped_.find(resource);
  if (it == stopped_.end()) return std::nullopt;
  return it->second;
}

void MeteredHttpClient::stop(const std::string& resource, const sdk::Error& why) {
  std::lock_guard lock(stopped_mu_);
  stopped_.emplace(resource, why);  // the first failure's words stay
}

bool MeteredHttpClient::holds_secret(const std::string& encoded) const {
  return secrets_ != nullptr && secrets_->found_in(encoded);
}

void MeteredHttpClient::complete_later(std::function<void(sdk::HttpResponse)> done,
                                       sdk::HttpResponse response) {
  timers_.after(std::chrono::milliseconds(0),
                [done = std::move(done), response = std::move(response)](bool) mutable {
                  done(std::move(response));
                });
}

void MeteredHttpClient::send(sdk::HttpRequest request,
                             std::function<void(sdk::HttpResponse)> done) {
  const auto info = resources_.find(request.resource);
  const std::string base_url = info == resources_.end() ? "" : info->second.base_url;
  const double usd_per_credit = info == resources_.end() ? 0 : info->second.usd_per_credit;
  const std::string key_env = info == resources_.end() ? "" : info->second.key_env;

  // A rejected key or an empty balance earlier in this run: one failed call, not one per person.
  if (auto why = stopped(request.resource)) {
    sdk::HttpResponse r;
    r.error = std::move(why);
    return complete_later(std::move(done), std::move(r));
  }

  const auto ttl = policy_.ttl_for(request.cache_class);
  std::string key;
  if (ttl.count() > 0) {
    key = cache_key(request, base_url);
    if (auto hit = cache_.get(key); hit && !holds_secret(*hit)) {  // older versions stored any
      if (auto r = decode(*hit)) {
        ledger_.count_call(request.account, request.resource, true);
        return complete_later(std::move(done), std::move(*r));
      }
    }
  }

  const bool paid = request.credits > 0 || static_cast<bool>(request.charge);
  const double credits = request.credits;
  const double usd = credits * usd_per_credit;
  if (paid && ledger_.dry_run()) {
    ledger_.estimate(request.account, request.resource, 1, credits);
    sdk::HttpResponse r;
    r.error = sdk::Error{"dry_run", "dry run: paid call not sent"};
    return complete_later(std::move(done), std::move(r));
  }
  if (paid) {
    if (auto why = ledger_.reserve(request.account, request.resource, credits, usd)) {
      sdk::HttpResponse r;
      r.error = sdk::Error{"budget_exhausted", *why};
      return complete_later(std::move(done), std::move(r));
    }
  }

  auto charge = std::move(request.charge);
  const std::string account = request.account, resource = request.resource,
                    data_class = request.cache_class;
  transport_.send(std::move(request), [this, done = std::move(done), charge = std::move(charge),
                                       account, resource, data_class, key, ttl, paid, credits, usd,
                                       usd_per_credit, key_env](sdk::HttpResponse r) {
    if (r.status != 0) ledger_.count_call(account, resource, false);
    if (auto why = classify_answer(r, key_env)) {
      if (stops_resource(*why)) stop(resource, *why);
      r.error = std::move(why);
    }
    if (paid) {
      if (is_2xx(r)) {
        sdk::Charge c{credits, 0};
        if (charge) {
          try {
            c = charge(r);
          } catch (...) {
            c = {credits, 0};  // a plugin's pricing bug must not lose the completion
          }
        }
        if (c.usd <= 0) c.usd = c.credits * usd_per_credit;
        ledger_.settle(account, resource, credits, usd, c);
        if (metrics_ != nullptr && c.credits > 0) metrics_->add("credits." + resource, c.credits);
      } else {
        ledger_.release(account, credits, usd);
      }
    }
    // Cached only once the plugin has parsed it (a truncated or malformed 200 is never
    // replayed), without a secret in it, and never by a dry run (it writes nothing).
    if (!key.empty() && is_2xx(r) && !ledger_.dry_run())
      r.on_accept = [this, key, ttl, data_class](const sdk::HttpResponse& accepted) {
        std::string entry = encode(accepted);
        if (holds_secret(entry)) return;
        cache_.put(key, std::move(entry), ttl, data_class);
      };
    done(std::move(r));
  });
}

}  // namespace buyergraph::engine
