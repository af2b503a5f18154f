#pragma once
// The learned function layer: a fastText supervised model over normalised titles, shipped as
// data/titles/function-model.ftz with its manifest function-model.json (internal to
// buyergraph_titles; see docs/titles.md).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/sdk/status.hpp"

namespace fasttext {
class FastText;
}

namespace buyergraph::titles::detail {

/// The model's best function for one text, with its probability (0..1).
struct ModelGuess {
  std::string function;
  double probability = 0;
};

class FunctionModel {
 public:
  /// Reads `manifest_path` (JSON written by tools/titles-train.sh), checks that the model file it
  /// names (a path relative to the manifest) has the checksum recorded there, then loads it. Every
  /// error names the file: "<file>: ...", code "not_found" or "invalid_input".
  static sdk::Result<FunctionModel> load(const std::string& manifest_path);

  /// Best function for already-normalised text; empty function when the text has no known word
  /// or subword. Thread-safe. Computes what fastText's predict() computes (the same ids, rows and
  /// softmax) from tables decoded once at load time, without its per-call stream and allocations.
  ModelGuess predict(std::string_view normalized_text) const;
  /// The same answer through fastText's own predict() (reference for tests and benchmarks).
  ModelGuess predict_with_fasttext(std::string_view normalized_text) const;

  /// Below this probability the model's answer is not used (calibrated at training time).
  double threshold() const { return threshold_; }
  const std::string& model_path() const { return model_path_; }

 private:
  FunctionModel() = default;
  struct Tables;  // dense copies of the model's matrices and its pruned hash index
  std::shared_ptr<const fasttext::FastText> model_;
  std::shared_ptr<const Tables> tables_;  // null: the model is not a softmax model; use fastText
  double threshold_ = 1.0;
  std::string model_path_;
};

/// FNV-1a 64-bit checksum of a file's bytes as 16 hex digits, or "" when it cannot be read. An
/// integrity check against truncated or swapped files, not a security measure.
std::string file_checksum(const std::string& path);
std::string text_checksum(std::string_view bytes);

}  // namespace buyergraph::titles::detail
