#include "buyergraph/engine/yaml_json.hpp"

#include <yaml-cpp/yaml.h>

#include "buyergraph/input/bounded_read.hpp"
#include "buyergraph/input/yaml.hpp"

namespace buyergraph::engine {
namespace {

using nlohmann::json;

Mark to_mark(const YAML::Mark& m) {
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};  // yaml-cpp marks are 0-based
}

void convert(const YAML::Node& n, const std::string& ptr, json& out, YamlDocument& doc,
             Diagnostics& diags) {
  doc.value_marks[ptr] = to_mark(n.Mark());
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      out = nullptr;
      break;
    case YAML::NodeType::Scalar:
      out = input::scalar_to_json(n);
      break;
    case YAML::NodeType::Sequence: {
      out = json::array();
      std::size_t i = 0;
      for (const auto& child : n) {
        json v;
        convert(child, ptr + "/" + std::to_string(i++), v, doc, diags);
        out.push_back(std::move(v));
      }
      break;
    }
    case YAML::NodeType::Map: {
      out = json::object();
      for (const auto& kv : n) {
        if (!kv.first.IsScalar()) {
          Mark m = to_mark(kv.first.Mark());
          diags.push_back(
              {doc.file, m.line, m.column, readable_path(ptr), "keys must be plain strings"});
          continue;
        }
        std::string key = kv.first.Scalar();
        std::string child = ptr + "/" + escape_pointer_token(key);
        if (out.contains(key)) {
          Mark m = to_mark(kv.first.Mark());
          diags.push_back(
              {doc.file, m.line, m.column, readable_path(child), "duplicate key '" + key + "'"});
          continue;
        }
        doc.key_marks[child] = to_mark(kv.first.Mark());
        convert(kv.second, child, out[key], doc, diags);
      }
      break;
    }
  }
}

}  // namespace

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string readable_path(const std::string& pointer) {
  std::string out;
  std::size_t i = 0;
  while (i < pointer.size()) {
    std::size_t next = pointer.find('/', i + 1);
    std::string tok =
        pointer.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1);
    bool index = !tok.empty() && tok.find_first_not_of("0123456789") == std::string::npos;
    if (index)
      out += "[" + tok + "]";
    else
      out += (out.empty() ? "" : ".") + tok;
    if (next == std::string::npos) break;
    i = next;
  }
  return out;
}

Mark YamlDocument::mark_of(const std::string& pointer, bool prefer_key) const {
  std::string p = pointer;
  while (true) {
    if (prefer_key) {
      if (auto it = key_marks.find(p); it != key_marks.end() && it->second.line) return it->second;
    }
    if (auto it = value_marks.find(p); it != value_marks.end() && it->second.line)
      return it->second;
    if (auto it = key_marks.find(p); it != key_marks.end() && it->second.line) return it->second;
    if (p.empty()) return {};
    p = p.substr(0, p.rfind('/'));
  }
}

Diagnostic YamlDocument::at(const std::string& pointer, std::string message,
                            bool prefer_key) const {
  Mark m = mark_of(pointer, prefer_key);
  return {file, m.line, m.column, readable_path(pointer), std::move(message)};
}

YamlDocument parse_yaml(const std::string& text, const std::string& file, Diagnostics& diags) {
  YamlDocument doc;
  doc.file = file;
  doc.value = nullptr;
  input::YamlLoad y = input::load_yaml(text);
  if (!y.ok) {
    diags.push_back({file, y.problem.line, y.problem.column, "", y.problem.message});
    return doc;
  }
  if (y.documents.size() > 1) {
    Mark m = to_mark(y.documents[1].Mark());
    diags.push_back({file, m.line, m.column, "",
                     "expected one YAML document, found " + std::to_string(y.documents.size())});
  }
  if (!y.documents.empty()) convert(y.documents.front(), "", doc.value, doc, diags);
  return doc;
}

YamlDocument load_yaml_file(const std::string& path, Diagnostics& diags) {
  input::ReadResult r = input::read_bounded(path, input::kMaxPipelineBytes);
  if (!r.ok()) {
    diags.push_back({path, 0, 0, "", r.message});
    YamlDocument d;
    d.file = path;
    return d;
  }
  return parse_yaml(r.text, path, diags);
}

}  // namespace buyergraph::engine
