// libFuzzer target: arbitrary bytes through the site loader and validator must never crash, hang or
// leak; they may only produce diagnostics. Seed corpus: tests/fuzz/corpus/site_loader/.
#include <cstddef>
#include <cstdint>
#include <string>

#include "netkeel/site/site_loader.hpp"
#include "netkeel/site/site_validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto loaded = netkeel::site::load_site_from_string(text, "fuzz.yaml");
  if (loaded.site) {
    auto diagnostics = netkeel::site::validate_site(*loaded.site);
    // Formatting is part of what `netkeel validate` does with every diagnostic.
    (void)netkeel::format_diagnostics(diagnostics);
  }
  (void)netkeel::format_diagnostics(loaded.diagnostics);
  return 0;
}
