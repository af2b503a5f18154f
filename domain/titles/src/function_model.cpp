#include "function_model.hpp"

#include <fasttext/fasttext.h>

#include <nlohmann/json.hpp>

#include <algorithm>
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

// fastText's word hash (Dictionary::hash: 32-bit FNV-1a over signed bytes).
std::uint32_t ft_hash(std::string_view s) {
  std::uint32_t h = 2166136261U;
  for (char c : s) {
    h ^= static_cast<std::uint32_t>(static_cast<std::int8_t>(c));
    h *= 16777619U;
  }
  return h;
}

// fastText keeps the map from hashed n-gram buckets to the rows a quantised model kept in a
// protected member; this reads it (a pointer to member named through a derived class).
struct PruneIndex : fasttext::Dictionary {
  static const std::unordered_map<std::int32_t, std::int32_t>& of(const fasttext::Dictionary& d) {
    return d.*(&PruneIndex::pruneidx_);
  }
  static std::int64_t size_of(const fasttext::Dictionary& d) {
    return d.*(&PruneIndex::pruneidx_size_);
  }
};

sdk::Error model_error(const std::string& file, const std::string& what,
                       const char* code = "invalid_input") {
  return sdk::Error{code, file + ": " + what};
}

}  // namespace

// What one prediction reads, decoded once: every input row as floats (a quantised model decodes
// each row on every use), the output matrix, and the n-gram bucket -> row index as a flat array.
struct FunctionModel::Tables {
  std::shared_ptr<const fasttext::Dictionary> dict;
  int dim = 0;
  int word_ngrams = 1;
  int minn = 0, maxn = 0;
  std::int64_t bucket = 0;
  std::int32_t nwords = 0;
  std::vector<float> input;     // rows x dim
  std::vector<float> word_sum;  // per known word: the sum of its subword rows (nwords x dim)
  std::vector<std::uint32_t> word_rows;  // per known word: how many rows that sum holds
  std::vector<float> output;             // labels x dim
  std::vector<std::int32_t> kept;  // bucket -> row offset past the words, -1: dropped; empty: all
  bool pruned = false;
  std::vector<std::string> labels;  // without "__label__"

  // fastText's Dictionary::pushHash: the row of n-gram bucket `b`, or -1 when pruned away.
  std::int32_t bucket_row(std::int64_t b) const {
    if (!pruned) return nwords + static_cast<std::int32_t>(b);
    if (kept.empty()) return -1;
    const std::int32_t k = kept[static_cast<std::size_t>(b)];
    return k < 0 ? -1 : nwords + k;
  }

  static std::shared_ptr<const Tables> build(fasttext::FastText& ft) {
    const fasttext::Args args = ft.getArgs();
    if (args.loss != fasttext::loss_name::softmax) return nullptr;
    auto t = std::make_shared<Tables>();
    t->dict = ft.getDictionary();
    t->dim = args.dim;
    t->word_ngrams = args.wordNgrams;
    t->minn = args.minn;
    t->maxn = args.maxn;
    t->bucket = args.bucket;
    t->nwords = t->dict->nwords();
    t->pruned = PruneIndex::size_of(*t->dict) >= 0;
    std::int64_t rows = t->nwords + t->bucket;
    if (t->pruned) {
      const auto& idx = PruneIndex::of(*t->dict);
      rows = t->nwords + static_cast<std::int64_t>(idx.size());
      if (!idx.empty()) {
        t->kept.assign(static_cast<std::size_t>(t->bucket), -1);
        for (const auto& [b, k] : idx)
          if (b >= 0 && b < t->bucket) t->kept[static_cast<std::size_t>(b)] = k;
      }
    }
    const auto dim = static_cast<std::size_t>(t->dim);
    t->input.resize(static_cast<std::size_t>(rows) * dim);
    fasttext::Vector row(t->dim);
    for (std::int64_t i = 0; i < rows; ++i) {
      ft.getInputVector(row, static_cast<std::int32_t>(i));
      std::copy(row.data(), row.data() + t->dim, t->input.begin() + static_cast<long>(i * t->dim));
    }
    t->word_sum.assign(static_cast<std::size_t>(t->nwords) * dim, 0.0F);
    t->word_rows.resize(static_cast<std::size_t>(t->nwords));
    for (std::int32_t w = 0; w < t->nwords; ++w) {
      const auto& sub = t->dict->getSubwords(w);
      t->word_rows[static_cast<std::size_t>(w)] = static_cast<std::uint32_t>(sub.size());
      for (std::int32_t r : sub)
        t->add(t->word_sum.data() + static_cast<std::size_t>(w) * dim,
               t->input.data() + static_cast<std::size_t>(r) * dim);
    }
    const auto out = ft.getOutputMatrix();
    const std::int32_t nlabels = t->dict->nlabels();
    if (out->size(0) != nlabels || out->size(1) != t->dim) return nullptr;
    t->output.assign(out->data(), out->data() + static_cast<std::size_t>(nlabels) * dim);
    for (std::int32_t i = 0; i < nlabels; ++i) {
      std::string label = t->dict->getLabel(i);
      if (label.rfind(kLabelPrefix, 0) == 0) label.erase(0, kLabelPrefix.size());
      t->labels.push_back(std::move(label));
    }
    return t;
  }

  // fastText's Dictionary::computeSubwords for a word not in the vocabulary: the character
  // n-grams (minn..maxn code points) of "<word>", hashed into buckets, without building strings.
  void unknown_word_rows(std::string_view w, std::vector<std::int32_t>& out) const {
    thread_local std::string word;
    word.assign(fasttext::Dictionary::BOW).append(w).append(fasttext::Dictionary::EOW);
    const auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
    const std::size_t size = word.size();
    for (std::size_t i = 0; i < size; ++i) {
      if (continuation(word[i])) continue;
      std::uint32_t h = 2166136261U;
      const auto add = [&](char c) {
        h ^= static_cast<std::uint32_t>(static_cast<std::int8_t>(c));
        h *= 16777619U;
      };
      std::size_t j = i;
      for (int n = 1; j < size && n <= maxn; ++n) {
        add(word[j++]);
        while (j < size && continuation(word[j])) add(word[j++]);
        if (n >= minn && !(n == 1 && (i == 0 || j == size))) {
          const std::int32_t row =
              bucket_row(static_cast<std::int64_t>(h % static_cast<std::uint32_t>(bucket)));
          if (row >= 0) out.push_back(row);
        }
      }
    }
  }

  // Adds to `hidden` the input rows fastText's Dictionary::getLine gives a line (each word's
  // subword rows, or the n-grams of an unknown word, the end-of-line token, then the word
  // n-grams) and returns how many rows that was. A known word adds its precomputed row sum.
  std::size_t add_rows(std::string_view text, float* hidden) const {
    thread_local std::vector<std::int32_t> hashes;
    thread_local std::vector<std::int32_t> rows;
    thread_local std::string token;
    hashes.clear();
    rows.clear();
    std::size_t count = 0;
    const auto add_word = [&](std::string_view w) {
      token.assign(w);
      const std::uint32_t h = ft_hash(w);
      const std::int32_t wid = dict->getId(token, h);
      const auto type = wid < 0 ? dict->getType(token) : dict->getType(wid);
      if (type != fasttext::entry_type::word) return;  // a label token is not a word
      if (wid >= 0) {
        add(hidden,
            word_sum.data() + static_cast<std::size_t>(wid) * static_cast<std::size_t>(dim));
        count += word_rows[static_cast<std::size_t>(wid)];
      } else if (w != fasttext::Dictionary::EOS) {
        unknown_word_rows(w, rows);
      }
      hashes.push_back(static_cast<std::int32_t>(h));  // fastText keeps them signed
    };
    const auto is_space = [](char c) {
      return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0';
    };
    for (std::size_t i = 0; i < text.size();) {
      while (i < text.size() && is_space(text[i])) ++i;
      std::size_t j = i;
      while (j < text.size() && !is_space(text[j])) ++j;
      if (j > i) {
        const std::string_view w = text.substr(i, j - i);
        if (w == fasttext::Dictionary::EOS) break;  // fastText ends the line there
        add_word(w);
      }
      i = j;
    }
    add_word(fasttext::Dictionary::EOS);
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      // As in fastText's addWordNgrams: signed 32-bit hashes widened into a 64-bit product.
      auto h = static_cast<std::uint64_t>(static_cast<std::int64_t>(hashes[i]));
      for (std::size_t j = i + 1;
           j < hashes.size() && j < i + static_cast<std::size_t>(word_ngrams); ++j) {
        h = h * 116049371 + static_cast<std::uint64_t>(static_cast<std::int64_t>(hashes[j]));
        const std::int32_t row =
            bucket_row(static_cast<std::int64_t>(h % static_cast<std::uint64_t>(bucket)));
        if (row >= 0) rows.push_back(row);
      }
    }
    for (std::int32_t r : rows)
      add(hidden, input.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(dim));
    return count + rows.size();
  }

  void add(float* hidden, const float* row) const {
    for (int j = 0; j < dim; ++j) hidden[j] += row[j];
  }
};

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
  try {
    out.tables_ = Tables::build(*ft);
  } catch (const std::exception& e) {
    return model_error(model_path, std::string("cannot be read: ") + e.what());
  }
  out.model_ = std::move(ft);
  out.threshold_ = threshold;
  out.model_path_ = model_path;
  return out;
}

ModelGuess FunctionModel::predict(std::string_view normalized_text) const {
  if (!tables_) return predict_with_fasttext(normalized_text);
  if (normalized_text.empty()) return {};
  const Tables& t = *tables_;
  thread_local std::vector<float> hidden;
  const auto dim = static_cast<std::size_t>(t.dim);
  hidden.assign(dim, 0.0F);
  const std::size_t rows = t.add_rows(normalized_text, hidden.data());
  if (rows <= 1) return {};  // only the end-of-line token: no known word or subword
  const auto scale = static_cast<float>(1.0 / static_cast<double>(rows));  // as fastText
  for (float& h : hidden) h *= scale;
  // Softmax over the labels; only the best one is needed.
  const std::size_t nlabels = t.labels.size();
  float scores[64];
  std::vector<float> many;
  float* s = nlabels <= 64 ? scores : (many.resize(nlabels), many.data());
  std::size_t best = 0;
  for (std::size_t i = 0; i < nlabels; ++i) {
    const float* w = t.output.data() + i * dim;
    float d = 0.0F;
    for (std::size_t j = 0; j < dim; ++j) d += w[j] * hidden[j];
    s[i] = d;
    if (d > s[best]) best = i;
  }
  double z = 0;
  for (std::size_t i = 0; i < nlabels; ++i) z += std::exp(static_cast<double>(s[i] - s[best]));
  return ModelGuess{t.labels[best], 1.0 / z};
}

ModelGuess FunctionModel::predict_with_fasttext(std::string_view normalized_text) const {
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
