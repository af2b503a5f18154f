#include "buyergraph/titles/cli.hpp"

#include "csv_input.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

namespace buyergraph::titles {
namespace {

std::string format_confidence(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", c);
  return buf;
}

void write_json(const std::string& title, const std::string& department, const TitleLabel& l,
                std::ostream& out) {
  nlohmann::ordered_json j;
  j["title"] = title;
  if (!department.empty()) j["department"] = department;
  j["seniority"] = l.seniority;
  j["function"] = l.function;
  j["confidence"] = l.confidence;
  j["rule"] = l.rule;
  j["layer"] = l.layer;
  j["evidence"] = l.evidence;
  // Titles from exports are not always valid UTF-8; replace bad bytes instead of failing.
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_csv(const std::string& title, const std::string& department, const TitleLabel& l,
               std::ostream& out) {
  out << csv_field(title) << ',' << l.seniority << ',' << l.function << ','
      << format_confidence(l.confidence) << ',' << csv_field(l.rule) << ',' << l.layer << ','
      << csv_field(department) << '\n';
}

std::size_t column_index(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = header[i];
    if (i == 0 && h.rfind("\xEF\xBB\xBF", 0) == 0) h.erase(0, 3);  // UTF-8 BOM
    if (h == name) return i;
  }
  throw TitleInputError("the CSV header has no column named \"" + name + "\"");
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
                               std::ostream& out, OutputFormat format, const TitleInput& input) {
  if (format == OutputFormat::csv)
    out << "title,seniority,function,confidence,rule,layer,department\n";
  std::size_t n = 0;
  const auto emit = [&](const std::string& title, const std::string& department) {
    const TitleLabel label = classifier.classify(title, department);
    if (format == OutputFormat::csv)
      write_csv(title, department, label, out);
    else
      write_json(title, department, label, out);
    ++n;
  };
  if (input.csv()) {
    const int first = in.peek();
    if (first == std::char_traits<char>::eof()) return 0;
    std::string header_line;
    std::getline(in, header_line);
    const char delim = detail::guess_csv_delimiter(header_line);
    std::vector<std::string> header;
    std::istringstream header_in(header_line);
    detail::read_csv_record(header_in, delim, header);
    const std::size_t title_col =
        column_index(header, input.title_column.empty() ? "title" : input.title_column);
    const std::size_t dept_col = input.department_column.empty()
                                     ? header.size()
                                     : column_index(header, input.department_column);
    std::vector<std::string> row;
    while (detail::read_csv_record(in, delim, row)) {
      if (row.size() == 1 && row[0].empty()) continue;  // blank line
      emit(title_col < row.size() ? row[title_col] : std::string(),
           dept_col < row.size() ? row[dept_col] : std::string());
    }
  } else {
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto tab = line.find('\t');
      if (tab == std::string::npos)
        emit(line, {});
      else
        emit(line.substr(0, tab), line.substr(tab + 1));
    }
  }
  out.flush();
  return n;
}

void add_titles_command(CLI::App& app) {
  struct Options {
    std::string format = "json";
    std::string rules;
    std::string model;
    bool no_model = false;
    TitleInput input;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "titles",
      "Label job titles (one per stdin line, or \"title<TAB>department\", or CSV with "
      "--title-column/--department-column) with seniority, function, confidence and the layer "
      "that decided");
  cmd->add_option("--format", opts->format, "Output format: json (one object per line) or csv")
      ->check(CLI::IsMember({"json", "csv"}));
  cmd->add_option("--rules", opts->rules,
                  "Rules YAML (default: $BUYERGRAPH_DATA_DIR/titles/rules.yaml)");
  auto* model = cmd->add_option(
      "--model", opts->model,
      "Function model manifest (default: $BUYERGRAPH_DATA_DIR/titles/function-model.json)");
  cmd->add_flag("--no-model", opts->no_model, "Rules only: do not load the function model")
      ->excludes(model);
  cmd->add_option("--title-column", opts->input.title_column,
                  "Read CSV with a header from stdin; the title is in this column (default "
                  "\"title\" when --department-column is given)");
  cmd->add_option("--department-column", opts->input.department_column,
                  "Read CSV with a header from stdin; the department is in this column");
  cmd->callback([opts] {
    const std::string rules =
        opts->rules.empty() ? TitleClassifier::default_rules_path() : opts->rules;
    sdk::Result<TitleClassifier> classifier = sdk::Error{"internal", "not loaded"};
    if (opts->no_model)
      classifier = TitleClassifier::load(rules);
    else if (!opts->model.empty())
      classifier = TitleClassifier::load(rules, opts->model);
    else if (opts->rules.empty())
      classifier = TitleClassifier::load_default();
    else {
      classifier = TitleClassifier::load(rules, TitleClassifier::default_model_path());
      if (!classifier && classifier.error().message.rfind(rules, 0) != 0) {
        std::cerr << "buyergraph titles: function model not used, titles are labelled by rules "
                     "only: "
                  << classifier.error().message << '\n';
        classifier = TitleClassifier::load(rules);
      }
    }
    if (!classifier) {
      std::cerr << "buyergraph titles: " << classifier.error().message << '\n';
      throw CLI::RuntimeError(1);
    }
    if (!classifier->model_warning().empty())
      std::cerr << "buyergraph titles: " << classifier->model_warning() << '\n';
    try {
      write_title_labels(*classifier, std::cin, std::cout,
                         opts->format == "csv" ? OutputFormat::csv : OutputFormat::json,
                         opts->input);
    } catch (const TitleInputError& e) {
      std::cerr << "buyergraph titles: " << e.what() << '\n';
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace buyergraph::titles
