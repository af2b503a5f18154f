#pragma once
// Writing report files: safe names and atomic writes.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "buyergraph/report/csv.hpp"
#include "buyergraph/sdk/records.hpp"
#include "buyergraph/sdk/status.hpp"

namespace buyergraph::report {

/// A file name stem from the company name and id: lower-case ASCII letters and digits joined
/// by '-', at most 80 characters, never empty, never containing '/', '\\' or '.', so it cannot
/// leave the output folder.
///
///   safe_slug("Acme, Inc.", "123") == "acme-inc-123"
///   safe_slug("../../etc", "passwd") == "etc-passwd"
std::string safe_slug(std::string_view company_name, std::string_view company_id);

/// Report file formats.
enum class ReportFormat { json, md, html, csv };

/// "json" | "md" | "html" | "csv" -> format; the file extension is the same word.
///
///   parse_report_format("md")  // ReportFormat::md
std::optional<ReportFormat> parse_report_format(std::string_view name);

/// Writes `content` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file.
///
///   sdk::Status s = write_file_atomically("out/acme.md", text);
sdk::Status write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Writes `<dir>/<slug>.<ext>` for each format (creating `dir`) and returns the paths written.
///
///   auto paths = write_report_files(group, "reports", {ReportFormat::md, ReportFormat::csv});
sdk::Result<std::vector<std::filesystem::path>> write_report_files(
    const sdk::BuyerGroup& group, const std::filesystem::path& dir,
    const std::vector<ReportFormat>& formats, CrmFlavor csv_flavor = CrmFlavor::generic);

}  // namespace buyergraph::report
