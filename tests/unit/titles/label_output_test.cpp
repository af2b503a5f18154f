#include "buyergraph/titles/label_output.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "test_support.hpp"

namespace buyergraph::titles {
namespace {

std::vector<std::string> text_lines(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> objs;
  for (const auto& line : text_lines(text)) objs.push_back(nlohmann::json::parse(line));
  return objs;
}

TEST(TitleLabelOutput, JsonLinesOnePerInputLineInFieldOrder) {
  std::istringstream in("VP, Sales\r\n\nHead of \"Growth\"\n");
  std::ostringstream out;
  EXPECT_EQ(write_title_labels(testing::repo_classifier(), in, out, OutputFormat::json), 3u);
  const auto objs = json_lines(out.str());
  ASSERT_EQ(objs.size(), 3u);
  EXPECT_EQ(objs[0]["title"], "VP, Sales");
  EXPECT_EQ(objs[0]["seniority"], "vp");
  EXPECT_EQ(objs[0]["function"], "sales");
  EXPECT_EQ(objs[0]["rule"], "sen_vp+fn_sales");
  EXPECT_TRUE(objs[0]["confidence"].is_number());
  EXPECT_EQ(objs[1]["rule"], "empty");
  EXPECT_EQ(objs[2]["title"], "Head of \"Growth\"");
  EXPECT_EQ(out.str().substr(0, 10), "{\"title\":\"");
}

TEST(TitleLabelOutput, JsonSurvivesInvalidUtf8) {
  std::istringstream in(std::string("Sales \xff Manager\n"));
  std::ostringstream out;
  write_title_labels(testing::repo_classifier(), in, out, OutputFormat::json);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["seniority"], "manager");
  EXPECT_EQ(j["function"], "sales");
}

TEST(TitleLabelOutput, CsvHasHeaderAndQuotesFields) {
  std::istringstream in("Director, Sales\nSay \"Hi\" Officer\nCFO\n");
  std::ostringstream out;
  write_title_labels(testing::repo_classifier(), in, out, OutputFormat::csv);
  const auto csv = text_lines(out.str());
  ASSERT_GE(csv.size(), 4u);
  const std::string &header = csv[0], &l1 = csv[1], &l2 = csv[2], &l3 = csv[3];
  EXPECT_EQ(header, "title,seniority,function,confidence,rule,layer,department");
  EXPECT_EQ(l1.substr(0, 35), "\"Director, Sales\",director,sales,0.");
  EXPECT_EQ(l1.substr(l1.size() - 6), ",rule,");
  EXPECT_EQ(l2.substr(0, 21), "\"Say \"\"Hi\"\" Officer\",");
  EXPECT_EQ(l3.substr(0, 23), "CFO,c_level,finance,0.9");
}

TEST(TitleLabelOutput, TabSeparatedDepartment) {
  std::istringstream in("Manager\tFinance\nVP Sales\nSpecialist\t\n");
  std::ostringstream out;
  EXPECT_EQ(write_title_labels(testing::repo_classifier_with_model(), in, out, OutputFormat::json),
            3u);
  const auto objs = json_lines(out.str());
  ASSERT_EQ(objs.size(), 3u);
  EXPECT_EQ(objs[0]["title"], "Manager");
  EXPECT_EQ(objs[0]["department"], "Finance");
  EXPECT_EQ(objs[0]["function"], "finance");
  EXPECT_EQ(objs[0]["layer"], "department");
  EXPECT_EQ(objs[0]["rule"], "sen_manager+dept:fn_finance");
  EXPECT_FALSE(objs[1].contains("department"));
  EXPECT_EQ(objs[1]["layer"], "rule");
  EXPECT_EQ(objs[2]["function"], "other");
  EXPECT_EQ(objs[2]["layer"], "fallback");
}

TEST(TitleLabelOutput, CsvInputWithDepartmentColumn) {
  std::istringstream in(
      "name;Job Title;Dept\n"
      "Ann;Manager;Human Resources\n"
      "Bob;\"Director; Sales\";\n"
      "\n"
      "Cy;Coordinator\n");
  std::ostringstream out;
  TitleInput input;
  input.title_column = "Job Title";
  input.department_column = "Dept";
  EXPECT_EQ(
      write_title_labels(testing::repo_classifier_with_model(), in, out, OutputFormat::csv, input),
      3u);
  const auto csv = text_lines(out.str());
  ASSERT_GE(csv.size(), 4u);
  const std::string &l1 = csv[1], &l2 = csv[2], &l3 = csv[3];  // csv[0] is the header
  EXPECT_EQ(l1, "Manager,manager,hr,0.729,sen_manager+dept:fn_hr,department,Human Resources");
  EXPECT_EQ(l2.substr(0, 32), "Director; Sales,director,sales,0");
  EXPECT_EQ(l3.substr(0, 26), "Coordinator,ic,other,0.120");  // a short row: no department
}

TEST(TitleLabelOutput, CsvInputWithoutTheNamedColumnIsAnError) {
  std::istringstream in("title,team\nManager,Finance\n");
  std::ostringstream out;
  TitleInput input;
  input.department_column = "department";
  EXPECT_THROW(write_title_labels(testing::repo_classifier(), in, out, OutputFormat::json, input),
               TitleInputError);
}

TEST(TitleLabelOutput, CsvField) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

}  // namespace
}  // namespace buyergraph::titles
