#include "netkeel/http/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "netkeel/core/error.hpp"

namespace netkeel::http {
namespace {

constexpr int gzip_window_bits = 15 + 16;  // 32 KiB window, gzip header and trailer instead of zlib's
constexpr std::size_t chunk_size = 64 * 1024;

// zlib takes uInt lengths; feed large inputs in slices that fit.
uInt slice_length(std::size_t remaining) {
  return static_cast<uInt>(std::min<std::size_t>(remaining, 1U << 30));
}

Bytef* input_pointer(std::string_view data, std::size_t offset) {
  // zlib's API is not const-correct; it never writes through next_in.
  return reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
}

class Deflater {
 public:
  Deflater() {
    if (deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw RuntimeError("gzip: cannot initialise zlib's deflate (out of memory?)");
    }
  }
  ~Deflater() { deflateEnd(&stream_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
};

class Inflater {
 public:
  Inflater() {
    if (inflateInit2(&stream_, gzip_window_bits) != Z_OK) {
      throw RuntimeError("gzip: cannot initialise zlib's inflate (out of memory?)");
    }
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
};

}  // namespace

std::string gzip_compress(std::string_view data) {
  Deflater deflater;
  z_stream& stream = deflater.stream();
  std::string output;
  output.reserve(data.size() / 4 + 64);
  std::array<Bytef, chunk_size> buffer{};
  std::size_t consumed = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    if (stream.avail_in == 0 && consumed < data.size()) {
      stream.next_in = input_pointer(data, consumed);
      stream.avail_in = slice_length(data.size() - consumed);
      consumed += stream.avail_in;
    }
    const int flush = consumed == data.size() ? Z_FINISH : Z_NO_FLUSH;
    stream.next_out = buffer.data();
    stream.avail_out = static_cast<uInt>(buffer.size());
    status = deflate(&stream, flush);
    if (status == Z_STREAM_ERROR) throw RuntimeError("gzip: zlib's deflate failed (stream error)");
    output.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - stream.avail_out);
  }
  return output;
}

std::string gzip_decompress(std::string_view data, std::size_t max_output) {
  if (data.empty()) throw CorruptGzip("gzip: empty body where a gzip stream was expected");
  Inflater inflater;
  z_stream& stream = inflater.stream();
  std::string output;
  std::array<Bytef, chunk_size> buffer{};
  std::size_t consumed = 0;
  for (;;) {
    if (stream.avail_in == 0 && consumed < data.size()) {
      stream.next_in = input_pointer(data, consumed);
      stream.avail_in = slice_length(data.size() - consumed);
      consumed += stream.avail_in;
    }
    stream.next_out = buffer.data();
    stream.avail_out = static_cast<uInt>(buffer.size());
    const int status = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = buffer.size() - stream.avail_out;
    if (output.size() + produced > max_output) {
      throw GzipTooLarge(fmt::format("gzip: the body decompresses to more than the limit of {} bytes "
                                     "(send smaller batches or raise the limit)", max_output));
    }
    output.append(reinterpret_cast<const char*>(buffer.data()), produced);
    const std::size_t offset = consumed - stream.avail_in;  // input bytes read so far
    if (status == Z_STREAM_END) {
      if (offset == data.size()) return output;
      inflateReset(&stream);  // another gzip member follows
      continue;
    }
    if (status == Z_DATA_ERROR || status == Z_NEED_DICT) {
      throw CorruptGzip(fmt::format("gzip: corrupt data at byte {} of {}: {}", offset, data.size(),
                                    stream.msg != nullptr ? stream.msg : "invalid deflate stream"));
    }
    if (status == Z_MEM_ERROR) throw RuntimeError("gzip: zlib's inflate ran out of memory");
    if (status == Z_BUF_ERROR || (status == Z_OK && produced == 0 && stream.avail_in == 0)) {
      if (offset == data.size()) {
        throw CorruptGzip(fmt::format("gzip: truncated stream: all {} bytes read and the gzip trailer "
                                      "is missing (was the body cut off?)", data.size()));
      }
    }
  }
}

}  // namespace netkeel::http
