#include "evaluate.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace buyergraph::titles::train {
namespace {

double round4(double x) { return std::round(x * 10000.0) / 10000.0; }

std::vector<std::string> tabs(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(line);
  while (std::getline(in, cur, '\t')) out.push_back(cur);
  return out;
}

std::vector<std::vector<std::string>> read_tsv(const std::string& path, std::size_t min_fields) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot be opened");
  std::vector<std::vector<std::string>> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    auto f = tabs(line);
    if (f.size() < min_fields)
      throw std::runtime_error(path + ":" + std::to_string(n) + ": too few fields");
    out.push_back(std::move(f));
  }
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

}  // namespace

void Score::add(const LabelledTitle& t, const TitleLabel& l) {
  ++n;
  function_ok += l.function == t.function;
  if (!t.seniority.empty()) {
    ++seniority_n;
    seniority_ok += l.seniority == t.seniority;
  }
  if (t.function != "other") {
    ++business;
    business_other += l.function == "other";
  }
  ++layers[l.layer];
}

double Score::function_accuracy() const {
  return n == 0 ? 0.0 : static_cast<double>(function_ok) / static_cast<double>(n);
}
double Score::other_rate() const {
  return business == 0 ? 0.0 : static_cast<double>(business_other) / static_cast<double>(business);
}

nlohmann::ordered_json Score::to_json() const {
  nlohmann::ordered_json j;
  j["titles"] = n;
  j["function_accuracy"] = round4(function_accuracy());
  if (seniority_n > 0)
    j["seniority_accuracy"] =
        round4(static_cast<double>(seniority_ok) / static_cast<double>(seniority_n));
  j["other_rate_on_business_titles"] = round4(other_rate());
  j["decided_by"] = layers;
  return j;
}

std::map<std::string, Score> score_by_group(const TitleClassifier& c,
                                            const std::vector<LabelledTitle>& rows,
                                            bool use_department, std::vector<std::string>* misses) {
  std::map<std::string, Score> out;
  for (const auto& r : rows) {
    const TitleLabel l = use_department ? c.classify(r.title, r.department) : c.classify(r.title);
    out["all"].add(r, l);
    if (!r.group.empty()) out[r.group].add(r, l);
    if (misses && l.function != r.function)
      misses->push_back(
          r.title +
          (use_department && !r.department.empty() ? " [" + r.department + "]" : std::string()) +
          " -> " + l.function + " (want " + r.function + ", " + l.rule + ")");
  }
  return out;
}

std::vector<LabelledTitle> read_title_table(const std::string& path, const std::string& group) {
  std::vector<LabelledTitle> out;
  for (auto& f : read_tsv(path, 3)) out.push_back({f[0], "", f[1], f[2], group});
  return out;
}

std::vector<LabelledTitle> read_rome_table(const std::string& path) {
  std::vector<LabelledTitle> out;
  for (auto& f : read_tsv(path, 3)) out.push_back({f[0], "", "", f[1], "fr"});
  return out;
}

std::vector<LabelledTitle> read_noc_table(const std::string& path) {
  std::vector<LabelledTitle> out;
  for (auto& f : read_tsv(path, 3)) {
    const std::string group = f[1] == "other" || f[1] == "operations" ? f[1] : "office";
    out.push_back({f[0], "", "", f[1], group});
  }
  return out;
}

std::vector<LabelledTitle> read_generator_titles(const std::string& titles_yaml) {
  const YAML::Node root = YAML::LoadFile(titles_yaml);
  std::vector<LabelledTitle> out;
  const auto add_list = [&](const YAML::Node& list, const std::string& fn, const std::string& dept,
                            const std::string& group) {
    if (!list || !list.IsSequence()) return;
    for (const auto& t : list) out.push_back({t.as<std::string>(), dept, "", fn, group});
  };
  for (const char* key : {"ceo", "ceo_small", "board", "chief_of_staff"})
    add_list(root[key], "executive", "C-Suite", "en");
  add_list(root["executive_assistant"], "admin", "C-Suite", "en");
  for (const auto& kv : root["functions"]) {
    const std::string fn = kv.first.as<std::string>();
    const YAML::Node f = kv.second;
    const std::string dept = f["department"] ? f["department"].as<std::string>() : "";
    for (const char* key : {"chief", "vp", "director", "manager", "ic", "senior_ic", "intern"})
      add_list(f[key], fn, dept, "en");
    for (const char* key : {"ic_loc", "senior_ic_loc", "manager_loc"})
      if (f[key] && f[key].IsMap())
        for (const auto& lang : f[key])
          add_list(lang.second, fn, dept, lang.first.as<std::string>());
    // Level templates with the function's area ("Director of {area}", "Leiter {area_de}").
    if (f["area"])
      for (const auto& level : root["levels"])
        for (const auto& t : level.second)
          out.push_back({replace_all(t.as<std::string>(), "{area}", f["area"].as<std::string>()),
                         dept, "", fn, "en"});
    for (const auto& lang : root["levels_loc"]) {
      const std::string code = lang.first.as<std::string>();
      const std::string area_key = "area_" + code;
      if (!f[area_key] || !f["area"]) continue;
      for (const auto& level : lang.second)
        for (const auto& t : level.second) {
          std::string title =
              replace_all(t.as<std::string>(), "{" + area_key + "}", f[area_key].as<std::string>());
          title = replace_all(title, "{area}", f["area"].as<std::string>());
          out.push_back({title, dept, "", fn, code});
        }
    }
  }
  return out;
}

}  // namespace buyergraph::titles::train
