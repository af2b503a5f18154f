#include "buyergraph/report/files.hpp"

#include <atomic>
#include <cstdio>
#include <fstream>

#include <unistd.h>

#include "buyergraph/report/html.hpp"
#include "buyergraph/report/json_report.hpp"
#include "buyergraph/report/markdown.hpp"

namespace buyergraph::report {

namespace fs = std::filesystem;

namespace {

// Lower-case ASCII letters and digits; every other run of bytes becomes one '-'. Non-ASCII
// letters are dropped rather than transliterated: the id keeps the name unique anyway.
std::string slug_part(std::string_view s, std::size_t limit) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z') u = static_cast<unsigned char>(u - 'A' + 'a');
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) {
      out += static_cast<char>(u);
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= limit) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

std::string safe_slug(std::string_view company_name, std::string_view company_id) {
  std::string name = slug_part(company_name, 56);
  std::string id = slug_part(company_id, 23);
  std::string out = name;
  if (!id.empty()) out += (out.empty() ? "" : "-") + id;
  return out.empty() ? "account" : out;
}

std::optional<ReportFormat> parse_report_format(std::string_view name) {
  if (name == "json") return ReportFormat::json;
  if (name == "md") return ReportFormat::md;
  if (name == "html") return ReportFormat::html;
  if (name == "csv") return ReportFormat::csv;
  return std::nullopt;
}

sdk::Status write_file_atomically(const fs::path& path, std::string_view content) {
  static std::atomic<unsigned> counter{0};
  // Same folder, so the rename never crosses file systems; pid + counter keep concurrent
  // writers (threads or processes) off each other's temporary file.
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return sdk::Status::error("io", "cannot create " + tmp.string());
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return sdk::Status::error("io", "cannot write " + tmp.string());
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return sdk::Status::error("io", "cannot rename into " + path.string() + ": " + ec.message());
  }
  return sdk::Status::ok();
}

sdk::Result<std::vector<fs::path>> write_report_files(const sdk::BuyerGroup& group,
                                                      const fs::path& dir,
                                                      const std::vector<ReportFormat>& formats,
                                                      CrmFlavor csv_flavor) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return sdk::Error{"io", "cannot create " + dir.string() + ": " + ec.message()};
  std::string slug = safe_slug(group.company.name, group.company.id);
  std::vector<fs::path> written;
  for (ReportFormat f : formats) {
    std::string ext, content;
    switch (f) {
      case ReportFormat::json:
        ext = "json";
        content = to_report_json(group).dump(2) + "\n";
        break;
      case ReportFormat::md:
        ext = "md";
        content = render_markdown(group);
        break;
      case ReportFormat::html:
        ext = "html";
        content = render_html(group);
        break;
      case ReportFormat::csv:
        ext = "csv";
        content = render_csv(group, csv_flavor);
        break;
    }
    std::string file_name = slug;
    file_name += '.';
    file_name += ext;
    fs::path path = dir / file_name;
    if (auto s = write_file_atomically(path, content); !s) return s.error();
    written.push_back(path);
  }
  return written;
}

}  // namespace buyergraph::report
