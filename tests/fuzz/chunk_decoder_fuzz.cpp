// Arbitrary bytes into the chunk decoder: it must reject or decode, never crash or read out of bounds,
// and whatever it decodes must have strictly increasing timestamps and re-encode to the same samples.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "netkeel/store/chunk_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netkeel::store;
  std::vector<Point> points;
  try {
    points = decode_chunk(std::span(data, size));
  } catch (const CorruptChunk&) {
    return 0;
  }
  ChunkEncoder encoder;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0 && points[i].timestamp_ms <= points[i - 1].timestamp_ms) std::abort();
    if (!encoder.append(points[i].timestamp_ms, points[i].value)) std::abort();
  }
  const std::vector<Point> again = decode_chunk(encoder.bytes());
  if (again.size() != points.size()) std::abort();
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (again[i].timestamp_ms != points[i].timestamp_ms ||
        std::bit_cast<std::uint64_t>(again[i].value) != std::bit_cast<std::uint64_t>(points[i].value)) {
      std::abort();
    }
  }
  return 0;
}
