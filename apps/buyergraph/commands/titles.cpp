// `buyergraph titles`: label job titles read from stdin (docs/titles.md).
#include <iostream>
#include <memory>

#include "buyergraph/titles/classifier.hpp"
#include "buyergraph/titles/label_output.hpp"
#include "commands.hpp"

namespace buyergraph::cli {

using titles::TitleClassifier;

void add_titles_command(CLI::App& app) {
  struct Options {
    std::string format = "json";
    std::string rules;
    std::string model;
    bool no_model = false;
    titles::TitleInput input;
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
      titles::write_title_labels(
          *classifier, std::cin, std::cout,
          opts->format == "csv" ? titles::OutputFormat::csv : titles::OutputFormat::json,
          opts->input);
    } catch (const titles::TitleInputError& e) {
      std::cerr << "buyergraph titles: " << e.what() << '\n';
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace buyergraph::cli
