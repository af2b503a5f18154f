#include "function_model.hpp"

#include <fasttext/fasttext.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace buyergraph::titles::detail {
namespace {

constexpr std::string_view kLabelPrefix = "__label__";

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex64(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;

sdk::Error model_error(const std::string& file, const std::string& what,
                       const char* code = "invalid_input") {
  return sdk::Error{code, file + ": " + what};
}

}  // namespace

std::string text_checksum(std::string_view bytes) { return hex64(fnv1a(kFnvOffset, bytes)); }

std::string file_checksum(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::uint64_t h = kFnvOffset;
  std::string buf(1 << 16, '\0');
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
    h = fnv1a(h, std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
  return hex64(h);
}

sdk::Result<FunctionModel> FunctionModel::load(const std::string& manifest_path) {
  std::ifstream in(manifest_path);
  if (!in) return model_error(manifest_path, "cannot be opened (no function model)", "not_found");
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    return model_error(manifest_path, std::string("is not valid JSON: ") + e.what());
  }
  if (!manifest.is_object() || !manifest.contains("model") || !manifest["model"].is_object())
    return model_error(manifest_path, "has no \"model\" object");
  const auto& m = manifest["model"];
  if (!m.contains("file") || !m["file"].is_string() || !m.contains("checksum_fnv1a64") ||
      !m["checksum_fnv1a64"].is_string() || !m.contains("threshold") || !m["threshold"].is_number())
    return model_error(manifest_path,
                       "\"model\" needs \"file\", \"checksum_fnv1a64\" and \"threshold\"");
  const double threshold = m["threshold"].get<double>();
  if (!(threshold >= 0.0 && threshold <= 1.0))
    return model_error(manifest_path, "\"threshold\" must be between 0 and 1");

  const auto dir = std::filesystem::path(manifest_path).parent_path();
  const std::string model_path = (dir / m["file"].get<std::string>()).string();
  const std::string sum = file_checksum(model_path);
  if (sum.empty()) return model_error(model_path, "cannot be opened", "not_found");
  if (sum != m["checksum_fnv1a64"].get<std::string>())
    return model_error(model_path, "is corrupt or does not belong to " + manifest_path +
                                       " (checksum " + sum + ", manifest says " +
                                       m["checksum_fnv1a64"].get<std::string>() + ")");
  auto ft = std::make_shared<fasttext::FastText>();
  try {
    ft->loadModel(model_path);
  } catch (const std::exception& e) {
    return model_error(model_path, std::string("is not a fastText model: ") + e.what());
  }
  const auto dict = ft->getDictionary();
  if (dict->nlabels() < 2) return model_error(model_path, "has fewer than two labels");
  FunctionModel out;
  out.model_ = std::move(ft);
  out.threshold_ = threshold;
  out.model_path_ = model_path;
  return out;
}

ModelGuess FunctionModel::predict(std::string_view normalized_text) const {
  if (normalized_text.empty()) return {};
  // fastText reads words from a stream; one line, ending in a newline (its end-of-sentence).
  std::string line(normalized_text);
  line.push_back('\n');
  std::istringstream in(line);
  std::vector<std::int32_t> words, labels;
  const auto dict = model_->getDictionary();
  dict->getLine(in, words, labels);
  // getLine always appends the end-of-sentence token; nothing else means no known word/subword.
  if (words.size() <= 1) return {};
  fasttext::Predictions predictions;
  model_->predict(1, words, predictions, 0.0);
  if (predictions.empty()) return {};
  std::string label = dict->getLabel(predictions.front().second);
  if (label.rfind(kLabelPrefix, 0) == 0) label.erase(0, kLabelPrefix.size());
  return ModelGuess{std::move(label), std::exp(static_cast<double>(predictions.front().first))};
}

}  // namespace buyergraph::titles::detail
