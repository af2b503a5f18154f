// `buyergraph resolve`: one JSON object per query on stdout, diagnostics on stderr.
#include "buyergraph/resolve/cli.hpp"

#include <fstream>
#include <iostream>
#include <unordered_set>

namespace buyergraph::resolve {
namespace {

StoreSourceFactory& store_factory() {
  static StoreSourceFactory factory;
  return factory;
}

// Asks every source and keeps the first copy of each company id.
class MergedSource : public CandidateSource {
 public:
  void add(std::unique_ptr<CandidateSource> s) { sources_.push_back(std::move(s)); }
  std::vector<sdk::Company> candidates(const ParsedQuery& q, int limit) override {
    std::vector<sdk::Company> out;
    std::unordered_set<std::string> ids;
    for (auto& s : sources_) {
      for (auto& c : s->candidates(q, limit)) {
        if (c.id.empty() || ids.insert(c.id).second) out.push_back(std::move(c));
      }
    }
    return out;
  }

 private:
  std::vector<std::unique_ptr<CandidateSource>> sources_;
};

struct Options {
  std::vector<std::string> queries;
  std::string companies;
  std::string store;
  int limit = 50;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "buyergraph resolve: " << message << "\n";
  throw CLI::RuntimeError(1);
}

void run(const Options& opt) {
  auto resolver = Resolver::load_default();
  if (!resolver) fail(resolver.error().message);
  // No source given: the store, like every other command ($BUYERGRAPH_STORE, else the user's).
  const bool use_store = !opt.store.empty() || opt.companies.empty();
  MergedSource source;
  if (!opt.companies.empty()) {
    auto companies = load_companies_jsonl(opt.companies);
    if (!companies) fail(companies.error().message);
    source.add(std::make_unique<VectorCandidateSource>(*resolver, std::move(*companies)));
  }
  if (use_store) {
    if (!store_factory())
      fail(
          "--store is not available in this build (no store source registered); give "
          "--companies FILE.jsonl");
    auto store = store_factory()(*resolver, opt.store);
    if (!store) fail(store.error().message);
    source.add(std::move(*store));
  }
  auto answer = [&](const std::string& q) {
    auto r = resolve(*resolver, q, source, opt.limit);
    std::cout << to_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
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

void set_store_source_factory(StoreSourceFactory factory) { store_factory() = std::move(factory); }

sdk::Result<std::vector<sdk::Company>> load_companies_jsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) return sdk::Error{"not_found", "cannot read companies file " + path};
  std::vector<sdk::Company> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    try {
      auto j = nlohmann::json::parse(line);
      if (!j.is_object()) {
        return sdk::Error{"invalid_input",
                          path + ":" + std::to_string(number) + ": not a JSON object"};
      }
      out.push_back(j.get<sdk::Company>());
    } catch (const nlohmann::json::exception& e) {
      return sdk::Error{"invalid_input", path + ":" + std::to_string(number) + ": " + e.what()};
    }
  }
  return out;
}

void add_resolve_command(CLI::App& app) {
  auto opt = std::make_shared<Options>();
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

}  // namespace buyergraph::resolve
