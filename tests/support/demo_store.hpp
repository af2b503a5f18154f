#pragma once
// The end-to-end tests' shared demo store: <build>/e2e-demo/store.db, built by the first test
// process that needs it (under a file lock; the others wait and reuse it). Delete <build>/e2e-demo
// after changing the demo generator. Every person in it is fictional (synthetic demo data).
#include <string>

namespace buyergraph::test {

/// The store's path, built when missing (without the largest demo company).
const std::string& demo_store();

}  // namespace buyergraph::test
