// `buyergraph resolve`: one JSON object per query on stdout, diagnostics on stderr.
#include <iostream>
#include <memory>

#include "buyergraph/resolve/candidate_source.hpp"
#include "buyergraph/resolve/companies_file.hpp"
#include "buyergraph/store/candidates.hpp"
#include "buyergraph/store/store.hpp"
#include "commands.hpp"

namespace buyergraph::cli {
namespace {

struct ResolveArgs {
  std::vector<std::string> queries;
  std::string companies;
  std::string store;
  int limit = 50;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "buyergraph resolve: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void run(const ResolveArgs& opt) {
  auto resolver = resolve::Resolver::load_default();
  if (!resolver) fail(resolver.error().message);
  // No source given: the store, like every other command ($BUYERGRAPH_STORE, else the user's).
  const bool use_store = !opt.store.empty() || opt.companies.empty();
  resolve::MergedCandidateSource source;
  std::unique_ptr<resolve::VectorCandidateSource> from_file;
  if (!opt.companies.empty()) {
    auto companies = resolve::load_companies_jsonl(opt.companies);
    if (!companies) fail(companies.error().message);
    from_file = std::make_unique<resolve::VectorCandidateSource>(*resolver, std::move(*companies));
    source.add(*from_file);
  }
  std::unique_ptr<store::Store> db;
  std::unique_ptr<store::StoreCandidateSource> from_store;
  if (use_store) {
    auto s = store::Store::open(store::store_path(opt.store));
    if (!s) fail(s.error().message);
    db = std::move(*s);
    from_store = std::make_unique<store::StoreCandidateSource>(*db);
    source.add(*from_store);
  }
  auto answer = [&](const std::string& q) {
    auto r = resolve::resolve(*resolver, q, source, opt.limit);
    std::cout << resolve::to_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  };
  for (const auto& q : opt.queries) {
    if (q == "-") {
      std::string line;
      while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        answer(line);
      }
    } else {
      answer(q);
    }
  }
  std::cout.flush();
}

}  // namespace

void add_resolve_command(CLI::App& app) {
  auto opt = std::make_shared<ResolveArgs>();
  auto* cmd = app.add_subcommand(
      "resolve",
      "Resolve companies by name, domain, URL, LinkedIn URL, ticker ($ACME, NYSE:ACME) or id:ID; "
      "prints one JSON object per query (status resolved, ambiguous or not_found)");
  cmd->add_option("queries", opt->queries, "queries; '-' reads one query per line from stdin")
      ->required();
  cmd->add_option("--companies", opt->companies, "candidate companies, sdk::Company JSON per line");
  cmd->add_option("--store", opt->store,
                  "Store file to take candidates from (default when --companies is not given: "
                  "$BUYERGRAPH_STORE, else ~/.local/share/buyergraph/store.db)");
  cmd->add_option("--limit", opt->limit, "candidates fetched per query")
      ->check(CLI::Range(1, 10000));
  cmd->callback([opt] { run(*opt); });
}

}  // namespace buyergraph::cli
