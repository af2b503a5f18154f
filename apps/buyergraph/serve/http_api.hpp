#pragma once
// The REST API (/v1) and the web app's files, on a cpp-httplib server (docs/serve.md).
#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "buyergraph/resolve/resolver.hpp"
#include "company_suggest.hpp"
#include "group_service.hpp"
#include "rate_limit.hpp"
#include "tokens.hpp"

namespace buyergraph::serve {

struct ApiOptions {
  std::string seller_dir;    ///< the seller profiles GET/PUT /v1/sellers reads and writes
  std::string web_dir;       ///< the web app's files
  std::string openapi_file;  ///< docs/openapi.json
  bool require_tokens = false;
  std::vector<std::string> cors_origins;  ///< empty: no CORS headers at all
  double rate_per_second = 20;            ///< per caller; <= 0: no limit
  double rate_burst = 60;
  std::size_t max_body_bytes = 2 << 20;
  std::size_t max_batch_rows = 1000;
  int max_event_streams = 64;
};

class Api {
 public:
  Api(GroupService& service, TokenStore* tokens, ApiOptions options);
  /// Registers every route of kRoutes plus the web app, auth, limits and error bodies.
  void install(httplib::Server& server);
  /// Stops the event streams (before the server stops).
  void stop_streams() { stopping_ = true; }

 private:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  void on(httplib::Server& server, std::string_view method, std::string_view path, Handler h);

  void post_group(const httplib::Request& req, httplib::Response& res);
  void get_group(const httplib::Request& req, httplib::Response& res);
  void delete_group(const httplib::Request& req, httplib::Response& res);
  void get_report(const httplib::Request& req, httplib::Response& res);
  void get_events(const httplib::Request& req, httplib::Response& res);
  void get_companies(const httplib::Request& req, httplib::Response& res);
  void list_sellers(const httplib::Request& req, httplib::Response& res);
  void get_seller(const httplib::Request& req, httplib::Response& res);
  void put_seller(const httplib::Request& req, httplib::Response& res);
  void get_history(const httplib::Request& req, httplib::Response& res);
  void get_diff(const httplib::Request& req, httplib::Response& res);
  void post_batch(const httplib::Request& req, httplib::Response& res);
  void get_batch(const httplib::Request& req, httplib::Response& res);
  void get_batch_csv(const httplib::Request& req, httplib::Response& res);
  void get_metrics(const httplib::Request& req, httplib::Response& res);
  void get_web(const httplib::Request& req, httplib::Response& res);

  /// The group of a job or saved run, or sets a 404 problem.
  std::shared_ptr<const sdk::BuyerGroup> group_or_404(const std::string& id,
                                                      httplib::Response& res);
  nlohmann::json job_json(const JobView& job, bool with_report) const;
  bool authorised(const httplib::Request& req, httplib::Response& res, std::string& caller);

  GroupService& service_;
  TokenStore* tokens_;
  ApiOptions options_;
  RateLimiter limiter_;
  CompanySuggestions suggestions_;
  std::optional<resolve::Resolver> resolver_;
  std::string resolver_error_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> streams_{0};

  struct Batch {
    std::string seller;
    std::vector<std::pair<std::string, std::string>> rows;  ///< (row key, job id)
    std::vector<nlohmann::json> bad_rows;
  };
  std::mutex batches_mu_;
  std::map<std::string, Batch> batches_;
  /// A copy of batch `id` (taken under the lock), or nothing when there is none.
  std::optional<Batch> find_batch(const std::string& id);

  // Counted per route template and status class, for /metrics.
  std::mutex counts_mu_;
  std::map<std::pair<std::string, int>, std::uint64_t> request_counts_;
  std::map<std::string, double> request_seconds_;
};

}  // namespace buyergraph::serve
