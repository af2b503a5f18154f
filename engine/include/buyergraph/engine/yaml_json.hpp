#pragma once
// YAML -> JSON with the source position of every key and value, so validation errors found on
// the JSON (by hand or by valijson) can be reported at the right line and column.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "buyergraph/engine/diagnostics.hpp"

namespace buyergraph::engine {

struct Mark {
  int line = 0;    ///< 1-based, 0 = unknown
  int column = 0;  ///< 1-based
};

/// A parsed YAML document: its JSON value and where each JSON pointer came from.
struct YamlDocument {
  std::string file;
  nlohmann::json value;
  std::map<std::string, Mark> value_marks;  ///< JSON pointer -> position of the value
  std::map<std::string, Mark> key_marks;    ///< JSON pointer -> position of the key naming it

  /// The best known position for `pointer`: its key, else its value, else the nearest parent.
  Mark mark_of(const std::string& pointer, bool prefer_key = false) const;
  /// Diagnostic at `pointer`, with a readable path ("stages[1].use").
  Diagnostic at(const std::string& pointer, std::string message, bool prefer_key = false) const;
};

/// Parses YAML text. Syntax errors and duplicate keys are added to `diags`.
YamlDocument parse_yaml(const std::string& text, const std::string& file, Diagnostics& diags);
/// Reads and parses a file; a missing or unreadable file is a diagnostic, not an exception.
YamlDocument load_yaml_file(const std::string& path, Diagnostics& diags);

/// "/stages/1/with/n" -> "stages[1].with.n"
std::string readable_path(const std::string& pointer);

/// A key as one JSON-pointer token ('~' -> "~0", '/' -> "~1").
std::string escape_pointer_token(const std::string& key);

}  // namespace buyergraph::engine
