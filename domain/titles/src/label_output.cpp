#include "buyergraph/titles/label_output.hpp"

#include "csv_input.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
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

}  // namespace buyergraph::titles
