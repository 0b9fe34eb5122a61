#pragma once
// gzip (RFC 1952) for HTTP bodies: agents compress batches, the server decompresses them with a cap on
// the output so a small hostile body cannot expand into gigabytes (a zip bomb).
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace netkeel::http {

// The input is not a valid gzip stream (bad header, bad checksum, truncated). The server answers 400.
class CorruptGzip : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The input is valid so far but would decompress to more than the allowed bytes. The server answers 413.
class GzipTooLarge : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

std::string gzip_compress(std::string_view data);

// Decompresses one gzip stream (or several concatenated members, as RFC 1952 allows). Throws CorruptGzip
// or GzipTooLarge, saying which and where; never returns more than max_output bytes.
std::string gzip_decompress(std::string_view data, std::size_t max_output);

}  // namespace netkeel::http
