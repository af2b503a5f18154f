#include "batch_accounts.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "buyergraph/store/csv.hpp"

namespace buyergraph::cli {
namespace {

enum class Column { key, name, domain, provider_id, seller, deal_size, ignored };

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// "Company Name" and "company-name" both read as company_name.
std::string header_word(const std::string& raw) {
  std::string w;
  for (unsigned char c : trim(raw)) w += (c == ' ' || c == '-') ? '_' : char(std::tolower(c));
  return w;
}

Column column_of(const std::string& header) {
  static const std::map<std::string, Column> kNames = {{"key", Column::key},
                                                       {"account_key", Column::key},
                                                       {"name", Column::name},
                                                       {"company", Column::name},
                                                       {"company_name", Column::name},
                                                       {"account", Column::name},
                                                       {"domain", Column::domain},
                                                       {"website", Column::domain},
                                                       {"provider_id", Column::provider_id},
                                                       {"company_id", Column::provider_id},
                                                       {"seller", Column::seller},
                                                       {"seller_profile", Column::seller},
                                                       {"deal_size", Column::deal_size}};
  auto it = kNames.find(header_word(header));
  return it == kNames.end() ? Column::ignored : it->second;
}

std::optional<double> parse_amount(const std::string& text) {
  std::string digits;
  for (char c : text)
    if (c != ',' && c != '_' && c != ' ') digits += c;  // "250,000" is a deal size too
  double v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size() || !(v > 0)) return std::nullopt;
  return v;
}

}  // namespace

AccountsFile read_accounts_file(const std::string& path) {
  AccountsFile out;
  auto csv = store::CsvReader::open(path);
  if (!csv) {
    out.fatal = csv.error().message;
    return out;
  }
  store::CsvRecord header;
  if (!(*csv)->next(header)) {
    out.fatal = "the file is empty: expected a header line naming the columns (name, domain, ...)";
    return out;
  }
  if (!header.error.empty()) {
    out.fatal = fmt::format("line {}: the header cannot be read: {}", header.line, header.error);
    return out;
  }
  std::vector<Column> columns;
  bool has_company = false;
  for (const auto& h : header.fields) {
    columns.push_back(column_of(h));
    Column c = columns.back();
    has_company |= c == Column::name || c == Column::domain || c == Column::provider_id;
  }
  if (!has_company) {
    std::string found;
    for (const auto& h : header.fields) found += (found.empty() ? "" : ", ") + trim(h);
    out.fatal = fmt::format(
        "line {}: no company column: the header needs name (or company), domain or "
        "provider_id; found: {}",
        header.line, found.empty() ? "nothing" : found);
    return out;
  }

  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  std::map<std::string, std::uint64_t> first_line_of_key;
  store::CsvRecord rec;
  while ((*csv)->next(rec)) {
    auto fail = [&](std::string message) { out.errors.push_back({rec.line, std::move(message)}); };
    if (!rec.error.empty()) {
      fail(rec.error);
      continue;
    }
    if (rec.fields.size() != columns.size()) {
      fail(fmt::format("{} field(s), but the header has {} column(s)", rec.fields.size(),
                       columns.size()));
      continue;
    }
    BatchRow row;
    row.line = rec.line;
    std::string deal;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      std::string v = trim(rec.fields[i]);
      switch (columns[i]) {
        case Column::key:
          row.key = v;
          break;
        case Column::name:
          row.name = v;
          break;
        case Column::domain:
          row.domain = v;
          break;
        case Column::provider_id:
          row.provider_id = v;
          break;
        case Column::seller:
          row.seller_file = v;
          break;
        case Column::deal_size:
          deal = v;
          break;
        case Column::ignored:
          break;
      }
    }
    if (row.name.empty() && row.domain.empty() && row.provider_id.empty()) {
      fail("empty company name: give a name, a domain or a provider_id");
      continue;
    }
    if (!deal.empty()) {
      row.deal_size = parse_amount(deal);
      if (!row.deal_size) {
        fail(fmt::format("deal_size \"{}\" is not a positive number", deal));
        continue;
      }
    }
    if (!row.seller_file.empty() && std::filesystem::path(row.seller_file).is_relative())
      row.seller_file = (base / row.seller_file).lexically_normal().string();
    if (row.key.empty())
      row.key = !row.name.empty() ? row.name : !row.domain.empty() ? row.domain : row.provider_id;
    auto [it, fresh] = first_line_of_key.emplace(row.key, row.line);
    if (!fresh) {
      fail(fmt::format("account \"{}\" repeats line {} (add a key column to tell them apart)",
                       row.key, it->second));
      continue;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace buyergraph::cli
