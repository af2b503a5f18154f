#pragma once
// Shared fixtures for the resolve tests: a resolver loaded from the repository's data files.
#include <gtest/gtest.h>

#include <string>

#include "buyergraph/resolve/resolver.hpp"

namespace buyergraph::resolve::testing {

inline std::string source_path(const std::string& rel) {
  return std::string(BUYERGRAPH_SOURCE_DIR) + "/" + rel;
}

inline const Resolver& resolver() {
  static const Resolver r = [] {
    ResolverFiles files;
    files.legal_suffixes = source_path("data/resolve/legal-suffixes.txt");
    files.sub_entity_markers = source_path("data/resolve/sub-entity-markers.txt");
    files.denylisted_hosts = source_path("data/resolve/denylisted-hosts.txt");
    files.exchanges = source_path("data/resolve/exchanges.txt");
    auto loaded = Resolver::load(files);
    if (!loaded) {
      ADD_FAILURE() << loaded.error().message;
      std::abort();
    }
    return *loaded;
  }();
  return r;
}

}  // namespace buyergraph::resolve::testing
