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
  std::string line;
  std::uint64_t number = 0;
  do {
    if (!next_line(line, number)) return false;
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
    if (parse_csv_record(text, delim_, record.fields, record.error, incomplete)) return true;
    if (!incomplete) return true;  // error set
    std::string more;
    std::uint64_t more_no = 0;
    if (extra.size() >= kMaxRecordLines || !next_line(more, more_no)) {
      // Unterminated quote: report the start line and re-read what came after it.
      record.fields.clear();
      record.error = "unterminated quoted field (a quote opened on this line never closes)";
      for (auto it = extra.rbegin(); it != extra.rend(); ++it) pending_.push_front(std::move(*it));
      return true;
    }
    text += '\n';
    text += more;
    extra.emplace_back(more_no, std::move(more));
  }
}

}  // namespace buyergraph::store
