// Provider answers are untrusted: any JSON a provider sends goes through its mapper (CoreSignal
// employee and company records, PDL person and company records, Apollo search rows, people and
// organizations) and the records back to JSON.
#include <cstddef>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "apollo_mapping.hpp"
#include "buyergraph/coresignal/mapping.hpp"
#include "buyergraph/sdk/records.hpp"
#include "pdl_mapping.hpp"

namespace cs = buyergraph::coresignal;
namespace pv = buyergraph::providers;
namespace ap = buyergraph::providers::apollo;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  buyergraph::sdk::Provenance prov;
  prov.source = "fuzz";
  if (auto p = cs::person_from_coresignal(j, prov)) (void)nlohmann::json(*p).dump();
  if (auto c = cs::company_from_coresignal(j, prov)) (void)nlohmann::json(*c).dump();
  if (auto p = pv::person_from_pdl(j)) (void)nlohmann::json(*p).dump();
  if (auto c = pv::company_from_pdl(j)) (void)nlohmann::json(*c).dump();
  if (auto p = ap::person_from_apollo(j)) (void)nlohmann::json(*p).dump();
  if (auto c = ap::company_from_apollo(j)) (void)nlohmann::json(*c).dump();
  // A search answer wraps records in a list ("data" for PDL, "people" for Apollo).
  if (j.is_object() && j.contains("data") && j["data"].is_array())
    for (const auto& r : j["data"]) (void)pv::person_from_pdl(r);
  if (j.is_object() && j.contains("people") && j["people"].is_array()) {
    buyergraph::sdk::Company company;
    company.id = "fuzz";
    company.name = "Fuzz";
    for (const auto& r : j["people"])
      if (auto p = ap::preview_from_apollo(r, company)) (void)nlohmann::json(*p).dump();
  }
  return 0;
}
