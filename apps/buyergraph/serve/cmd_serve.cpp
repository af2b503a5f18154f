// `buyergraph serve` (the REST API and the web app) and `buyergraph tokens` (its API tokens).
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "../cli_common.hpp"
#include "../commands.hpp"
#include "buyergraph/store/location.hpp"
#include "buyergraph/store/store.hpp"
#include "buyergraph/text/terminal.hpp"
#include "group_service.hpp"
#include "http_api.hpp"
#include "tokens.hpp"

namespace buyergraph::cli {
namespace {

namespace fs = std::filesystem;

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string store, pipeline, seller_dir, web_dir, reports_dir;
  std::vector<std::string> cors, plugin_paths;
  bool require_tokens = false;
  double rate = 20, burst = 60;
  std::size_t max_body = 2 << 20;
  int threads = 0;
  int max_in_flight = 0;
};

// A folder shipped with buyergraph: $ENV, else next to an installed binary, else the source tree.
std::string shipped(const char* env, const char* installed, const char* source) {
  if (const char* e = std::getenv(env); e != nullptr && *e != '\0') return e;
  const fs::path inst = exe_dir() / ".." / "share" / "buyergraph" / installed;
  if (fs::exists(inst)) return inst.lexically_normal().string();
  return std::string(BUYERGRAPH_SOURCE_ROOT) + "/" + source;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int serve_command(const ServeArgs& a) {
  // Ctrl-C and SIGTERM go to one thread that stops the server; every thread started from here
  // on inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const auto colon = a.listen.rfind(':');
  int port = -1;
  std::string host = colon == std::string::npos ? "" : a.listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  try {
    if (colon != std::string::npos) port = std::stoi(a.listen.substr(colon + 1));
  } catch (const std::exception&) {
  }
  if (host.empty() || port < 0 || port > 65535) {
    std::cerr << fmt::format("error: --listen takes HOST:PORT (e.g. 127.0.0.1:8080), got \"{}\"\n",
                             text::terminal_safe(a.listen));
    return 2;
  }
  select_store(a.store);
  const std::string store_path = store::store_path(a.store);
  {
    auto s = store::Store::open(store_path);  // creates and migrates the store first
    if (!s) {
      std::cerr << "error: " << s.error().message << "\n";
      return 1;
    }
  }
  auto tokens = serve::TokenStore::open(store_path);
  if (!tokens) {
    std::cerr << "error: " << tokens.error().message << "\n";
    return 1;
  }
  const bool need_tokens = a.require_tokens || !is_loopback(host);
  if (need_tokens && !(*tokens)->any_live()) {
    std::cerr << fmt::format(
        "error: listening on {} needs API tokens and the store {} has none; create one with "
        "`buyergraph tokens create NAME --store {}`\n",
        text::terminal_safe(host), store::display_store(store_path),
        store::display_store(store_path));
    return 1;
  }

  serve::ServiceOptions so;
  so.pipeline_file = a.pipeline;
  so.store_path = store_path;
  so.reports_dir = a.reports_dir;
  so.plugin_paths = a.plugin_paths;
  so.threads = a.threads;
  so.max_in_flight = a.max_in_flight;
  auto service = serve::GroupService::start(so);
  if (!service) {
    std::cerr << "error: " << text::terminal_safe_lines(service.error().message) << "\n";
    return 1;
  }

  serve::ApiOptions ao;
  ao.seller_dir =
      a.seller_dir.empty() ? shipped("BUYERGRAPH_SELLERS_DIR", "sellers", "sellers") : a.seller_dir;
  ao.web_dir = a.web_dir.empty() ? shipped("BUYERGRAPH_WEB_DIR", "web", "web") : a.web_dir;
  ao.openapi_file = shipped("BUYERGRAPH_OPENAPI", "openapi.json", "docs/openapi.json");
  ao.require_tokens = need_tokens;
  ao.cors_origins = a.cors;
  ao.rate_per_second = a.rate;
  ao.rate_burst = a.burst;
  ao.max_body_bytes = a.max_body;
  serve::Api api(**service, tokens->get(), ao);

  httplib::Server server;
  // Event streams hold a thread each while open: a pool well above the stream cap.
  server.new_task_queue = [] { return new httplib::ThreadPool(96); };
  server.set_read_timeout(30, 0);
  server.set_write_timeout(30, 0);
  server.set_keep_alive_max_count(1000);
  api.install(server);
  const int bound =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::cerr << fmt::format(
        "error: cannot listen on {}:{} (in use, or not an address of this "
        "machine)\n",
        text::terminal_safe(host), port);
    return 1;
  }
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cerr << fmt::format(
      "buyergraph serve: listening on http://{}:{}/ (pipeline {}, store {}{})\n", shown_host, bound,
      (*service)->pipeline_file(), store_path, need_tokens ? ", API tokens required" : "");
  // Waits for Ctrl-C or SIGTERM, looking every 200 ms whether the server ended on its own.
  std::atomic<bool> ended{false};
  std::thread stopper([&] {
    const timespec tick{0, 200'000'000};
    while (!ended.load()) {
      if (sigtimedwait(&stop_signals, nullptr, &tick) > 0) {
        std::cerr << "\nstopping: finishing the groups in the graph\n";
        api.stop_streams();
        server.stop();
        return;
      }
    }
  });
  server.listen_after_bind();
  ended = true;
  api.stop_streams();
  (*service)->stop(true);
  stopper.join();
  std::cerr << "stopped\n";
  return 0;
}

}  // namespace

void add_serve_commands(CLI::App& app) {
  static ServeArgs a;
  auto* cmd = app.add_subcommand(
      "serve", "Serve the REST API and the web app: buyer groups on request, one shared graph");
  cmd->add_option("--listen", a.listen,
                  "HOST:PORT to listen on (default 127.0.0.1:8080; any other address than "
                  "loopback requires API tokens; port 0 picks a free one)");
  add_store_option(*cmd, a.store);
  cmd->add_option("--pipeline", a.pipeline, "Pipeline file (default: pipelines/buyer-group.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--seller-dir", a.seller_dir,
                  "Folder of seller profiles (NAME.yaml) the API lists, reads and saves "
                  "(default: the shipped sellers/)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--web-dir", a.web_dir, "Folder of the web app (default: the shipped web/)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--reports-dir", a.reports_dir,
                  "Also write each group's report files here (default: none; the API renders "
                  "them on request)");
  cmd->add_flag("--require-tokens", a.require_tokens, "Require API tokens on loopback too");
  cmd->add_option("--cors-origin", a.cors,
                  "An origin allowed to call the API from a browser (default: none)");
  cmd->add_option("--rate-limit", a.rate,
                  "Requests per second per caller (token or address); 0 for no limit")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--rate-burst", a.burst, "Requests a caller may make at once")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-body", a.max_body, "Largest request body in bytes (uploads too)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--threads", a.threads, "Graph worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-in-flight", a.max_in_flight,
                  "Groups in the graph at once (default: the pipeline's)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--plugin-path", a.plugin_paths, "Extra plugin files or folders");
  cmd->callback([] {
    if (int rc = serve_command(a); rc != 0) throw CLI::RuntimeError(rc);
  });

  static std::string store_opt, name;
  auto* tokens = app.add_subcommand("tokens", "API tokens for `buyergraph serve`");
  tokens->require_subcommand(1);
  auto open = [] {
    const std::string path = store::store_path(store_opt);
    auto s = store::Store::open(path);
    if (!s) {
      std::cerr << "error: " << s.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    auto t = serve::TokenStore::open(path);
    if (!t) {
      std::cerr << "error: " << t.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    return std::move(*t);
  };
  auto* create =
      tokens->add_subcommand("create", "Create a token; it is shown once, only its hash is kept");
  create->add_option("NAME", name, "Who or what uses it (e.g. crm-sync)")
      ->required()
      ->check(CLI::Validator(
          [](std::string& v) {
            return !v.empty() && v.size() <= 64 &&
                           v.find_first_of(" \t\r\n\"\\") == std::string::npos
                       ? std::string()
                       : std::string("a token name is 1-64 characters without spaces or quotes");
          },
          "NAME"));
  add_store_option(*create, store_opt);
  create->callback([open] {
    auto t = open();
    auto secret = t->create(name);
    if (!secret) {
      std::cerr << "error: " << secret.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << *secret << "\n";
    std::cerr << fmt::format(
        "token \"{}\" created. Keep it now: it is not shown again (send it as "
        "\"Authorization: Bearer TOKEN\").\n",
        name);
  });
  auto* list = tokens->add_subcommand("list", "List tokens (names and dates, never the secrets)");
  add_store_option(*list, store_opt);
  list->callback([open] {
    auto t = open();
    auto all = t->list();
    if (all.empty()) {
      std::cerr << "no API tokens\n";
      return;
    }
    std::cout << fmt::format("{:<24} {:<21} {:<21} {}\n", "NAME", "CREATED", "LAST USED",
                             "REVOKED");
    for (const auto& i : all)
      std::cout << text::terminal_safe(fmt::format("{:<24} {:<21} {:<21} {}", i.name, i.created_at,
                                                   i.last_used_at.empty() ? "-" : i.last_used_at,
                                                   i.revoked_at.empty() ? "-" : i.revoked_at))
                << "\n";
  });
  auto* revoke = tokens->add_subcommand("revoke", "Revoke a token by name (takes effect at once)");
  revoke->add_option("NAME", name, "The token's name")->required();
  add_store_option(*revoke, store_opt);
  revoke->callback([open] {
    auto t = open();
    auto r = t->revoke(name);
    if (!r) {
      std::cerr << "error: " << r.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    if (!*r) {
      std::cerr << fmt::format("error: no live token named \"{}\" (see `buyergraph tokens list`)\n",
                               text::terminal_safe(name));
      throw CLI::RuntimeError(1);
    }
    std::cerr << fmt::format("token \"{}\" revoked\n", text::terminal_safe(name));
  });
}

}  // namespace buyergraph::cli
