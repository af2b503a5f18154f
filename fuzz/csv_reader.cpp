// The CSV reader under `import` (people and companies CSV) and `batch` (account lists): quotes,
// multi-line fields, delimiters, BOM, CR/LF/CRLF line ends, gzip.
#include <cstddef>
#include <cstdint>

#include "buyergraph/store/csv.hpp"
#include "memory_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  MemoryFile file(data, size);
  if (!file.ok()) return 0;
  auto csv = buyergraph::store::CsvReader::open(file.path());
  if (!csv) return 0;
  buyergraph::store::CsvRecord record;
  std::uint64_t last_line = 0;
  while ((*csv)->next(record)) {
    // Records come in file order: a reader that re-reads lines must never go backwards.
    if (record.line < last_line) __builtin_trap();
    last_line = record.line;
  }
  return 0;
}
