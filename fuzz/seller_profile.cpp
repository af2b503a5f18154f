// The seller-profile reader (`--seller FILE`): YAML with aliases, every field typed and checked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "buyergraph/sellers/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = buyergraph::sellers::parse_seller_profile(text, "fuzz.yaml");
  for (const auto& issue : parsed.issues) (void)issue.to_string();
  return 0;
}
