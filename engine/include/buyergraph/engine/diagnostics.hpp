#pragma once
// Diagnostics: every problem found in a pipeline file, with its location.
#include <string>
#include <vector>

namespace buyergraph::engine {

/// One finding, printed as `file:line:col path: message` (line and column 1-based, 0 = unknown).
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string path;  ///< where in the document, e.g. "stages[2].with.latency_ms"
  std::string message;

  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

/// Closest candidate by edit distance, for "did you mean"; empty when nothing is close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace buyergraph::engine
