#include "http_api.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "../account_failure.hpp"
#include "../batch_accounts.hpp"
#include "../run_diff.hpp"
#include "buyergraph/report/csv.hpp"
#include "buyergraph/report/files.hpp"
#include "buyergraph/report/html.hpp"
#include "buyergraph/report/json_report.hpp"
#include "buyergraph/report/markdown.hpp"
#include "buyergraph/resolve/candidate_source.hpp"
#include "buyergraph/sellers/profile.hpp"
#include "buyergraph/store/candidates.hpp"
#include "metrics_text.hpp"
#include "problem.hpp"
#include "routes.hpp"

namespace buyergraph::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "/v1/groups/{id}/report.{format}" -> "/v1/groups/([^/]+)/report\.([^/]+)"
std::string route_regex(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '{') {
      i = path.find('}', i);
      out += "([^/]+)";
    } else if (c == '.') {
      out += "\\.";
    } else {
      out += c;
    }
  }
  return out;
}

// [a-z0-9][a-z0-9_-]{0,63}: a file name in the seller folder, never a path.
bool valid_seller_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name[0] == '-' || name[0] == '_') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return true;
}

// The profile NAME from the seller folder. It is known to callers by its name only: the server's
// path stays out of reports (the seller line, evidence sources) and out of error messages.
sdk::Result<sdk::SellerProfile> load_named_seller(const std::string& seller_dir,
                                                  const std::string& name) {
  const fs::path file = fs::path(seller_dir) / (name + ".yaml");
  if (!fs::exists(file))
    return sdk::Error{"not_found", fmt::format("no seller profile named \"{}\"", name)};
  return sellers::load_seller_profile(file.string(), name + ".yaml");
}

// A JSON string member: absent is fine, a wrong type is an error.
bool read_string(const json& body, const char* key, std::string& out, json& errors,
                 std::size_t max_len = 300) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) {
    errors.push_back({{"field", key}, {"message", fmt::format("{} must be a string", key)}});
    return false;
  }
  out = it->get<std::string>();
  if (out.size() > max_len) {
    errors.push_back({{"field", key},
                      {"message", fmt::format("{} is longer than {} characters", key, max_len)}});
    return false;
  }
  return true;
}

json run_summary_json(const store::Store::RunSummary& r) {
  json j{{"run_id", r.id},
         {"company_id", r.company_id},
         {"company", r.company_name},
         {"account", r.account_key},
         // The profile's name, not where the file sits on the server.
         {"seller", r.seller.empty() || r.seller == "default" ? "default"
                                                              : fs::path(r.seller).stem().string()},
         {"pipeline", r.pipeline},
         {"created_at", r.created_at},
         {"status", r.status},
         {"members", r.members},
         {"coverage", nullptr}};
  if (r.coverage) j["coverage"] = *r.coverage;
  return j;
}

}  // namespace

Api::Api(GroupService& service, TokenStore* tokens, ApiOptions options)
    : service_(service),
      tokens_(tokens),
      options_(std::move(options)),
      limiter_(options_.rate_per_second, options_.rate_burst),
      suggestions_(service.store()) {
  auto r = resolve::Resolver::load_default();
  if (r)
    resolver_.emplace(std::move(*r));
  else
    resolver_error_ = r.error().message;
}

void Api::on(httplib::Server& server, std::string_view method, std::string_view path, Handler h) {
  bool listed = false;
  for (const auto& r : kRoutes) listed |= r.method == method && r.path == path;
  if (!listed) throw std::logic_error(fmt::format("route {} {} is not in kRoutes", method, path));
  const std::string pattern = route_regex(path), name(path);
  auto counted = [this, name, h = std::move(h)](const httplib::Request& req,
                                                httplib::Response& res) {
    const auto t0 = std::chrono::steady_clock::now();
    h(req, res);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::lock_guard lk(counts_mu_);
    ++request_counts_[{name, res.status}];
    request_seconds_[name] += s;
  };
  if (method == "GET") server.Get(pattern, counted);
  if (method == "POST") server.Post(pattern, counted);
  if (method == "PUT") server.Put(pattern, counted);
  if (method == "DELETE") server.Delete(pattern, counted);
}

bool Api::authorised(const httplib::Request& req, httplib::Response& res, std::string& caller) {
  caller = req.remote_addr;
  if (!options_.require_tokens) return true;
  const std::string auth = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (auth.rfind(prefix, 0) != 0) {
    res.set_header("WWW-Authenticate", "Bearer");
    set_problem(res, 401,
                "this server needs an API token: send \"Authorization: Bearer TOKEN\" (create one "
                "with `buyergraph tokens create NAME`)");
    return false;
  }
  auto name = tokens_ ? tokens_->check(auth.substr(prefix.size())) : std::nullopt;
  if (!name) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    set_problem(res, 401, "the API token is not valid (unknown or revoked)");
    return false;
  }
  caller = "token:" + *name;
  return true;
}

void Api::install(httplib::Server& server) {
  server.set_payload_max_length(options_.max_body_bytes);
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"X-Frame-Options", "DENY"}});
  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const bool api = req.path.rfind("/v1/", 0) == 0 || req.path == "/metrics";
    // CORS only for the origins the operator named; preflights end here.
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty()) {
      for (const auto& o : options_.cors_origins)
        if (o == origin) {
          res.set_header("Access-Control-Allow-Origin", origin);
          res.set_header("Vary", "Origin");
          res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
          res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
        }
      if (req.method == "OPTIONS") {
        res.status = res.has_header("Access-Control-Allow-Origin") ? 204 : 403;
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (!api) return httplib::Server::HandlerResponse::Unhandled;
    std::string caller;
    if (!authorised(req, res, caller)) return httplib::Server::HandlerResponse::Handled;
    double wait = 0;
    if (!limiter_.allow(caller, &wait)) {
      res.set_header("Retry-After", std::to_string(static_cast<int>(wait) + 1));
      set_problem(
          res, 429,
          fmt::format("too many requests; try again in {} second(s)", static_cast<int>(wait) + 1));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Errors without a body of their own (unknown path, body too large) become problems too.
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404)
      set_problem(res, 404, fmt::format("no such page or API route: {}", req.path));
    else if (res.status == 413)
      set_problem(res, 413, "the request body is larger than this server accepts");
    else
      set_problem(res, res.status, "the request could not be handled");
  });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
        std::string what = "unknown error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        set_problem(res, 500, "the server failed on this request: " + what);
      });

  auto bind = [this](void (Api::*fn)(const httplib::Request&, httplib::Response&)) {
    return
        [this, fn](const httplib::Request& req, httplib::Response& res) { (this->*fn)(req, res); };
  };
  on(server, "GET", "/healthz", [](const httplib::Request&, httplib::Response& res) {
    set_json(res, {{"status", "ok"}});
  });
  on(server, "GET", "/readyz", [this](const httplib::Request&, httplib::Response& res) {
    if (service_.ready())
      set_json(res, {{"status", "ready"}, {"pipeline", service_.pipeline_name()}});
    else
      set_problem(res, 503, "the pipeline is not running yet");
  });
  on(server, "GET", "/metrics", bind(&Api::get_metrics));
  on(server, "GET", "/v1/openapi.json", [this](const httplib::Request&, httplib::Response& res) {
    const std::string doc = slurp(options_.openapi_file);
    if (doc.empty())
      return set_problem(res, 500, "the API description is missing from this install");
    res.set_content(doc, "application/json");
  });
  on(server, "POST", "/v1/groups", bind(&Api::post_group));
  on(server, "GET", "/v1/groups/{id}", bind(&Api::get_group));
  on(server, "DELETE", "/v1/groups/{id}", bind(&Api::delete_group));
  on(server, "GET", "/v1/groups/{id}/report.{format}", bind(&Api::get_report));
  on(server, "GET", "/v1/groups/{id}/events", bind(&Api::get_events));
  on(server, "GET", "/v1/companies", bind(&Api::get_companies));
  on(server, "GET", "/v1/sellers", bind(&Api::list_sellers));
  on(server, "GET", "/v1/sellers/{name}", bind(&Api::get_seller));
  on(server, "PUT", "/v1/sellers/{name}", bind(&Api::put_seller));
  on(server, "GET", "/v1/history", bind(&Api::get_history));
  on(server, "GET", "/v1/runs/{a}/diff/{b}", bind(&Api::get_diff));
  on(server, "POST", "/v1/batches", bind(&Api::post_batch));
  on(server, "GET", "/v1/batches/{id}", bind(&Api::get_batch));
  on(server, "GET", "/v1/batches/{id}/results.csv", bind(&Api::get_batch_csv));
  // The web app: its page and its files (no data in them; the API serves the data).
  server.Get("/", bind(&Api::get_web));
  server.Get(R"(/web/([A-Za-z0-9_-]+\.(js|css|svg|html)))", bind(&Api::get_web));
}

// --- groups -----------------------------------------------------------------------------------

json Api::job_json(const JobView& job, bool with_report) const {
  const std::string id = job.id;
  json j{{"id", id},
         {"status", to_string(job.state)},
         {"company", job.request.company},
         {"domain", job.request.domain},
         {"seller", job.request.seller_name.empty() ? "default" : job.request.seller_name},
         {"deal_size", job.request.seller.deal_size},
         {"seconds", std::round(job.seconds * 100) / 100},
         {"links",
          {{"self", "/v1/groups/" + id},
           {"events", "/v1/groups/" + id + "/events"},
           {"html", "/v1/groups/" + id + "/report.html"},
           {"markdown", "/v1/groups/" + id + "/report.md"},
           {"csv", "/v1/groups/" + id + "/report.csv"},
           {"json", "/v1/groups/" + id + "/report.json"}}}};
  if (job.state == JobState::queued) j["queue_position"] = job.queue_position;
  if (job.cancel_requested && job.state == JobState::running) j["status"] = "cancelling";
  if (job.state == JobState::running)
    if (auto p = service_.progress(id))
      j["progress"] = {
          {"step", p->step}, {"of", p->of}, {"stage", p->stage}, {"summary", p->summary}};
  if (!job.warnings.empty()) j["warnings"] = job.warnings;
  if (job.state == JobState::failed)
    j["error"] = {{"code", job.error_code},
                  {"detail", cli::describe_account_failure(job.request.company, job.error_code,
                                                           job.error_message)}};
  if (job.group) {
    j["result_status"] = job.result_status;
    j["members"] = job.group->members.size();
    if (with_report) j["report"] = report::to_report_json(*job.group);
  }
  return j;
}

void Api::post_group(const httplib::Request& req, httplib::Response& res) {
  json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return set_problem(res, 400,
                       "the request body must be a JSON object, e.g. {\"company\": \"Contoso\"}");
  json errors = json::array();
  JobRequest r;
  std::string pipeline, company_id;
  read_string(body, "company", r.company, errors);
  read_string(body, "domain", r.domain, errors);
  read_string(body, "company_id", company_id, errors, 100);
  read_string(body, "seller", r.seller_name, errors, 64);
  read_string(body, "pipeline", pipeline, errors);
  if (r.company.find_first_not_of(" \t") == std::string::npos && r.domain.empty() &&
      company_id.empty())
    errors.push_back({{"field", "company"}, {"message", "name the company (or give its domain)"}});
  std::optional<double> deal;
  if (auto it = body.find("deal_size"); it != body.end() && !it->is_null()) {
    if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 1e12)
      errors.push_back({{"field", "deal_size"},
                        {"message", "deal_size must be a number above 0 (the deal's value)"}});
    else
      deal = it->get<double>();
  }
  if (!pipeline.empty() && pipeline != service_.pipeline_name())
    errors.push_back({{"field", "pipeline"},
                      {"message", fmt::format("this server runs the pipeline \"{}\"; start "
                                              "another server for \"{}\"",
                                              service_.pipeline_name(), pipeline)}});
  if (!r.seller_name.empty() && !valid_seller_name(r.seller_name))
    errors.push_back(
        {{"field", "seller"}, {"message", "a seller name is lower-case letters, digits, - and _"}});
  if (!errors.empty())
    return set_problem(res, 422, errors.front()["message"].get<std::string>(),
                       {{"errors", errors}});
  if (r.seller_name.empty()) {
    r.seller = sellers::default_seller_profile();
  } else {
    auto s = load_named_seller(options_.seller_dir, r.seller_name);
    if (!s && s.error().code == "not_found")
      return set_problem(
          res, 422, s.error().message,
          {{"errors",
            json::array({{{"field", "seller"}, {"message", "unknown seller profile"}}})}});
    if (!s) return set_problem(res, 422, s.error().message);
    r.seller = std::move(*s);
  }
  if (deal) r.seller.deal_size = *deal;
  // A company id picks one namesake: the account names it as the provider's id.
  if (!company_id.empty() && r.company.empty()) r.company = company_id;
  auto id = service_.submit(std::move(r), company_id);
  if (!id) {
    res.set_header("Retry-After", "5");
    return set_problem(res, 503, "the server has too many groups queued; try again shortly");
  }
  auto job = service_.jobs().get(*id);
  res.set_header("Location", "/v1/groups/" + *id);
  set_json(res, job ? job_json(*job, false) : json{{"id", *id}}, 202);
}

std::shared_ptr<const sdk::BuyerGroup> Api::group_or_404(const std::string& id,
                                                         httplib::Response& res) {
  if (auto job = service_.jobs().get(id)) {
    if (job->group) return job->group;
    set_problem(res, job->state == JobState::failed ? 422 : 409,
                job->state == JobState::failed
                    ? cli::describe_account_failure(job->request.company, job->error_code,
                                                    job->error_message)
                : job->state == JobState::cancelled
                    ? std::string("the group was cancelled; there is no report")
                    : fmt::format("the group is not ready yet: it is {}", to_string(job->state)),
                {{"status", to_string(job->state)}});
    return nullptr;
  }
  if (auto g = service_.store().run_group(id)) return std::make_shared<sdk::BuyerGroup>(*g);
  set_problem(res, 404, fmt::format("no group or saved run with the id \"{}\"", id));
  return nullptr;
}

void Api::get_group(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  if (auto job = service_.jobs().get(id)) return set_json(res, job_json(*job, true));
  // Older jobs live on as saved runs.
  if (auto g = service_.store().run_group(id)) {
    JobView v;
    v.id = id;
    v.state = JobState::done;
    v.request.company = g->company.name;
    v.request.seller_name = g->seller.name;
    v.request.seller = g->seller;
    v.result_status = g->run.value("status", std::string());
    v.group = std::make_shared<sdk::BuyerGroup>(*g);
    return set_json(res, job_json(v, true));
  }
  set_problem(res, 404, fmt::format("no group with the id \"{}\"", id));
}

void Api::delete_group(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  switch (service_.cancel(id)) {
    case JobQueue::CancelOutcome::unknown:
      return set_problem(res, 404, fmt::format("no group with the id \"{}\"", id));
    case JobQueue::CancelOutcome::already_finished:
      return set_problem(res, 409, "the group is finished already; there is nothing to cancel");
    case JobQueue::CancelOutcome::cancelled:
    case JobQueue::CancelOutcome::cancelling:
      break;
  }
  auto job = service_.jobs().get(id);
  set_json(res, job ? job_json(*job, false) : json{{"id", id}}, 202);
}

void Api::get_report(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1], format = req.matches[2];
  if (format != "json" && format != "html" && format != "md" && format != "csv")
    return set_problem(res, 404,
                       fmt::format("no report format \"{}\" (use json, html, md or csv)", format));
  std::string flavor_name = req.has_param("flavor") ? req.get_param_value("flavor") : "generic";
  auto flavor = report::parse_crm_flavor(flavor_name);
  if (!flavor) return set_problem(res, 400, "flavor must be generic, hubspot or salesforce");
  auto group = group_or_404(id, res);
  if (!group) return;
  const std::string file = report::safe_slug(group->company.name, group->company.id) + "." + format;
  if (req.has_param("download"))
    res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", file));
  if (format == "json") return set_json(res, report::to_report_json(*group));
  if (format == "html") {
    // The report stands alone: no scripts, nothing fetched.
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    return res.set_content(report::render_html(*group), "text/html; charset=utf-8");
  }
  if (format == "md")
    return res.set_content(report::render_markdown(*group), "text/markdown; charset=utf-8");
  res.set_content(report::render_csv(*group, *flavor), "text/csv; charset=utf-8");
}

void Api::get_events(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  auto first = service_.jobs().get(id);
  if (!first) {
    if (service_.store().run_summary(id)) {
      // A saved run: finished long ago.
      json done{{"id", id}, {"status", "done"}};
      return res.set_content(fmt::format("event: status\ndata: {}\n\n", done.dump()),
                             "text/event-stream");
    }
    return set_problem(res, 404, fmt::format("no group with the id \"{}\"", id));
  }
  if (streams_.load() >= options_.max_event_streams) {
    res.set_header("Retry-After", "5");
    return set_problem(res, 503, "too many event streams are open; poll /v1/groups/{id} instead");
  }
  res.set_header("Cache-Control", "no-cache");
  auto seen = std::make_shared<std::uint64_t>(~std::uint64_t{0});
  auto seen_step = std::make_shared<int>(-1);
  auto last_write =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  ++streams_;
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, id, seen, seen_step, last_write](std::size_t, httplib::DataSink& sink) {
        if (stopping_.load()) {
          sink.done();
          return true;
        }
        auto job = *seen == ~std::uint64_t{0}
                       ? service_.jobs().get(id)
                       : service_.jobs().wait_change(id, *seen, std::chrono::milliseconds(100));
        if (!job) {
          sink.done();
          return true;
        }
        const auto now = std::chrono::steady_clock::now();
        // A new status, or the group reached a further step of the pipeline.
        const auto progress =
            job->state == JobState::running ? service_.progress(id) : std::nullopt;
        const int step = progress ? progress->step : -1;
        if (job->version != *seen || step != *seen_step) {
          *seen = job->version;
          *seen_step = step;
          const std::string msg = fmt::format(
              "id: {}.{}\nevent: status\ndata: {}\n\n", job->version, step + 1,
              job_json(*job, false).dump(-1, ' ', false, json::error_handler_t::replace));
          if (!sink.write(msg.data(), msg.size())) return false;
          *last_write = now;
          const bool final = job->state == JobState::done || job->state == JobState::failed ||
                             job->state == JobState::cancelled;
          if (final) sink.done();
        } else if (now - *last_write > std::chrono::seconds(10)) {
          // A comment keeps proxies from closing an idle stream, and tells us the client left.
          static const std::string ping = ": still working\n\n";
          if (!sink.write(ping.data(), ping.size())) return false;
          *last_write = now;
        }
        return true;
      },
      [this](bool) { --streams_; });
}

// --- companies, sellers, history, diff --------------------------------------------------------

void Api::get_companies(const httplib::Request& req, httplib::Response& res) {
  const std::string q = req.get_param_value("q");
  if (q.find_first_not_of(" \t") == std::string::npos || q.size() > 300)
    return set_problem(res, 400, "give the company to look for: /v1/companies?q=Contoso");
  if (!resolver_)
    return set_problem(res, 500, "company resolution is unavailable: " + resolver_error_);
  store::StoreCandidateSource source(service_.store());
  auto r = resolve::resolve(*resolver_, q, source, 20);
  json out = resolve::to_json(r);
  // What tells namesakes apart at a glance: industry, size, headquarters.
  auto add_details = [&](json& c) {
    if (!c.is_object() || !c.contains("id")) return;
    auto company = service_.store().company(c["id"].get<std::string>());
    if (!company) return;
    c["industry"] = company->industry;
    c["employees"] = company->employees ? json(*company->employees) : json(nullptr);
    c["hq"] = company->hq_city.empty() ? company->hq_country
                                       : company->hq_city + ", " + company->hq_country;
  };
  add_details(out["company"]);
  for (auto& c : out["candidates"]) add_details(c);
  // Names that start with what was typed, for suggestions while typing.
  out["suggestions"] = json::array();
  for (const auto& s : suggestions_.find(q))
    out["suggestions"].push_back({{"id", s.id},
                                  {"name", s.name},
                                  {"domain", s.domain},
                                  {"industry", s.industry},
                                  {"hq", s.hq},
                                  {"employees", s.employees ? json(*s.employees) : json(nullptr)}});
  set_json(res, out);
}

void Api::list_sellers(const httplib::Request&, httplib::Response& res) {
  json out = json::array();
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(options_.seller_dir, ec))
    if (e.path().extension() == ".yaml" && valid_seller_name(e.path().stem().string()))
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto p = sellers::load_seller_profile_issues(f.string());
    json s{{"name", f.stem().string()}, {"valid", p.ok()}};
    if (p.ok()) {
      s["product"] = p.profile.product;
      s["category"] = p.profile.category;
      s["deal_size"] = p.profile.deal_size;
      s["currency"] = p.profile.currency;
    }
    out.push_back(s);
  }
  set_json(res, {{"sellers", out},
                 {"default", {{"deal_size", sellers::default_seller_profile().deal_size}}}});
}

void Api::get_seller(const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.matches[1];
  if (!valid_seller_name(name))
    return set_problem(res, 404, "a seller name is lower-case letters, digits, - and _");
  const fs::path file = fs::path(options_.seller_dir) / (name + ".yaml");
  if (!fs::exists(file))
    return set_problem(res, 404, fmt::format("no seller profile named \"{}\"", name));
  auto p = sellers::load_seller_profile_issues(file.string());
  json issues = json::array();
  for (const auto& i : p.issues)
    issues.push_back(
        {{"line", i.line}, {"column", i.column}, {"field", i.field}, {"message", i.message}});
  json profile = p.profile;
  profile.erase("source_file");  // a server path, not the caller's business
  set_json(res, {{"name", name},
                 {"valid", p.ok()},
                 {"issues", issues},
                 {"profile", profile},
                 {"yaml", slurp(file)}});
}

void Api::put_seller(const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.matches[1];
  if (!valid_seller_name(name))
    return set_problem(res, 422,
                       "a seller name is lower-case letters, digits, - and _ (at most 64)");
  std::string yaml = req.body;
  if (req.get_header_value("Content-Type").rfind("application/json", 0) == 0) {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("yaml") ||
        !body["yaml"].is_string())
      return set_problem(res, 400, "send the profile as YAML, or as JSON {\"yaml\": \"...\"}");
    yaml = body["yaml"].get<std::string>();
  }
  auto p = sellers::parse_seller_profile(yaml, name + ".yaml");
  if (!p.ok()) {
    json issues = json::array();
    std::string lines;
    for (const auto& i : p.issues) {
      issues.push_back(
          {{"line", i.line}, {"column", i.column}, {"field", i.field}, {"message", i.message}});
      lines += (lines.empty() ? "" : "\n") + i.to_string();
    }
    return set_problem(res, 422, lines, {{"errors", issues}});
  }
  const fs::path file = fs::path(options_.seller_dir) / (name + ".yaml");
  const bool existed = fs::exists(file);
  if (auto w = report::write_file_atomically(file, yaml); !w)
    return set_problem(res, 500, "cannot save the seller profile: " + w.error().message);
  set_json(res, {{"name", name}, {"saved", true}}, existed ? 200 : 201);
}

void Api::get_history(const httplib::Request& req, httplib::Response& res) {
  const std::string company = req.get_param_value("company");
  if (company.find_first_not_of(" \t") == std::string::npos || company.size() > 300)
    return set_problem(res, 400, "give the company: /v1/history?company=Contoso");
  json runs = json::array();
  for (const auto& r : service_.store().runs_for_company(company))
    runs.push_back(run_summary_json(r));
  set_json(res, {{"company", company}, {"runs", runs}});
}

void Api::get_diff(const httplib::Request& req, httplib::Response& res) {
  const std::string a = req.matches[1], b = req.matches[2];
  auto ga = service_.store().run_group(a);
  if (!ga) return set_problem(res, 404, fmt::format("no saved run \"{}\"", a));
  auto gb = service_.store().run_group(b);
  if (!gb) return set_problem(res, 404, fmt::format("no saved run \"{}\"", b));
  json d = cli::diff_groups(*ga, *gb);
  d["from"] = run_summary_json(*service_.store().run_summary(a));
  d["to"] = run_summary_json(*service_.store().run_summary(b));
  d["text"] = cli::render_diff_text(d);
  set_json(res, d);
}

// --- batches ----------------------------------------------------------------------------------

void Api::post_batch(const httplib::Request& req, httplib::Response& res) {
  const std::string seller_name = req.get_param_value("seller");
  if (!seller_name.empty() && !valid_seller_name(seller_name))
    return set_problem(res, 422, "a seller name is lower-case letters, digits, - and _");
  sdk::SellerProfile seller = sellers::default_seller_profile();
  if (!seller_name.empty()) {
    auto s = load_named_seller(options_.seller_dir, seller_name);
    if (!s) return set_problem(res, 422, s.error().message);
    seller = std::move(*s);
  }
  // The accounts file reader works on files (its size caps hold for pipes too): a private copy.
  char tmpl[] = "/tmp/buyergraph-upload-XXXXXX";
  const int fd = ::mkstemp(tmpl);
  if (fd < 0) return set_problem(res, 500, "cannot store the upload");
  const bool written =
      ::write(fd, req.body.data(), req.body.size()) == static_cast<ssize_t>(req.body.size());
  ::close(fd);
  cli::AccountsFile file = written ? cli::read_accounts_file(tmpl) : cli::AccountsFile{};
  ::unlink(tmpl);
  if (!written) return set_problem(res, 500, "cannot store the upload");
  if (!file.fatal.empty()) return set_problem(res, 422, "the accounts CSV: " + file.fatal);
  json bad = json::array();
  for (const auto& e : file.errors) bad.push_back({{"line", e.line}, {"message", e.message}});
  std::vector<cli::BatchRow> rows;
  for (auto& r : file.rows) {
    if (!r.seller_file.empty())
      bad.push_back({{"line", r.line},
                     {"message",
                      "the seller column names files on your machine; upload with "
                      "?seller=NAME instead"}});
    else
      rows.push_back(std::move(r));
  }
  if (rows.empty())
    return set_problem(res, 422, "the accounts CSV has no usable row", {{"bad_rows", bad}});
  if (rows.size() > options_.max_batch_rows)
    return set_problem(res, 413,
                       fmt::format("a batch holds at most {} accounts; this one has {}",
                                   options_.max_batch_rows, rows.size()));
  const std::string batch_id = "batch-" + cli::new_run_id();
  Batch batch;
  batch.seller = seller_name.empty() ? "default" : seller_name;
  batch.bad_rows = bad;
  for (const auto& row : rows) {
    JobRequest r;
    r.company = row.name.empty() ? (row.domain.empty() ? row.provider_id : row.domain) : row.name;
    r.domain = row.domain;
    r.seller_name = seller_name;
    r.seller = seller;
    if (row.deal_size) r.seller.deal_size = *row.deal_size;
    r.batch_id = batch_id;
    auto id = service_.submit(std::move(r), row.provider_id);
    batch.rows.emplace_back(row.key, id.value_or(""));
  }
  const std::size_t accepted = static_cast<std::size_t>(std::count_if(
      batch.rows.begin(), batch.rows.end(), [](const auto& r) { return !r.second.empty(); }));
  {
    std::lock_guard lk(batches_mu_);
    batches_[batch_id] = std::move(batch);
  }
  res.set_header("Location", "/v1/batches/" + batch_id);
  set_json(res,
           {{"id", batch_id},
            {"accounts", rows.size()},
            {"queued", accepted},
            {"refused", rows.size() - accepted},
            {"bad_rows", bad},
            {"links",
             {{"self", "/v1/batches/" + batch_id},
              {"results", "/v1/batches/" + batch_id + "/results.csv"}}}},
           202);
}

std::optional<Api::Batch> Api::find_batch(const std::string& id) {
  std::lock_guard lk(batches_mu_);
  auto it = batches_.find(id);
  if (it == batches_.end()) return std::nullopt;
  return it->second;
}

void Api::get_batch(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  const auto found = find_batch(id);
  if (!found) return set_problem(res, 404, fmt::format("no batch \"{}\"", id));
  const Batch& batch = *found;
  std::map<std::string, std::size_t> tally;
  json accounts = json::array();
  for (const auto& [key, job_id] : batch.rows) {
    json a{{"key", key}, {"group", job_id}};
    auto job = job_id.empty() ? std::nullopt : service_.jobs().get(job_id);
    std::string status = job_id.empty() ? "refused"
                         : job          ? std::string(to_string(job->state))
                                        : "done";
    a["status"] = status;
    if (job && job->state == JobState::failed)
      a["error"] =
          cli::describe_account_failure(job->request.company, job->error_code, job->error_message);
    if (job && job->group) a["members"] = job->group->members.size();
    ++tally[status];
    accounts.push_back(a);
  }
  const std::size_t finished = tally["done"] + tally["failed"] + tally["cancelled"];
  set_json(res, {{"id", id},
                 {"seller", batch.seller},
                 {"total", batch.rows.size()},
                 {"finished", finished},
                 {"counts", tally},
                 {"bad_rows", batch.bad_rows},
                 {"accounts", accounts}});
}

void Api::get_batch_csv(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  const auto found = find_batch(id);
  if (!found) return set_problem(res, 404, fmt::format("no batch \"{}\"", id));
  const Batch& batch = *found;
  std::string csv = "key,company,status,run_id,members,coverage,detail\r\n";
  for (const auto& [key, job_id] : batch.rows) {
    auto job = job_id.empty() ? std::nullopt : service_.jobs().get(job_id);
    std::string company, status = job_id.empty() ? "refused" : "done", members, coverage, detail;
    if (job) {
      company = job->group ? job->group->company.name : job->request.company;
      status = std::string(to_string(job->state));
      if (job->group) members = std::to_string(job->group->members.size());
      if (job->group && job->group->coverage.contains("score") &&
          job->group->coverage["score"].is_number())
        coverage = fmt::format("{}", job->group->coverage["score"].get<double>());
      if (job->state == JobState::failed)
        detail = cli::describe_account_failure(job->request.company, job->error_code,
                                               job->error_message);
      std::replace(detail.begin(), detail.end(), '\n', ' ');  // one line per account
    } else if (auto s = service_.store().run_summary(job_id)) {
      company = s->company_name;
      members = std::to_string(s->members);
      if (s->coverage) coverage = std::to_string(*s->coverage);
    }
    csv +=
        fmt::format("{},{},{},{},{},{},{}\r\n", report::csv_cell(key), report::csv_cell(company),
                    status, report::csv_cell(job_id), members, coverage, report::csv_cell(detail));
  }
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}.csv\"", id));
  res.set_content(csv, "text/csv; charset=utf-8");
}

// --- metrics and the web app ------------------------------------------------------------------

void Api::get_metrics(const httplib::Request&, httplib::Response& res) {
  MetricsInput in;
  in.jobs = service_.jobs().counts();
  in.stages = service_.stage_metrics();
  in.ledger = service_.ledger();
  in.streams = streams_.load();
  {
    std::lock_guard lk(counts_mu_);
    in.requests = request_counts_;
    in.request_seconds = request_seconds_;
  }
  res.set_content(prometheus_text(in), "text/plain; version=0.0.4; charset=utf-8");
}

void Api::get_web(const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.path == "/" ? "index.html" : std::string(req.matches[1]);
  const fs::path file = fs::path(options_.web_dir) / name;
  std::string body = slurp(file);
  if (body.empty())
    return set_problem(res, 404,
                       fmt::format("the web app's file {} is missing from this install", name));
  const std::string ext = file.extension().string();
  const char* type = ext == ".js"    ? "text/javascript; charset=utf-8"
                     : ext == ".css" ? "text/css; charset=utf-8"
                     : ext == ".svg" ? "image/svg+xml"
                                     : "text/html; charset=utf-8";
  // Only this server's own files run: data shown by the app can never become a script.
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                 "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  res.set_header("Cache-Control", "no-cache");
  res.set_content(body, type);
}

}  // namespace buyergraph::serve
