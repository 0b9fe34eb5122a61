// Arbitrary bytes into the ingest decoder (what any client can POST to /api/v1/batches): it must accept
// or throw InvalidBatch, never crash; whatever it accepts must re-encode and decode to the same batch.
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "netkeel/store/batch_wire.hpp"
#include "netkeel/store/invalid_batch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netkeel::store;
  Batch batch;
  try {
    batch = decode_batch_json(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const InvalidBatch&) {
    return 0;
  }
  const Batch again = decode_batch_json(encode_batch_json(batch));
  if (!(again.id == batch.id) || again.series != batch.series || again.events != batch.events ||
      again.samples.size() != batch.samples.size()) {
    std::abort();
  }
  for (std::size_t i = 0; i < batch.samples.size(); ++i) {
    const Sample& a = batch.samples[i];
    const Sample& b = again.samples[i];
    const bool same_value = std::isnan(a.value) ? std::isnan(b.value)
                                                : std::bit_cast<std::uint64_t>(a.value) == std::bit_cast<std::uint64_t>(b.value);
    if (a.series != b.series || a.timestamp_ms != b.timestamp_ms || !same_value) std::abort();
  }
  return 0;
}
