#include "buyergraph/titles/cli.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace buyergraph::titles {
namespace {

std::string format_confidence(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", c);
  return buf;
}

void write_json(const std::string& title, const TitleLabel& l, std::ostream& out) {
  nlohmann::ordered_json j;
  j["title"] = title;
  j["seniority"] = l.seniority;
  j["function"] = l.function;
  j["confidence"] = l.confidence;
  j["rule"] = l.rule;
  // Titles from exports are not always valid UTF-8; replace bad bytes instead of failing.
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_csv(const std::string& title, const TitleLabel& l, std::ostream& out) {
  out << csv_field(title) << ',' << l.seniority << ',' << l.function << ','
      << format_confidence(l.confidence) << ',' << csv_field(l.rule) << '\n';
}

}  // namespace

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::size_t write_title_labels(const TitleClassifier& classifier, std::istream& in,
                               std::ostream& out, OutputFormat format) {
  if (format == OutputFormat::csv) out << "title,seniority,function,confidence,rule\n";
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const TitleLabel label = classifier.classify(line);
    if (format == OutputFormat::csv)
      write_csv(line, label, out);
    else
      write_json(line, label, out);
    ++n;
  }
  out.flush();
  return n;
}

void add_titles_command(CLI::App& app) {
  struct Options {
    std::string format = "json";
    std::string rules;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "titles", "Label job titles (one per stdin line) with seniority, function and confidence");
  cmd->add_option("--format", opts->format, "Output format: json (one object per line) or csv")
      ->check(CLI::IsMember({"json", "csv"}));
  cmd->add_option("--rules", opts->rules,
                  "Rules YAML (default: $BUYERGRAPH_DATA_DIR/titles/rules.yaml)");
  cmd->callback([opts] {
    auto classifier =
        opts->rules.empty() ? TitleClassifier::load_default() : TitleClassifier::load(opts->rules);
    if (!classifier) {
      std::cerr << "buyergraph titles: " << classifier.error().message << '\n';
      throw CLI::RuntimeError(1);
    }
    write_title_labels(*classifier, std::cin, std::cout,
                       opts->format == "csv" ? OutputFormat::csv : OutputFormat::json);
  });
}

}  // namespace buyergraph::titles
