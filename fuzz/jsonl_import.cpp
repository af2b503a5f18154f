// The JSON Lines importer's reading and mapping: lines (CR/LF/CRLF, gzip, overlong lines), then
// each record classified and mapped from CoreSignal's format to people and companies, then
// written back, as `import` and the CoreSignal provider do.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "buyergraph/coresignal/mapping.hpp"
#include "buyergraph/sdk/records.hpp"
#include "buyergraph/store/line_reader.hpp"
#include "memory_file.hpp"

namespace cs = buyergraph::coresignal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  MemoryFile file(data, size);
  if (!file.ok()) return 0;
  auto lines = buyergraph::store::LineReader::open(file.path());
  if (!lines) return 0;
  buyergraph::sdk::Provenance prov;
  prov.source = "coresignal";
  std::string line;
  while ((*lines)->next(line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    switch (cs::classify(j)) {
      case cs::RecordKind::employee:
        if (auto p = cs::person_from_coresignal(j, prov)) (void)nlohmann::json(*p).dump();
        break;
      case cs::RecordKind::company:
        if (auto c = cs::company_from_coresignal(j, prov)) (void)nlohmann::json(*c).dump();
        break;
      case cs::RecordKind::unknown:
        break;
    }
  }
  return 0;
}
