#include "buyergraph/engine/yaml_json.hpp"

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace buyergraph::engine {
namespace {

using nlohmann::json;

Mark to_mark(const YAML::Mark& m) {
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};  // yaml-cpp marks are 0-based
}

// Plain scalars get YAML 1.2 core-schema types; quoted ones stay strings.
json scalar_value(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;
  if (s == "~" || s == "null" || s == "Null" || s == "NULL" || s.empty()) return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (!s.empty() &&
      (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '+')) {
    try {
      std::size_t used = 0;
      long long i = std::stoll(s, &used, 10);
      if (used == s.size()) return i;
    } catch (...) {
    }
    try {
      std::size_t used = 0;
      double d = std::stod(s, &used);
      if (used == s.size()) return d;
    } catch (...) {
    }
  }
  return s;
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
      out = scalar_value(n);
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
  try {
    YAML::Node root = YAML::Load(text);
    convert(root, "", doc.value, doc, diags);
  } catch (const YAML::Exception& e) {
    Mark m = to_mark(e.mark);
    diags.push_back({file, m.line, m.column, "", "YAML syntax error: " + e.msg});
    doc.value = nullptr;
  }
  return doc;
}

YamlDocument load_yaml_file(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.push_back({path, 0, 0, "", "cannot read file"});
    YamlDocument d;
    d.file = path;
    return d;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_yaml(ss.str(), path, diags);
}

}  // namespace buyergraph::engine
