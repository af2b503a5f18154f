#include "buyergraph/store/csv.hpp"

namespace buyergraph::store {

bool parse_csv_record(const std::string& text, char delim, std::vector<std::string>& fields,
                      std::string& error, bool& incomplete) {
  fields.clear();
  incomplete = false;
  std::string field;
  std::size_t i = 0;
  const std::size_t n = text.size();
  for (;;) {
    field.clear();
    if (i < n && text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= n) {
          incomplete = true;
          return false;
        }
        char c = text[i++];
        if (c != '"') {
          field += c;
        } else if (i < n && text[i] == '"') {
          field += '"';
          ++i;
        } else {
          break;  // closing quote
        }
      }
      if (i < n && text[i] != delim) {
        error = "unexpected character after a closing quote in field " +
                std::to_string(fields.size() + 1);
        return false;
      }
    } else {
      while (i < n && text[i] != delim) {
        if (text[i] == '"') {
          error = "quote inside an unquoted field " + std::to_string(fields.size() + 1) +
                  " (quote the field and double the quote)";
          return false;
        }
        field += text[i++];
      }
    }
    fields.push_back(field);
    if (i >= n) return true;
    ++i;  // delimiter
  }
}

sdk::Result<std::unique_ptr<CsvReader>> CsvReader::open(const std::string& path) {
  auto lines = LineReader::open(path);
  if (!lines) return lines.error();
  return std::unique_ptr<CsvReader>(new CsvReader(std::move(*lines)));
}

bool CsvReader::next_line(std::string& line, std::uint64_t& number) {
  if (!pending_.empty()) {
    number = pending_.front().first;
    line = std::move(pending_.front().second);
    pending_.pop_front();
    return true;
  }
  if (!lines_->next(line)) return false;
  number = lines_->line_number();
  if (first_) {
    first_ = false;
    if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  }
  return true;
}

bool CsvReader::next(CsvRecord& record) {
  record.fields.clear();
  record.error.clear();
  if (failed_) return false;
  std::string line;
  std::uint64_t number = 0;
  do {
    if (!next_line(line, number)) {
      if (lines_->error().empty()) return false;
      // A read error ends the file: reported once, as a record, so no caller can miss it.
      failed_ = true;
      record.line = lines_->line_number() + 1;
      record.error = lines_->error();
      return true;
    }
  } while (line.find_first_not_of(" \t") == std::string::npos);
  record.line = number;

  if (!delim_) {
    // The header decides: the candidate that splits it most, outside quotes.
    std::size_t best = 0;
    delim_ = ',';
    for (char d : {',', ';', '\t'}) {
      std::size_t count = 0;
      bool quoted = false;
      for (char c : line) {
        if (c == '"')
          quoted = !quoted;
        else if (c == d && !quoted)
          ++count;
      }
      if (count > best) {
        best = count;
        delim_ = d;
      }
    }
  }

  std::vector<std::pair<std::uint64_t, std::string>> extra;  // continuation lines
  std::string text = line;
  for (;;) {
    bool incomplete = false;
    const bool parsed = parse_csv_record(text, delim_, record.fields, record.error, incomplete);
    if (parsed &&
        (extra.empty() || header_fields_ == 0 || record.fields.size() == header_fields_)) {
      if (header_fields_ == 0) header_fields_ = record.fields.size();
      return true;
    }
    if (incomplete) {
      // Take lines until the quote count says the field may have closed (each quote toggles;
      // a doubled quote toggles twice), then parse again: linear in the record, not quadratic.
      bool inside = true;
      std::string more;
      std::uint64_t more_no = 0;
      while (inside && extra.size() < kMaxRecordLines && next_line(more, more_no)) {
        for (char c : more)
          if (c == '"') inside = !inside;
        text += '\n';
        text += more;
        extra.emplace_back(more_no, std::move(more));
      }
      if (!inside) continue;
      record.error = "unterminated quoted field (a quote opened on this line never closes)";
    } else if (parsed) {
      // The quote closed lines later, but the record it made has the wrong shape: most likely a
      // stray quote swallowed the rows in between.
      record.error = "a quoted field opened on this line runs to line " +
                     std::to_string(extra.back().first) + " and leaves " +
                     std::to_string(record.fields.size()) + " field(s) where the header has " +
                     std::to_string(header_fields_) + "; check the quotes on this line";
    } else if (!extra.empty()) {
      record.error += " (in a quoted field that opens on this line and runs to line " +
                      std::to_string(extra.back().first) + ")";
    }
    // Report the record at its first line and re-read the lines after it on their own, so one
    // stray quote never hides the rows that follow.
    record.fields.clear();
    for (auto it = extra.rbegin(); it != extra.rend(); ++it) pending_.push_front(std::move(*it));
    return true;
  }
}

}  // namespace buyergraph::store
