#pragma once
// `buyergraph resolve`: resolve company queries to one company, or say why not.
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "buyergraph/resolve/candidate_source.hpp"

namespace buyergraph::resolve {

/// Adds `resolve QUERY... [--companies FILE.jsonl] [--store PATH] [--limit N]`. A query of "-"
/// reads one query per line from stdin. Prints one JSON object per query (see to_json).
///
///   CLI::App app{"buyergraph"};
///   add_resolve_command(app);
void add_resolve_command(CLI::App& app);

/// Opens a CandidateSource over a store file; the store library registers one so that
/// `--store` works without this library depending on it.
///
///   set_store_source_factory([](const Resolver& r, const std::string& path) { ... });
using StoreSourceFactory = std::function<sdk::Result<std::unique_ptr<CandidateSource>>(
    const Resolver& resolver, const std::string& path)>;
void set_store_source_factory(StoreSourceFactory factory);

/// Reads sdk::Company JSON objects, one per line (blank lines and lines starting with '#' are
/// skipped). Fails with the line number on bad JSON.
sdk::Result<std::vector<sdk::Company>> load_companies_jsonl(const std::string& path);

}  // namespace buyergraph::resolve
